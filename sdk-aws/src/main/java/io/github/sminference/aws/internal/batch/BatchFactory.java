package io.github.sminference.aws.internal.batch;

import io.github.sminference.InferenceClient;
import io.github.sminference.ScoringJob;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.aws.internal.AwsClientFactory;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.spi.ClientSettings;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Builds the batch transform client. Kept apart so that the SageMaker control-plane and S3 classes load only for
 * that mode (they are optional dependencies).
 */
public final class BatchFactory {
    private BatchFactory() {
    }

    /**
     * Builds the client, creating the SageMaker and S3 clients the caller did not give.
     *
     * @param s the settings (mode BATCH)
     * @param options the transform job options
     * @param factory creates AWS clients
     * @param sageMaker the caller's SageMaker client, or {@code null}
     * @param s3 the caller's S3 client, or {@code null}
     * @param region the Region's name as the caller set it, or {@code null}
     * @return the client
     * @throws InvalidRequestException if no Region can be found
     */
    public static InferenceClient build(ClientSettings s, TransformJobOptions options, AwsClientFactory factory,
            Object sageMaker, Object s3, String region) {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            SageMakerClient sm = (SageMakerClient) sageMaker;
            if (sm == null) {
                sm = factory.sageMaker();
                owned.add(sm);
            } else {
                AwsClientFactory.warnIfRetrying(sm, "SageMakerClient");
            }
            S3Client s3Client = (S3Client) s3;
            if (s3Client == null) {
                s3Client = factory.s3();
                owned.add(s3Client);
            }
            String regionName = region != null ? region : regionOf(sm);
            return new TransformClient(s, options, sm, s3Client, regionName, owned);
        } catch (SdkClientException e) {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
            throw new InvalidRequestException("region", null, "no AWS Region was set and none was found in the"
                    + " default chain; call region(Region.of(\"us-east-1\")) or set AWS_REGION (" + e.getMessage()
                    + ")", e);
        }
    }

    private static String regionOf(SageMakerClient sm) {
        try {
            Region r = sm.serviceClientConfiguration().region();
            return r == null ? null : r.id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Attaches to a transform job by name.
     *
     * @param client a BATCH client built by {@code AwsInferenceClient}
     * @param jobName the job
     * @return the handle
     * @throws InvalidRequestException if the client is not an AWS BATCH client, or the job cannot be attached
     */
    public static ScoringJob attach(InferenceClient client, String jobName) {
        if (!(client instanceof TransformClient)) {
            throw new InvalidRequestException("client", client.toString(), "attachTransformJob needs a BATCH client"
                    + " built by AwsInferenceClient.builder()");
        }
        return ((TransformClient) client).attach(jobName);
    }
}
