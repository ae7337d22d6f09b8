package io.github.sminference.reliability.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.ModelNotReadyException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.local.ModelHandler;
import io.github.sminference.local.ModelOutput;
import io.github.sminference.testsupport.InvocationReply;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.ResponseStreamReply;
import io.github.sminference.testsupport.SageMakerError;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;

/**
 * Runs in its own JVM, with the SDK's loggers at TRACE writing to a file (see {@link LogLeakTest}): every mode on AWS
 * (WireMock for the runtime and a failing control plane, moto for S3 and a succeeding one) and locally, successes and
 * failures, each request carrying the payload secret, the custom-attribute secret and an inference id, with models
 * that echo both back in bodies, headers and error messages. Writes what each call returned or threw to a report.
 *
 * <p>Arguments: the moto endpoint, the report file, a work folder.
 */
public final class LogLeakScenarios {
    static final String PAYLOAD_SECRET = "PAYLOAD-SECRET-7f3a";
    static final String ATTR_SECRET = "ATTR-SECRET-91c2";
    static final String PAYLOAD = PAYLOAD_SECRET + ",1,2";
    static final String ATTRIBUTES = "trace=" + ATTR_SECRET;
    static final String CANARY_LOGGER = "io.github.sminference.reliability.logs.Canary";
    static final String DONE = "DONE";
    /**
     * Failing models quote what they were sent between these marks, so the test can tell the model's own message
     * (which the SDK hands to the caller as the model wrote it, as SageMaker does) from text the SDK composed.
     */
    static final String QUOTE_OPEN = "[[";
    static final String QUOTE_CLOSE = "]]";

    private static final String ENDPOINT = "leak-endpoint";
    private static final String MODEL = "leak-model";
    private static final String STAGING = "leak-staging";
    private static final String OUTPUT = "leak-output";
    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));
    private static final RetryPolicy FAST_RETRY = RetryPolicy.builder().initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(20)).coldStartInitialBackoff(Duration.ofMillis(10))
            .coldStartMaxBackoff(Duration.ofMillis(20)).build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PrintWriter report;
    private final URI moto;
    private final Path work;
    private final WireMockServer wiremock;
    private final SageMakerWireMock runtime;
    private final S3Client s3;
    private int n;

    private LogLeakScenarios(PrintWriter report, URI moto, Path work) {
        this.report = report;
        this.moto = moto;
        this.work = work;
        wiremock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wiremock.start();
        runtime = SageMakerWireMock.of(wiremock);
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(moto)
                .forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket(STAGING));
        s3.createBucket(b -> b.bucket(OUTPUT));
    }

    public static void main(String[] args) throws Exception {
        Path reportFile = Path.of(args[1]);
        try (PrintWriter report = new PrintWriter(Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8), true)) {
            LogLeakScenarios s = new LogLeakScenarios(report, URI.create(args[0]), Path.of(args[2]));
            try {
                s.run();
            } finally {
                s.wiremock.stop();
                s.s3.close();
            }
            // the self-check: a secret deliberately logged by a logger under io.github.sminference must be found
            LoggerFactory.getLogger(CANARY_LOGGER).trace("canary {} {}", PAYLOAD_SECRET, ATTR_SECRET);
            report.println(DONE);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ bookkeeping

    @FunctionalInterface
    private interface Step {
        Object run() throws Exception;
    }

    private void scenario(String name, Step step) {
        try {
            Object r = step.run();
            report.println("OK\t" + name + "\t" + describe(r));
        } catch (Throwable t) {
            StringBuilder chain = new StringBuilder();
            for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
                if (chain.length() > 0) {
                    chain.append(" <- ");
                }
                chain.append(x.getClass().getName()).append(": ").append(x.getMessage());
            }
            report.println("THROWN\t" + name + "\t" + t.getClass().getSimpleName() + "\t"
                    + chain.toString().replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    private static String describe(Object r) {
        if (r instanceof InferenceResult) {
            return "result of " + ((InferenceResult) r).bytes().length + " bytes";
        }
        return String.valueOf(r);
    }

    private InferenceRequest request(boolean withAttributes) {
        n++;
        InferenceRequest.Builder b = InferenceRequest.builder().body(PAYLOAD).contentType("text/csv")
                .accept("text/csv").inferenceId("log-leak-" + n);
        if (withAttributes) {
            b.customAttributes(ATTRIBUTES);
        }
        return b.build();
    }

    private static String read(ResponseStream s) throws IOException {
        try (s) {
            return new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int drain(ScoringJob job) {
        int records = 0;
        try (RecordStream r = job.records()) {
            while (r.hasNext()) {
                r.next();
                records++;
            }
        }
        job.await(WAIT);
        return records;
    }

    private static String echo(String body) {
        return "echo:" + body + " attrs:" + ATTRIBUTES;
    }

    private static String quote(String text) {
        return QUOTE_OPEN + text + QUOTE_CLOSE;
    }

    // ------------------------------------------------------------------ the scenarios

    private void run() throws Exception {
        awsEndpoints();
        awsAsynchronous();
        awsBatch();
        local();
    }

    private AwsInferenceClient.Builder aws(InvocationMode mode) {
        return AwsInferenceClient.builder().endpointName(ENDPOINT).mode(mode).region(Region.US_EAST_1)
                .credentialsProvider(CREDS).endpointOverride(runtime.endpoint()).retry(FAST_RETRY)
                .circuitBreaker(CircuitBreakerPolicy.disabled());
    }

    private void awsEndpoints() throws Exception {
        InvocationReply echoReply = InvocationReply.of("text/csv", echo(PAYLOAD)).withCustomAttributes(ATTRIBUTES);
        try (InferenceClient c = aws(InvocationMode.REAL_TIME).build()) {
            runtime.reset();
            runtime.stubInvoke(ENDPOINT, echoReply);
            runtime.stubResponseStream(ENDPOINT, ResponseStreamReply.ofText(echo(PAYLOAD), 7, 19));
            scenario("aws-real-time-predict", () -> c.predict(request(true)));
            scenario("aws-real-time-predictAsync", () -> c.predictAsync(request(true)).get(30, TimeUnit.SECONDS));
            scenario("aws-real-time-predictStream", () -> read(c.predictStream(request(true))));
            runtime.reset();
            runtime.stubInvoke(ENDPOINT, SageMakerError.modelError(ENDPOINT, 400, "cannot parse "
                    + quote(PAYLOAD) + " with attributes " + quote(ATTRIBUTES)));
            scenario("aws-real-time-model-error-echoing-payload", () -> c.predict(request(true)));
            runtime.reset();
            runtime.stubInvokeFailuresThenSuccess(ENDPOINT, 2, SageMakerError.throttling(), echoReply);
            scenario("aws-real-time-throttled-then-ok", () -> c.predict(request(true)));
        }
        try (InferenceClient c = aws(InvocationMode.SERVERLESS).build()) {
            runtime.reset();
            runtime.stubInvokeFailuresThenSuccess(ENDPOINT, 2, SageMakerError.modelNotReady(), echoReply);
            scenario("aws-serverless-cold-start-then-ok", () -> c.predict(request(true)));
            runtime.reset();
            runtime.stubInvoke(ENDPOINT, SageMakerError.modelError(ENDPOINT, 500, "crashed on " + quote(PAYLOAD)));
            scenario("aws-serverless-model-error-echoing-payload",
                    () -> c.predictAsync(request(true)).get(30, TimeUnit.SECONDS));
        }
    }

    private static ResponseDefinitionBuilder accepted(String id, boolean withFailure) {
        ResponseDefinitionBuilder r = aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withHeader("X-Amzn-SageMaker-OutputLocation", "s3://" + OUTPUT + "/async/" + id + ".out")
                .withBody("{\"InferenceId\":\"" + id + "\"}");
        return withFailure ? r.withHeader("X-Amzn-SageMaker-FailureLocation", "s3://" + OUTPUT + "/async/" + id
                + "-error.out") : r;
    }

    private void awsAsynchronous() {
        S3Client client = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(moto).forcePathStyle(true).build();
        AsyncEndpointOptions options = AsyncEndpointOptions.builder().stagingLocation("s3://" + STAGING + "/async")
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200)).deleteStagedInputs(true).build();
        try (InferenceClient c = aws(InvocationMode.ASYNC_ENDPOINT).s3Client(client).asyncEndpoint(options).build()) {
            runtime.reset();
            runtime.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, ENDPOINT, accepted("async-ok", true));
            s3.putObject(p -> p.bucket(OUTPUT).key("async/async-ok.out"), RequestBody.fromString(echo(PAYLOAD)));
            scenario("aws-async-predict", () -> c.predict(request(true)));
            runtime.reset();
            runtime.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, ENDPOINT, accepted("async-bad", true));
            s3.putObject(p -> p.bucket(OUTPUT).key("async/async-bad-error.out"),
                    RequestBody.fromString("model failed on " + quote(PAYLOAD + " " + ATTRIBUTES)));
            scenario("aws-async-failure-object-echoing-payload", () -> c.submit(request(true)).await(WAIT));
            runtime.reset();
            runtime.stubSequence(SageMakerWireMock.Operation.INVOKE_ASYNC, ENDPOINT, List.of(
                    SageMakerError.throttling().toResponse(), accepted("async-retried", false)));
            s3.putObject(p -> p.bucket(OUTPUT).key("async/async-retried.out"),
                    RequestBody.fromString(echo(PAYLOAD)));
            scenario("aws-async-throttled-then-accepted", () -> c.predictAsync(request(true))
                    .get(30, TimeUnit.SECONDS));
        } finally {
            client.close();
        }
    }

    /** moto completes a transform job at once but writes nothing: this writes each input's echo where it belongs. */
    private static final class EchoingService implements ExecutionInterceptor {
        private final S3Client s3;

        EchoingService(S3Client s3) {
            this.s3 = s3;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof CreateTransformJobRequest)) {
                return;
            }
            CreateTransformJobRequest r = (CreateTransformJobRequest) context.request();
            String input = r.transformInput().dataSource().s3DataSource().s3Uri();
            String output = r.transformOutput().s3OutputPath();
            String bucket = input.substring(5, input.indexOf('/', 5));
            String prefix = input.substring(input.indexOf('/', 5) + 1);
            for (S3Object o : s3.listObjectsV2(l -> l.bucket(bucket).prefix(prefix)).contents()) {
                String in = s3.getObjectAsBytes(g -> g.bucket(bucket).key(o.key())).asUtf8String();
                StringBuilder out = new StringBuilder();
                for (String line : in.split("\n")) {
                    out.append("echo:").append(line).append('\n');
                }
                String target = OutputLayout.outputKey(input, "s3://" + bucket + "/" + o.key(), output);
                String outBucket = target.substring(5, target.indexOf('/', 5));
                String outKey = target.substring(target.indexOf('/', 5) + 1);
                s3.putObject(p -> p.bucket(outBucket).key(outKey), RequestBody.fromString(out.toString()));
            }
        }
    }

    private SageMakerClient sageMaker(URI endpoint, ExecutionInterceptor... interceptors) {
        return SageMakerClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(endpoint).overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                }).build();
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }

    private void awsBatch() {
        S3Client client = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(moto).forcePathStyle(true).build();
        TransformJobOptions options = TransformJobOptions.builder().instanceType("ml.m5.xlarge")
                .inputStagingLocation("s3://" + STAGING + "/batch").defaultOutputLocation("s3://" + OUTPUT + "/jobs")
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200)).build();
        try (SageMakerClient moto = sageMaker(this.moto, new EchoingService(s3));
                InferenceClient c = aws(InvocationMode.BATCH).endpointName(MODEL).sageMakerClient(moto)
                        .s3Client(client).transformJob(options).build()) {
            scenario("aws-batch-predict", () -> c.predict(request(false)));
            scenario("aws-batch-score", () -> drain(c.score(Dataset.ofRecords(List.of(PAYLOAD, PAYLOAD + ",9"))
                    .withContentType("text/csv"))));
        }
        // a job that fails: the control plane on WireMock (moto's jobs always complete)
        String job = "log-leak-failing-job";
        String arn = "arn:aws:sagemaker:us-east-1:123456789012:transform-job/" + job;
        String failed = "{\"TransformJobName\":\"" + job + "\",\"TransformJobArn\":\"" + arn + "\","
                + "\"TransformJobStatus\":\"Failed\",\"FailureReason\":\"ClientError: See job logs for more"
                + " information\",\"ModelName\":\"" + MODEL + "\",\"TransformInput\":{\"DataSource\":{"
                + "\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://" + STAGING + "/batch/" + job
                + "/\"}},\"ContentType\":\"text/csv\",\"SplitType\":\"Line\",\"CompressionType\":\"None\"},"
                + "\"TransformOutput\":{\"S3OutputPath\":\"s3://" + OUTPUT + "/jobs/" + job + "/\","
                + "\"AssembleWith\":\"Line\"},\"TransformResources\":{\"InstanceType\":\"ml.m5.xlarge\","
                + "\"InstanceCount\":1},\"CreationTime\":1.7E9,\"TransformStartTime\":1.70000006E9,"
                + "\"TransformEndTime\":1.7000006E9}";
        wiremock.resetAll();
        wiremock.stubFor(controlPlane("DescribeTransformJob").inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(400, "{\"__type\":\"ValidationException\",\"message\":\"Could not find requested"
                        + " job with name " + job + "\"}")).willSetStateTo("created"));
        wiremock.stubFor(controlPlane("DescribeTransformJob").inScenario("job").whenScenarioStateIs("created")
                .willReturn(json(200, failed)));
        wiremock.stubFor(controlPlane("CreateTransformJob").willReturn(json(200, "{\"TransformJobArn\":\"" + arn
                + "\"}")));
        wiremock.stubFor(controlPlane("ListTags").willReturn(json(200, "{\"Tags\":[]}")));
        try (SageMakerClient failing = sageMaker(URI.create(wiremock.baseUrl()));
                InferenceClient c = aws(InvocationMode.BATCH).endpointName(MODEL).sageMakerClient(failing)
                        .s3Client(client).transformJob(options).build()) {
            scenario("aws-batch-job-failure", () -> c.score(Dataset.ofRecords(List.of(PAYLOAD))
                    .withContentType("text/csv"), ScoringOptions.builder().jobName(job).build()).await(WAIT));
        } finally {
            client.close();
        }
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder controlPlane(String operation) {
        return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker." + operation));
    }

    private LocalInferenceClient.Builder local(InvocationMode mode, ModelHandler model) {
        return LocalInferenceClient.builder().endpointName(ENDPOINT).mode(mode).handler(model)
                .workDir(work.resolve(mode.name().toLowerCase(java.util.Locale.ROOT))).retry(FAST_RETRY)
                .circuitBreaker(CircuitBreakerPolicy.disabled());
    }

    /**
     * Echoes each line of the body with the custom attributes it was sent, in the body and in the response's
     * attributes: one line per record, as a transform job's MultiRecord batches require.
     */
    private static ModelOutput echoModel(io.github.sminference.local.ModelInput in) {
        String attributes = in.customAttributes().orElse("");
        String text = in.text();
        String answer;
        if (text.indexOf('\n') < 0) {
            answer = "echo:" + text + " attrs:" + attributes;
        } else {
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n")) {
                out.append("echo:").append(line).append(" attrs:").append(attributes).append('\n');
            }
            answer = out.toString();
        }
        ModelOutput o = ModelOutput.of(answer, "text/csv");
        return attributes.isEmpty() ? o : o.withCustomAttributes(attributes);
    }

    /** Fails, quoting the input and the attributes, as careless models do. */
    private static ModelOutput failingModel(io.github.sminference.local.ModelInput in) {
        return ModelOutput.error(400, "cannot parse " + quote(in.text()) + " with attributes "
                + quote(in.customAttributes().orElse("")));
    }

    private void local() throws Exception {
        for (InvocationMode mode : InvocationMode.values()) {
            boolean attributes = mode != InvocationMode.BATCH; // a transform job has no custom attributes
            String m = "local-" + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            try (InferenceClient c = local(mode, LogLeakScenarios::echoModel).build()) {
                scenario(m + "-predict", () -> c.predict(request(attributes)));
                scenario(m + "-predictAsync", () -> c.predictAsync(request(attributes)).get(30, TimeUnit.SECONDS));
                scenario(m + "-predictStream", () -> read(c.predictStream(request(attributes))));
                scenario(m + "-score", () -> drain(c.score(Dataset.ofRecords(List.of(PAYLOAD, PAYLOAD + ",9"))
                        .withContentType("text/csv"))));
            }
            try (InferenceClient c = local(mode, LogLeakScenarios::failingModel).build()) {
                scenario(m + "-model-error-echoing-payload", () -> c.predict(request(attributes)));
                scenario(m + "-score-failure-echoing-payload", () -> drain(c.score(Dataset.ofRecords(
                        List.of(PAYLOAD)).withContentType("text/csv"))));
            }
            try (InferenceClient c = local(mode, in -> {
                throw new IllegalStateException("handler crashed on " + quote(in.text()));
            }).build()) {
                scenario(m + "-handler-exception-echoing-payload", () -> c.predict(request(attributes)));
            }
            // A service-side error thrown by the model: on real-time and serverless it reaches the client's retry
            // policy; a transform job retries it (InvocationsMaxRetries); on an asynchronous endpoint the model
            // runs after the request was accepted, so, as on SageMaker, it ends the invocation with a failure.
            AtomicInteger calls = new AtomicInteger();
            boolean cold = mode == InvocationMode.SERVERLESS;
            String outcome = mode == InvocationMode.ASYNC_ENDPOINT ? "-throttled-model-fails-the-invocation"
                    : cold ? "-cold-start-then-ok" : "-throttled-then-ok";
            try (InferenceClient c = local(mode, in -> {
                if (calls.getAndIncrement() < 2) {
                    throw cold ? new ModelNotReadyException("Model is not ready yet", 429, "ModelNotReadyException",
                            null, null) : new ThrottlingException("Rate exceeded", 429, "ThrottlingException", null,
                                    null);
                }
                return echoModel(in);
            }).build()) {
                scenario(m + outcome, () -> c.predict(request(attributes)));
            }
        }
    }

    static List<String> scenarioNames(List<String> reportLines) {
        List<String> out = new ArrayList<>();
        for (String l : reportLines) {
            String[] f = l.split("\t");
            if (f.length > 1) {
                out.add(f[1]);
            }
        }
        return out;
    }
}
