package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AwsInferenceClient;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The clients under comparison, configured alike: the same HTTP client type on each path (Apache for blocking calls,
 * Netty for non-blocking ones) with the settings {@code AwsInferenceClient}'s builder gives the clients it creates
 * (socket/read timeout 75 s, connect 2 s, acquisition timeout 75 s, a pool of {@code pool} connections), static
 * credentials, us-east-1, the stub as the endpoint. The raw clients keep the SDK's default retry strategy (what a user
 * of the raw SDK gets); ours turns the SDK's retries off and runs its own policy, with its circuit breaker on (the
 * defaults).
 */
final class Clients {
    static final String ENDPOINT = "bench";
    static final Region REGION = Region.US_EAST_1;
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("bench-access-key", "bench-secret-key"));
    /** What the builder uses for a REAL_TIME client: the attempt timeout (60 s model time + 10 s) + 5 s. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(75);

    private Clients() {
    }

    static SageMakerRuntimeClient rawSync(URI stub, int pool) {
        return SageMakerRuntimeClient.builder()
                .region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(stub)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .socketTimeout(READ_TIMEOUT)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .connectionAcquisitionTimeout(READ_TIMEOUT)
                        .maxConnections(pool))
                .build();
    }

    static SageMakerRuntimeAsyncClient rawAsync(URI stub, int pool) {
        return SageMakerRuntimeAsyncClient.builder()
                .region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(stub)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .readTimeout(READ_TIMEOUT)
                        .writeTimeout(READ_TIMEOUT)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .connectionAcquisitionTimeout(READ_TIMEOUT)
                        .maxConcurrency(pool)
                        .maxPendingConnectionAcquires(Math.max(10_000, pool * 4)))
                .build();
    }

    /** Ours as users build it: the builder creates (and owns) both AWS clients; {@code maxConcurrency} sizes pools. */
    static InferenceClient ours(URI stub, int maxConcurrency) {
        return AwsInferenceClient.builder()
                .endpointName(ENDPOINT)
                .mode(InvocationMode.REAL_TIME)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(stub)
                .maxConcurrency(maxConcurrency)
                .build();
    }

    /** Ours as {@link #ours} builds it, but sending no inference id unless the request has one. */
    static InferenceClient oursWithoutIds(URI stub, int maxConcurrency) {
        return AwsInferenceClient.builder()
                .endpointName(ENDPOINT)
                .mode(InvocationMode.REAL_TIME)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(stub)
                .maxConcurrency(maxConcurrency)
                .generateInferenceIds(false)
                .build();
    }

    /**
     * Ours given AWS clients built with the SDK's defaults for what the builder now changes (the builder's HTTP
     * settings, the SDK's retries off): the SDK's own timer scheduler, which keeps a cancelled timeout task queued
     * until its delay runs out, and the SDK's own completion executor, a thread hop before ours. This is what the
     * builder made before those fixes, and what a caller who passes their own runtime clients gets. Closing it closes
     * the given clients too.
     */
    static final class OursSdkDefaults implements AutoCloseable {
        final SageMakerRuntimeClient sync;
        final SageMakerRuntimeAsyncClient async;
        final InferenceClient client;

        OursSdkDefaults(URI stub, int pool) {
            sync = SageMakerRuntimeClient.builder()
                    .region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(stub)
                    .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(READ_TIMEOUT)
                            .connectionTimeout(Duration.ofSeconds(2)).connectionAcquisitionTimeout(READ_TIMEOUT)
                            .maxConnections(pool))
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
            async = SageMakerRuntimeAsyncClient.builder()
                    .region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(stub)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().readTimeout(READ_TIMEOUT)
                            .writeTimeout(READ_TIMEOUT).connectionTimeout(Duration.ofSeconds(2))
                            .connectionAcquisitionTimeout(READ_TIMEOUT).maxConcurrency(pool)
                            .maxPendingConnectionAcquires(Math.max(10_000, pool * 4)))
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
            client = AwsInferenceClient.builder()
                    .endpointName(ENDPOINT).mode(InvocationMode.REAL_TIME).region(REGION)
                    .credentialsProvider(CREDENTIALS).endpointOverride(stub).maxConcurrency(pool)
                    .runtimeClient(sync).runtimeAsyncClient(async)
                    .build();
        }

        @Override
        public void close() {
            client.close();
            sync.close();
            async.close();
        }
    }

    /** How the raw client retries, for the report. */
    static String retryDescription(SageMakerRuntimeClient raw) {
        RetryStrategy s = raw.serviceClientConfiguration().overrideConfiguration().retryStrategy().orElse(null);
        RetryMode mode = raw.serviceClientConfiguration().overrideConfiguration().retryMode().orElse(null);
        return (s == null ? "SDK default" : s.getClass().getSimpleName() + ", " + s.maxAttempts() + " attempts")
                + (mode == null ? "" : ", retry mode " + mode);
    }
}
