package io.github.sminference.examples;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.ResponseStream;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Scores a large file on an asynchronous SageMaker endpoint: the file is staged in S3, the request queued, and the
 * result streamed back from S3 when it is ready. The token printed survives a restart: {@code resume(token)} picks
 * the wait up again.
 *
 * <p>Usage: {@code AsyncEndpointExample <endpoint> <s3://bucket/staging-prefix> <file> [sqs-queue-url]}, with the
 * standard AWS configuration.
 */
public final class AsyncEndpointExample {
    private AsyncEndpointExample() {
    }

    /**
     * The asynchronous-endpoint client.
     *
     * @param endpoint the endpoint name
     * @param staging {@code s3://bucket/prefix} for payloads
     * @param queueUrl the SQS queue subscribed to the endpoint's SNS topics, or {@code null} to poll S3
     * @param aws applies the caller's AWS settings (Region, endpoint, clients); identity for the defaults
     * @return the client
     */
    static InferenceClient client(String endpoint, String staging, String queueUrl,
            java.util.function.UnaryOperator<AwsInferenceClient.Builder> aws) {
        AsyncEndpointOptions.Builder options = AsyncEndpointOptions.builder().stagingLocation(staging)
                .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(30));
        if (queueUrl != null) {
            options.snsCompletion(queueUrl);
        }
        // --8<-- [start:async-aws]
        AwsInferenceClient.Builder builder = AwsInferenceClient.builder()
                .endpointName(endpoint)
                .mode(InvocationMode.ASYNC_ENDPOINT)
                .asyncEndpoint(options                 // stagingLocation("s3://bucket/prefix"), snsCompletion(queue)
                        .deleteStagedInputs(true)      // remove the staged payload once the request is done
                        .build());
        // --8<-- [end:async-aws]
        return aws.apply(builder).build();
    }

    /**
     * Submits the file and streams the result, counting its lines.
     *
     * @param client the client
     * @param file the payload (up to 1 GB)
     * @return the number of result lines
     */
    static long run(InferenceClient client, Path file) {
        InferenceJob job = client.submit(InferenceRequest.builder().payload(Payload.ofFile(file))
                .contentType("text/csv").modelTimeout(Duration.ofMinutes(10)).build());
        System.out.println("queued " + job.id() + "; resume token: " + job.token());
        try (ResponseStream result = job.awaitStream(Duration.ofMinutes(30));
                BufferedReader r = new BufferedReader(new InputStreamReader(result.inputStream(),
                        StandardCharsets.UTF_8))) {
            long lines = r.lines().count();
            System.out.println(lines + " result lines from " + result.metadata().outputLocation().orElse("?"));
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Entry point.
     *
     * @param args endpoint, staging location, file, optional queue URL
     */
    public static void main(String[] args) {
        try (InferenceClient client = client(args[0], args[1], args.length > 3 ? args[3] : null, b -> b)) {
            run(client, Path.of(args[2]));
        }
    }
}
