package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.testsupport.S3ProxyServer;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * One 1 GB upload in a JVM of its own (run with {@code -Xmx128m}): a generated stream of {@code size} bytes, never in
 * memory, to s3proxy. Prints {@code RESULT bytes=.. nanos=.. peakHeap=.. maxHeap=..}.
 *
 * <ul>
 *   <li>{@code ours}: {@code InferenceClient.submit} on an {@code ASYNC_ENDPOINT} client, which stages the payload
 *       (S3Staging: multipart, 8 MiB parts, 4 in flight, on the builder-made Apache S3 client) and then calls
 *       InvokeEndpointAsync on the runtime stub; the time is {@code submit}'s, so it includes that one call.</li>
 *   <li>{@code raw}: {@code S3TransferManager.upload} on the Java-based multipart {@code S3AsyncClient}
 *       ({@code multipartEnabled(true)}, its defaults: 8 MiB parts) with
 *       {@code AsyncRequestBody.fromInputStream(stream, size, executor)}.</li>
 * </ul>
 */
public final class StageMain {
    private StageMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code ours|raw <s3 endpoint> <runtime stub> <bucket> <key> <size>}
     * @throws Exception on failure (the runner reports it)
     */
    public static void main(String[] args) throws Exception {
        String side = args[0];
        URI s3 = URI.create(args[1]);
        URI stub = URI.create(args[2]);
        String bucket = args[3];
        String key = args[4];
        long size = Long.parseLong(args[5]);
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY));
        long nanos;
        long peak;
        long gcCount;
        long gcMillis;
        if (side.equals("ours")) {
            // InvokeEndpointAsync goes to the stub; S3 (staging) to s3proxy through the client the builder creates.
            try (SageMakerRuntimeClient runtime = SageMakerRuntimeClient.builder().region(Clients.REGION)
                    .credentialsProvider(creds).endpointOverride(stub)
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
                    InferenceClient client = AwsInferenceClient.builder().endpointName(Clients.ENDPOINT)
                            .mode(InvocationMode.ASYNC_ENDPOINT).region(Clients.REGION).credentialsProvider(creds)
                            .endpointOverride(s3).forcePathStyle(true).runtimeClient(runtime)
                            .asyncEndpoint(AsyncEndpointOptions.builder()
                                    .stagingLocation("s3://" + bucket + "/" + parent(key)).build())
                            .build();
                    HeapSampler heap = new HeapSampler()) {
                long t0 = System.nanoTime();
                InferenceJob job = client.submit(InferenceRequest.builder()
                        .payload(Payload.ofStream(new GeneratedStream(size), size))
                        .contentType("application/octet-stream").inferenceId(leaf(key)).build());
                nanos = System.nanoTime() - t0;
                peak = heap.peakBytes();
                gcCount = heap.collections();
                gcMillis = heap.collectionMillis();
                job.cancel(); // the stub never writes an output: stop the local wait
            }
        } else if (side.equals("raw")) {
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try (S3AsyncClient client = S3AsyncClient.builder().multipartEnabled(true).region(Clients.REGION)
                    .credentialsProvider(creds).endpointOverride(s3).forcePathStyle(true)
                    .overrideConfiguration(o -> o.addExecutionInterceptor(new DropObjectSizeHeader())).build();
                    S3TransferManager tm = S3TransferManager.builder().s3Client(client).build();
                    HeapSampler heap = new HeapSampler()) {
                long t0 = System.nanoTime();
                tm.upload(u -> u.putObjectRequest(p -> p.bucket(bucket).key(key)
                        .contentType("application/octet-stream"))
                        .requestBody(AsyncRequestBody.fromInputStream(new GeneratedStream(size), size, reader)))
                        .completionFuture().join();
                nanos = System.nanoTime() - t0;
                peak = heap.peakBytes();
                gcCount = heap.collections();
                gcMillis = heap.collectionMillis();
            } finally {
                reader.shutdownNow();
            }
        } else {
            throw new IllegalArgumentException("ours or raw, not " + side);
        }
        System.out.println("RESULT bytes=" + size + " nanos=" + nanos + " peakHeap=" + peak + " gcCount="
                + gcCount + " gcMillis=" + gcMillis + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    /**
     * s3proxy 4.1.0 answers 501 to a CompleteMultipartUpload carrying {@code x-amz-mp-object-size} (an optional
     * consistency check the Java multipart client sends since 2.3x); the header goes, nothing else changes.
     */
    static final class DropObjectSizeHeader implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest r = context.httpRequest();
            return r.firstMatchingHeader("x-amz-mp-object-size").isPresent()
                    ? r.toBuilder().removeHeader("x-amz-mp-object-size").build() : r;
        }
    }

    private static String parent(String key) {
        int i = key.lastIndexOf('/');
        return i < 0 ? "" : key.substring(0, i);
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
