package io.github.sminference.aws;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;

/** Run in a second JVM by {@link AwsAsyncResumeTest}: resumes from tokens alone and prints each result. */
public final class AsyncResumeMain {
    private AsyncResumeMain() {
    }

    /**
     * Entry point.
     *
     * @param args runtime endpoint, S3 endpoint, then tokens
     */
    public static void main(String[] args) {
        try (S3Client s3 = AsyncTestSupport.s3(URI.create(args[1]), null);
                InferenceClient c = AsyncTestSupport.builder(URI.create(args[0]), s3, AsyncTestSupport
                        .fastPolling(null).build()).build()) {
            for (int i = 2; i < args.length; i++) {
                InferenceJob job = c.resume(args[i]);
                try {
                    System.out.println("RESULT " + job.id() + " " + job.await(Duration.ofSeconds(20)).text());
                } catch (RuntimeException e) {
                    System.out.println("FAILED " + job.id() + " " + e.getClass().getSimpleName());
                }
            }
        }
    }
}
