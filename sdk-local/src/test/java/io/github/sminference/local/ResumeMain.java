package io.github.sminference.local;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a second JVM by {@link LocalAsyncTest}: resumes asynchronous requests from their tokens alone, against an
 * in-process model that upper-cases its input, and prints each result.
 */
public final class ResumeMain {
    private ResumeMain() {
    }

    /**
     * Entry point.
     *
     * @param args work folder, endpoint name, then tokens
     */
    public static void main(String[] args) {
        try (InferenceClient client = LocalInferenceClient.builder().endpointName(args[1])
                .mode(InvocationMode.ASYNC_ENDPOINT).workDir(Path.of(args[0]))
                .handler(in -> ModelOutput.of(in.text().toUpperCase(java.util.Locale.ROOT), "text/plain")).build()) {
            for (int i = 2; i < args.length; i++) {
                InferenceJob job = client.resume(args[i]);
                InferenceResult r = job.await(Duration.ofSeconds(30));
                System.out.println("RESULT " + job.id() + " " + r.text());
            }
        }
    }
}
