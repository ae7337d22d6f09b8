package io.github.sminference.aws;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.testsupport.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Clients for the asynchronous-endpoint tests, all over loopback with static credentials. */
final class AsyncTestSupport {
    private AsyncTestSupport() {
    }

    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing"));

    /** Records every HTTP request an SDK client sends (method, path, headers). */
    static final class Recorder implements ExecutionInterceptor {
        final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.add(context.httpRequest());
        }

        long count(String method) {
            return requests.stream().filter(r -> r.method().name().equals(method)).count();
        }
    }

    static S3Client s3(URI endpoint, Recorder recorder) {
        return S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(endpoint)
                .forcePathStyle(true).overrideConfiguration(o -> {
                    if (recorder != null) {
                        o.addExecutionInterceptor(recorder);
                    }
                }).build();
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(endpoint)
                .build();
    }

    static AwsInferenceClient.Builder builder(URI runtimeEndpoint, S3Client s3, AsyncEndpointOptions options) {
        return AwsInferenceClient.builder().endpointName("async-endpoint").mode(InvocationMode.ASYNC_ENDPOINT)
                .region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(runtimeEndpoint).s3Client(s3)
                .asyncEndpoint(options).circuitBreaker(CircuitBreakerPolicy.disabled())
                .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20))
                        .build());
    }

    static InferenceClient moto(MotoServer moto, S3Client s3, AsyncEndpointOptions options) {
        return builder(moto.endpoint(), s3, options).build();
    }

    static AsyncEndpointOptions.Builder fastPolling(String staging) {
        return AsyncEndpointOptions.builder().stagingLocation(staging)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(400));
    }
}
