package io.github.sminference.aws.batch;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.exception.NotSupportedException;
import software.amazon.awssdk.regions.Region;

/**
 * Run by {@code BatchDependencyTest} in a JVM whose classpath lacks {@code software.amazon.awssdk:sagemaker}: a
 * REAL_TIME client still builds, a BATCH client fails naming the artifact.
 */
public final class MissingSageMakerMain {
    private MissingSageMakerMain() {
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
        }
        try {
            AwsInferenceClient.builder().endpointName("model").mode(InvocationMode.BATCH).region(Region.US_EAST_1)
                    .transformJob(TransformJobOptions.builder().instanceType("ml.m5.xlarge").build()).build();
            System.out.println("BATCH built (unexpected)");
        } catch (NotSupportedException e) {
            System.out.println("NOT_SUPPORTED mode=" + e.mode() + " message=" + e.getMessage());
        }
    }
}
