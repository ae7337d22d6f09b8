package io.github.sminference.aws.internal.asyncendpoint;

import io.github.sminference.InferenceClient;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.internal.AwsClientFactory;
import io.github.sminference.spi.ClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the asynchronous-endpoint client. Kept apart so that S3 and SQS classes load only for that mode (they are
 * optional dependencies).
 */
public final class AsyncEndpointFactory {
    private AsyncEndpointFactory() {
    }

    /**
     * Builds the client, creating the S3 (and, for SNS completion, SQS) clients the caller did not give.
     *
     * @param s the settings
     * @param options staging and completion
     * @param runtime the runtime client
     * @param factory creates AWS clients
     * @param s3 the caller's S3 client, or {@code null}
     * @param sqs the caller's SQS client, or {@code null}
     * @param region the Region name, or {@code null}
     * @param owned what the client closes (extended here with what is created)
     * @return the client
     */
    public static InferenceClient build(ClientSettings s, AsyncEndpointOptions options,
            Supplier<SageMakerRuntimeClient> runtime, AwsClientFactory factory, Object s3, Object sqs, String region,
            List<AutoCloseable> owned) {
        List<AutoCloseable> all = new ArrayList<>(owned);
        S3Client s3Client = (S3Client) s3;
        if (s3Client == null) {
            s3Client = factory.s3();
            all.add(s3Client);
        }
        SqsClient sqsClient = null;
        if (options.completion() == AsyncEndpointOptions.Completion.SNS) {
            sqsClient = (SqsClient) sqs;
            if (sqsClient == null) {
                sqsClient = factory.sqs();
                all.add(sqsClient);
            }
        }
        return new AsyncEndpointClient(s, options, runtime, s3Client, sqsClient, region, all);
    }
}
