package io.github.sminference.examples;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.exception.InferenceException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scores loan applications on a real-time SageMaker endpoint: one blocking call, then a burst of non-blocking ones.
 *
 * <p>Run it against your endpoint with the standard AWS configuration (profile or environment credentials,
 * {@code AWS_REGION}; {@code AWS_ENDPOINT_URL} to point at an emulator):
 * {@code java ... RealTimeExample <endpoint-name>}.
 */
public final class RealTimeExample {
    private RealTimeExample() {
    }

    /**
     * Entry point.
     *
     * @param args the endpoint name (default: {@code $SAGEMAKER_ENDPOINT}, else {@code credit-scorer})
     */
    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0]
                : System.getenv().getOrDefault("SAGEMAKER_ENDPOINT", "credit-scorer");
        // --8<-- [start:realtime]
        try (InferenceClient client = AwsInferenceClient.builder()
                .endpointName(endpoint)
                .mode(InvocationMode.REAL_TIME)   // SERVERLESS works the same way
                .build()) {
            InferenceResult result = client.predict(InferenceRequest.of("52.0,0.31,7,4,1,38", "text/csv"));
            System.out.println("score " + result.text() + " from " + result.metadata().invokedVariant().orElse("?")
                    + " in " + result.metadata().latency().toMillis() + " ms");
            // --8<-- [end:realtime]
            run(client, System.out);
        } catch (InferenceException e) {
            System.err.println("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Scores a few applications: one blocking call and a burst of non-blocking ones, printing each result.
     *
     * @param client the client
     * @param out where to print
     * @return the scores, in application order
     */
    public static List<String> run(InferenceClient client, PrintStream out) {
        List<String> applications = List.of("52.0,0.31,7,4,1,38", "18.5,0.72,1,9,0,24", "96.0,0.12,15,3,1,51");
        List<String> scores = new ArrayList<>();

        // Blocking: runs on this thread.
        InferenceResult first = client.predict(InferenceRequest.of(applications.get(0), "text/csv"));
        out.printf("predict      -> %s (inference id %s, %d attempt(s), %d ms)%n", first.text().trim(),
                first.metadata().inferenceId().orElse("-"), first.metadata().attempts(),
                first.metadata().latency().toMillis());
        scores.add(first.text().trim());

        // Non-blocking: all in flight at once, bounded by the client's maxConcurrency.
        List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
        for (String application : applications.subList(1, applications.size())) {
            futures.add(client.predictAsync(InferenceRequest.of(application, "text/csv")));
        }
        for (CompletableFuture<InferenceResult> f : futures) {
            InferenceResult r = f.join();
            out.printf("predictAsync -> %s (variant %s)%n", r.text().trim(), r.metadata().invokedVariant().orElse("-"));
            scores.add(r.text().trim());
        }
        return scores;
    }
}
