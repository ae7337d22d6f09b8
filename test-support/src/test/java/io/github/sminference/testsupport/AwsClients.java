package io.github.sminference.testsupport;

import java.net.URI;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** Real AWS SDK for Java v2 clients pointed at a loopback emulator: static credentials, us-east-1, no retries. */
final class AwsClients {

    private AwsClients() {
    }

    static StaticCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    static SageMakerRuntimeClient runtime(URI endpoint) {
        return runtime(endpoint, DefaultRetryStrategy.doNotRetry(), null);
    }

    static SageMakerRuntimeClient runtime(URI endpoint, RetryStrategy retryStrategy, Duration attemptTimeout) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials("testing", "testing"))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> {
                    o.retryStrategy(retryStrategy);
                    if (attemptTimeout != null) {
                        o.apiCallAttemptTimeout(attemptTimeout);
                    }
                })
                .build();
    }

    /**
     * An async client on its own Netty event loop group, which {@link AsyncRuntime#close()} shuts down without the
     * SDK's two-second graceful quiet period.
     */
    static AsyncRuntime runtimeAsync(URI endpoint) {
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        SageMakerRuntimeAsyncClient client = SageMakerRuntimeAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials("testing", "testing"))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(SdkEventLoopGroup.create(group, NioSocketChannel::new)))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        return new AsyncRuntime(client, group);
    }

    /** An async client and the event loop group it runs on. */
    record AsyncRuntime(SageMakerRuntimeAsyncClient client, NioEventLoopGroup group) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static S3Client s3(URI endpoint, String accessKeyId, String secretAccessKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(accessKeyId, secretAccessKey))
                .forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }
}
