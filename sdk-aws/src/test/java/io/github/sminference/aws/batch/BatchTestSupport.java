package io.github.sminference.aws.batch;

import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.internal.batch.OutputLayout;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;

/** Clients and fakes for the batch transform tests, all over loopback with static credentials. */
final class BatchTestSupport {
    static final String MODEL = "credit-model";
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing"));

    private BatchTestSupport() {
    }

    /** Records every SDK request object and HTTP request a client sends. */
    static final class Recorder implements ExecutionInterceptor {
        final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
        final List<SdkHttpRequest> http = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.add(context.request());
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            http.add(context.httpRequest());
        }

        <T extends SdkRequest> List<T> of(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (SdkRequest r : requests) {
                if (type.isInstance(r)) {
                    out.add(type.cast(r));
                }
            }
            return out;
        }

        long gets(String keyPart) {
            return http.stream().filter(r -> r.method().name().equals("GET") && r.encodedPath().contains(keyPart)
                    && !r.rawQueryParameters().containsKey("list-type")).count();
        }

        void clear() {
            requests.clear();
            http.clear();
        }
    }

    static S3Client s3(URI endpoint, ExecutionInterceptor... interceptors) {
        return S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(endpoint)
                .forcePathStyle(true).overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                }).build();
    }

    static SageMakerClient sageMaker(URI endpoint, ExecutionInterceptor... interceptors) {
        return SageMakerClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(endpoint).overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                }).build();
    }

    static TransformJobOptions.Builder fastOptions() {
        return TransformJobOptions.builder().instanceType("ml.m5.xlarge")
                .inputStagingLocation("s3://batch-staging/inputs").defaultOutputLocation("s3://batch-out/jobs")
                .pollInterval(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    static AwsInferenceClient.Builder builder(SageMakerClient sm, S3Client s3, TransformJobOptions options) {
        return AwsInferenceClient.builder().endpointName(MODEL).mode(InvocationMode.BATCH).region(Region.US_EAST_1)
                .credentialsProvider(CREDS).sageMakerClient(sm).s3Client(s3).transformJob(options)
                .circuitBreaker(CircuitBreakerPolicy.disabled())
                .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20))
                        .build());
    }

    static void put(S3Client s3, String uri, String text) {
        Matcher m = Pattern.compile("s3://([^/]+)/(.*)").matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException(uri);
        }
        s3.putObject(b -> b.bucket(m.group(1)).key(m.group(2)), RequestBody.fromString(text));
    }

    static String read(S3Client s3, String uri) {
        Matcher m = Pattern.compile("s3://([^/]+)/(.*)").matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException(uri);
        }
        return s3.getObject(b -> b.bucket(m.group(1)).key(m.group(2)), ResponseTransformer.toBytes())
                .asUtf8String();
    }

    static String gunzip(S3Client s3, String uri) {
        Matcher m = Pattern.compile("s3://([^/]+)/(.*)").matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException(uri);
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(s3.getObject(b -> b
                .bucket(m.group(1)).key(m.group(2))))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Plays SageMaker's part that moto does not: moto completes a transform job at once but writes no output. After
     * each CreateTransformJob this interceptor (on the SageMaker client, so before the SDK returns) reads the job's
     * input objects and writes each one's {@code .out} where {@link OutputLayout} says the service writes it, with
     * "the model" scoring each line. That checks our reading of the layout rule, not the service's behaviour.
     */
    static final class FakeService implements ExecutionInterceptor {
        private final S3Client s3;
        private final UnaryOperator<String> model;
        volatile Set<String> skip = Set.of();

        FakeService(S3Client s3, UnaryOperator<String> model) {
            this.s3 = s3;
            this.model = model;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateTransformJobRequest) {
                run((CreateTransformJobRequest) context.request());
            }
        }

        void run(CreateTransformJobRequest r) {
            String uri = r.transformInput().dataSource().s3DataSource().s3Uri();
            boolean manifest = r.transformInput().dataSource().s3DataSource().s3DataTypeAsString()
                    .equals("ManifestFile");
            String prefix;
            List<String> inputs = new ArrayList<>();
            if (manifest) {
                String json = read(s3, uri);
                Matcher p = Pattern.compile("\"prefix\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
                if (!p.find()) {
                    throw new IllegalStateException("no prefix in " + json);
                }
                prefix = p.group(1);
                Matcher e = Pattern.compile(",\\s*\"([^\"]+)\"").matcher(json.substring(json.indexOf('}')));
                while (e.find()) {
                    inputs.add(prefix + e.group(1));
                }
            } else {
                prefix = uri;
                Matcher m = Pattern.compile("s3://([^/]+)/(.*)").matcher(uri);
                if (!m.matches()) {
                    throw new IllegalStateException(uri);
                }
                for (S3Object o : s3.listObjectsV2(b -> b.bucket(m.group(1)).prefix(m.group(2))).contents()) {
                    if (!o.key().endsWith("/")) {
                        inputs.add("s3://" + m.group(1) + "/" + o.key());
                    }
                }
            }
            boolean lines = "Line".equals(r.transformInput().splitTypeAsString());
            boolean gzip = "Gzip".equals(r.transformInput().compressionTypeAsString());
            boolean joined = r.dataProcessing() != null && "Input".equals(r.dataProcessing().joinSourceAsString());
            for (String in : inputs) {
                if (skip.stream().anyMatch(in::endsWith)) {
                    continue;
                }
                String text = gzip ? gunzip(s3, in) : read(s3, in);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (lines) {
                    for (String line : text.split("\n")) {
                        String o = model.apply(line);
                        out.writeBytes((joined ? line + "," + o : o).getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                } else {
                    out.writeBytes(model.apply(text).getBytes(StandardCharsets.UTF_8));
                }
                String target = OutputLayout.outputKey(prefix, in, r.transformOutput().s3OutputPath());
                Matcher t = Pattern.compile("s3://([^/]+)/(.*)").matcher(target);
                if (!t.matches()) {
                    throw new IllegalStateException(target);
                }
                s3.putObject(b -> b.bucket(t.group(1)).key(t.group(2)), RequestBody.fromBytes(out.toByteArray()));
            }
        }
    }
}
