package io.github.sminference.reliability.badinput;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.local.ModelOutput;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.testsupport.InvocationReply;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.ResponseStreamReply;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.TransformJobSummary;

/**
 * Everything the bad-input corpus runs against: WireMock playing the SageMaker runtime (real-time, serverless and
 * the asynchronous InvokeEndpointAsync), moto for S3 and the SageMaker control plane, and a counting in-process
 * model for local mode; one client per target, plus the probes that prove nothing reached any of them.
 */
final class BadInputRig implements AutoCloseable {
    static final String ENDPOINT = "bad-input-endpoint";
    static final String MODEL = "bad-input-model";
    static final String STAGING_BUCKET = "bad-input-staging";
    static final String OUTPUT_BUCKET = "bad-input-output";
    static final String ASYNC_STAGING = "s3://" + STAGING_BUCKET + "/async";
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));

    /** Where a bad input is applied: a platform and a mode. */
    enum Target {
        AWS_REAL_TIME(true, InvocationMode.REAL_TIME),
        AWS_SERVERLESS(true, InvocationMode.SERVERLESS),
        AWS_ASYNC_ENDPOINT(true, InvocationMode.ASYNC_ENDPOINT),
        AWS_BATCH(true, InvocationMode.BATCH),
        LOCAL_REAL_TIME(false, InvocationMode.REAL_TIME),
        LOCAL_SERVERLESS(false, InvocationMode.SERVERLESS),
        LOCAL_ASYNC_ENDPOINT(false, InvocationMode.ASYNC_ENDPOINT),
        LOCAL_BATCH(false, InvocationMode.BATCH);

        final boolean aws;
        final InvocationMode mode;

        Target(boolean aws, InvocationMode mode) {
            this.aws = aws;
            this.mode = mode;
        }

        String label() {
            return (aws ? "aws/" : "local/") + mode;
        }
    }

    /** Records every request an AWS SDK client sends. */
    static final class Recorder implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            operations.add(context.request().getClass().getSimpleName().replace("Request", "") + " "
                    + context.httpRequest().method() + " " + context.httpRequest().encodedPath());
        }
    }

    final WireMockServer wiremock;
    final SageMakerWireMock runtime;
    final Recorder s3Calls = new Recorder();
    final Recorder sageMakerCalls = new Recorder();
    final S3Client recordedS3;
    final SageMakerClient recordedSageMaker;
    final S3Client inspectS3;
    final SageMakerClient inspectSageMaker;
    final AtomicInteger modelCalls = new AtomicInteger();
    final Path work;
    private final Map<Target, InferenceClient> clients = new EnumMap<>(Target.class);

    BadInputRig(MotoServer moto, Path work) {
        this.work = work;
        wiremock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wiremock.start();
        runtime = SageMakerWireMock.of(wiremock);
        URI motoUri = moto.endpoint();
        recordedS3 = s3(motoUri, s3Calls);
        inspectS3 = s3(motoUri, null);
        recordedSageMaker = sageMaker(motoUri, sageMakerCalls);
        inspectSageMaker = sageMaker(motoUri, null);
        for (String bucket : List.of(STAGING_BUCKET, OUTPUT_BUCKET)) {
            inspectS3.createBucket(b -> b.bucket(bucket));
        }
        stubAnswers();
    }

    /** Answers that would make any request that got through succeed, so a missed validation cannot hide. */
    private void stubAnswers() {
        runtime.reset();
        runtime.stubInvoke(ENDPOINT, InvocationReply.of("text/plain", "ok".getBytes(StandardCharsets.UTF_8)));
        runtime.stubResponseStream(ENDPOINT, ResponseStreamReply.ofParts(List.of("ok".getBytes(StandardCharsets.UTF_8)))
                .withContentType("text/plain"));
        runtime.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, ENDPOINT,
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Amzn-SageMaker-OutputLocation", "s3://" + OUTPUT_BUCKET + "/async/out.out")
                        .withBody("{\"InferenceId\":\"leaked\"}"));
    }

    private static S3Client s3(URI endpoint, ExecutionInterceptor recorder) {
        return S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(endpoint)
                .forcePathStyle(true).overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (recorder != null) {
                        o.addExecutionInterceptor(recorder);
                    }
                }).build();
    }

    private static SageMakerClient sageMaker(URI endpoint, ExecutionInterceptor recorder) {
        return SageMakerClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(endpoint).overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (recorder != null) {
                        o.addExecutionInterceptor(recorder);
                    }
                }).build();
    }

    // ------------------------------------------------------------------ clients

    /** A model that counts its calls and answers; it must never be called by a bad input. */
    private ModelOutput model(io.github.sminference.local.ModelInput in) {
        modelCalls.incrementAndGet();
        return ModelOutput.of("ok", "text/plain");
    }

    Path workDir(Target t) {
        return work.resolve(t.name().toLowerCase(java.util.Locale.ROOT));
    }

    static AsyncEndpointOptions.Builder asyncOptions() {
        return AsyncEndpointOptions.builder().stagingLocation(ASYNC_STAGING)
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    static TransformJobOptions.Builder transformOptions() {
        return TransformJobOptions.builder().instanceType("ml.m5.xlarge")
                .inputStagingLocation("s3://" + STAGING_BUCKET + "/batch")
                .defaultOutputLocation("s3://" + OUTPUT_BUCKET + "/jobs")
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    /** A builder for an AWS target with everything pointed at the loopback emulators. */
    AwsInferenceClient.Builder aws(Target t) {
        if (!t.aws) {
            throw new IllegalArgumentException(t + " is not an AWS target");
        }
        AwsInferenceClient.Builder b = AwsInferenceClient.builder().endpointName(t.mode == InvocationMode.BATCH
                ? MODEL : ENDPOINT).mode(t.mode).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(runtime.endpoint()).retry(RetryPolicy.none())
                .circuitBreaker(CircuitBreakerPolicy.disabled());
        if (t.mode == InvocationMode.ASYNC_ENDPOINT) {
            b.s3Client(recordedS3).asyncEndpoint(asyncOptions().build());
        }
        if (t.mode == InvocationMode.BATCH) {
            b.s3Client(recordedS3).sageMakerClient(recordedSageMaker).transformJob(transformOptions().build());
        }
        return b;
    }

    /** A builder for a local target with the counting model. */
    LocalInferenceClient.Builder local(Target t) {
        if (t.aws) {
            throw new IllegalArgumentException(t + " is not a local target");
        }
        return LocalInferenceClient.builder().endpointName(ENDPOINT).mode(t.mode).handler(this::model)
                .workDir(workDir(t)).retry(RetryPolicy.none()).circuitBreaker(CircuitBreakerPolicy.disabled());
    }

    /** A new client for the target, after the given changes to its builder. */
    InferenceClient build(Target t, Consumer<BaseClientBuilder<?>> changes) {
        if (t.aws) {
            AwsInferenceClient.Builder b = aws(t);
            changes.accept(b);
            return b.build();
        }
        LocalInferenceClient.Builder b = local(t);
        changes.accept(b);
        return b.build();
    }

    /** The target's shared client, built on first use. */
    synchronized InferenceClient client(Target t) {
        return clients.computeIfAbsent(t, x -> build(x, b -> { }));
    }

    /**
     * Closes the target's shared client (after a case that got through, so that whatever it started, such as
     * polling for a result, stops and cannot be mistaken for the next case's traffic).
     */
    synchronized void discard(Target t) {
        InferenceClient c = clients.remove(t);
        if (c != null) {
            c.close();
        }
    }

    // ------------------------------------------------------------------ probes

    /** Forgets what the emulators and the model saw so far. */
    void resetProbes() {
        wiremock.resetRequests();
        s3Calls.operations.clear();
        sageMakerCalls.operations.clear();
        modelCalls.set(0);
        LazyStream.resetCounter();
    }

    /** Every file and folder under the local work folders. */
    TreeSet<String> localFiles() {
        TreeSet<String> out = new TreeSet<>();
        if (!Files.exists(work)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(work)) {
            s.forEach(p -> out.add(work.relativize(p).toString() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Requests that reached the runtime stub (WireMock's journal). */
    List<String> runtimeRequests() {
        return wiremock.getAllServeEvents().stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest()
                .getUrl()).collect(Collectors.toList());
    }

    /** Objects in the staging and output buckets. */
    List<String> objects() {
        List<String> out = new ArrayList<>();
        for (String bucket : List.of(STAGING_BUCKET, OUTPUT_BUCKET)) {
            for (S3Object o : inspectS3.listObjectsV2(r -> r.bucket(bucket)).contents()) {
                out.add("s3://" + bucket + "/" + o.key());
            }
        }
        return out;
    }

    /** Multipart uploads still open in the staging bucket. */
    List<String> openUploads() {
        List<String> out = new ArrayList<>();
        for (MultipartUpload u : inspectS3.listMultipartUploads(r -> r.bucket(STAGING_BUCKET)).uploads()) {
            out.add(u.key());
        }
        return out;
    }

    /** Transform jobs moto knows of. */
    List<String> transformJobs() {
        return inspectSageMaker.listTransformJobs(r -> r.maxResults(100)).transformJobSummaries().stream()
                .map(TransformJobSummary::transformJobName).collect(Collectors.toList());
    }

    /** Empties the buckets (after a case that wrongly created something, so the next case starts clean). */
    void cleanBuckets() {
        for (String bucket : List.of(STAGING_BUCKET, OUTPUT_BUCKET)) {
            for (S3Object o : inspectS3.listObjectsV2(r -> r.bucket(bucket)).contents()) {
                inspectS3.deleteObject(d -> d.bucket(bucket).key(o.key()));
            }
        }
        for (MultipartUpload u : inspectS3.listMultipartUploads(r -> r.bucket(STAGING_BUCKET)).uploads()) {
            inspectS3.abortMultipartUpload(a -> a.bucket(STAGING_BUCKET).key(u.key()).uploadId(u.uploadId()));
        }
    }

    @Override
    public void close() {
        for (InferenceClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        recordedS3.close();
        inspectS3.close();
        recordedSageMaker.close();
        inspectSageMaker.close();
        wiremock.stop();
    }
}
