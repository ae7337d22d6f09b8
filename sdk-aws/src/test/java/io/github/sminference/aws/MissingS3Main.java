package io.github.sminference.aws;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.NotSupportedException;
import software.amazon.awssdk.regions.Region;

/**
 * Run by {@code S3DependencyTest} in a JVM whose classpath lacks {@code software.amazon.awssdk:s3}: a REAL_TIME
 * client builds and closes; scoring an S3 dataset fails naming the artifact; ASYNC_ENDPOINT fails to build naming it.
 */
public final class MissingS3Main {
    private MissingS3Main() {
    }

    /**
     * Entry point.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (InferenceClient rt = AwsInferenceClient.builder().endpointName("rt").mode(InvocationMode.REAL_TIME)
                .region(Region.US_EAST_1).build()) {
            System.out.println("REAL_TIME built: " + rt.mode());
            try {
                rt.score(Dataset.ofS3Prefix("s3://bucket/in/"));
                System.out.println("S3 dataset scored (unexpected)");
            } catch (NotSupportedException e) {
                System.out.println("SCORE_NOT_SUPPORTED mode=" + e.mode() + " message=" + e.getMessage());
            }
        }
        try {
            AwsInferenceClient.builder().endpointName("async").mode(InvocationMode.ASYNC_ENDPOINT)
                    .region(Region.US_EAST_1).build();
            System.out.println("ASYNC_ENDPOINT built (unexpected)");
        } catch (NotSupportedException e) {
            System.out.println("BUILD_NOT_SUPPORTED mode=" + e.mode() + " message=" + e.getMessage());
        }
    }
}
