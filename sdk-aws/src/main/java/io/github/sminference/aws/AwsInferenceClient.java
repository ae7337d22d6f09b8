package io.github.sminference.aws;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringJob;
import io.github.sminference.aws.internal.AwsClientFactory;
import io.github.sminference.aws.internal.realtime.RuntimeTransport;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.InferenceClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Builds {@link InferenceClient}s for Amazon SageMaker, on the AWS SDK for Java v2.
 *
 * <pre>{@code
 * try (InferenceClient client = AwsInferenceClient.builder()
 *         .endpointName("credit-scorer")
 *         .mode(InvocationMode.REAL_TIME)
 *         .build()) {
 *     InferenceResult r = client.predict(InferenceRequest.of("42,0.3,1", "text/csv"));
 * }
 * }</pre>
 *
 * <p>For {@code BATCH} (SageMaker batch transform) the {@code endpointName} is the <em>model</em> name and
 * {@link Builder#transformJob(TransformJobOptions)} is required; {@code score} then runs a transform job and streams
 * its records back in input order, and {@link #attachTransformJob(InferenceClient, String)} follows an existing job.
 *
 * <p>Region, credentials and endpoint follow the AWS SDK's standard configuration ({@code AWS_REGION},
 * {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}, instance roles, ...) unless set here. Either let the builder create
 * the AWS clients (it owns and closes them, with the SDK's own retries off and HTTP read timeouts above the model's
 * 60 s), or pass your own (never closed by this client; a warning is logged if they retry on their own, since
 * attempts would multiply).
 */
public final class AwsInferenceClient {
    private AwsInferenceClient() {
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an AWS-backed {@link InferenceClient}. Not thread-safe; the built client is.
     */
    public static final class Builder extends BaseClientBuilder<Builder> {
        private Region region;
        private AwsCredentialsProvider credentialsProvider;
        private URI endpointOverride;
        private SageMakerRuntimeClient runtimeClient;
        private SageMakerRuntimeAsyncClient runtimeAsyncClient;
        private AsyncEndpointOptions asyncEndpoint;
        private Object s3Client;
        private Object sqsClient;
        private Object sageMakerClient;
        private TransformJobOptions transformJob;
        private boolean forcePathStyle;

        private Builder() {
        }

        /**
         * Sets the Region (default: the AWS default chain, e.g. {@code AWS_REGION}).
         *
         * @param region the Region, or {@code null} for the default chain
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /**
         * Sets the credentials (default: the AWS default chain).
         *
         * @param credentialsProvider the provider, or {@code null} for the default chain
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = credentialsProvider;
            return this;
        }

        /**
         * Sets the service endpoint, e.g. a VPC endpoint or an emulator (default: the SDK's, which honours
         * {@code AWS_ENDPOINT_URL}).
         *
         * @param endpointOverride the endpoint URI, or {@code null}
         * @return this builder
         */
        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        /**
         * Uses your blocking SageMaker runtime client for {@code predict}. It is never closed by the built client.
         * Region, credentials and endpoint settings of this builder do not apply to it.
         *
         * @param client the client, or {@code null} to let the builder create one
         * @return this builder
         */
        public Builder runtimeClient(SageMakerRuntimeClient client) {
            this.runtimeClient = client;
            return this;
        }

        /**
         * Uses your non-blocking SageMaker runtime client for {@code predictAsync} and {@code predictStream}. It is
         * never closed by the built client.
         *
         * @param client the client, or {@code null} to let the builder create one
         * @return this builder
         */
        public Builder runtimeAsyncClient(SageMakerRuntimeAsyncClient client) {
            this.runtimeAsyncClient = client;
            return this;
        }

        /**
         * Configures an {@code ASYNC_ENDPOINT} client: where payloads are staged and how completion is detected.
         *
         * @param options the options (default: polling, and only {@code s3://} payload locations accepted)
         * @return this builder
         */
        public Builder asyncEndpoint(AsyncEndpointOptions options) {
            this.asyncEndpoint = options;
            return this;
        }

        /**
         * Configures a {@code BATCH} client (required for that mode): instance type and count, staging and output
         * locations, encryption, environment, tags and the other CreateTransformJob fields that
         * {@link io.github.sminference.ScoringOptions} does not carry, and how jobs are polled. For {@code BATCH} the
         * client's {@code endpointName} is the SageMaker <em>model</em> name.
         *
         * @param options the options
         * @return this builder
         */
        public Builder transformJob(TransformJobOptions options) {
            this.transformJob = options;
            return this;
        }

        /**
         * Uses your SageMaker control-plane client for transform jobs ({@code BATCH}); never closed by the built
         * client. Build it with its own retries off ({@code AwsRetryStrategy.doNotRetry()}): this client's
         * {@code RetryPolicy} retries control-plane calls. Needs {@code software.amazon.awssdk:sagemaker} on the
         * classpath (an optional dependency of this library).
         *
         * @param client the client, or {@code null} to let the builder create one
         * @return this builder
         */
        public Builder sageMakerClient(software.amazon.awssdk.services.sagemaker.SageMakerClient client) {
            this.sageMakerClient = client;
            return this;
        }

        /**
         * Uses your S3 client for staging and results ({@code ASYNC_ENDPOINT} and {@code BATCH}), and for reading S3
         * datasets in {@code score} (every mode); never closed by the built client. Without one, the client makes its
         * own when it first needs S3 (on {@code REAL_TIME} and {@code SERVERLESS}: only when an S3 dataset is scored). Needs {@code software.amazon.awssdk:s3} on the classpath (an optional dependency of this
         * library).
         *
         * @param client the client, or {@code null} to let the builder create one
         * @return this builder
         */
        public Builder s3Client(software.amazon.awssdk.services.s3.S3Client client) {
            this.s3Client = client;
            return this;
        }

        /**
         * Uses your SQS client for SNS completion ({@code ASYNC_ENDPOINT}); never closed by the built client. Needs
         * {@code software.amazon.awssdk:sqs} on the classpath (an optional dependency of this library).
         *
         * @param client the client, or {@code null} to let the builder create one
         * @return this builder
         */
        public Builder sqsClient(software.amazon.awssdk.services.sqs.SqsClient client) {
            this.sqsClient = client;
            return this;
        }

        /**
         * Uses S3 path-style addressing in the S3 client the builder creates (for S3-compatible stores and some
         * private endpoints).
         *
         * @param pathStyle {@code true} for path style
         * @return this builder
         */
        public Builder forcePathStyle(boolean pathStyle) {
            this.forcePathStyle = pathStyle;
            return this;
        }

        private static void require(String className, String artifact, String why, InvocationMode mode) {
            try {
                Class.forName(className, false, AwsInferenceClient.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new NotSupportedException("AwsInferenceClient.build()", mode,
                        why + " needs " + artifact + " on the classpath (an optional dependency of"
                                + " sagemaker-inference-aws): add it to your build, at the AWS SDK version you use");
            }
        }

        /**
         * Builds the client.
         *
         * @return the client; close it when done
         * @throws InvalidRequestException if a setting is missing or invalid (the message names it; for
         *     {@code BATCH}, {@link #transformJob(TransformJobOptions)} is required), or no Region can be found
         * @throws NotSupportedException for {@code ASYNC_ENDPOINT} without {@code software.amazon.awssdk:s3} (or,
         *     with SNS completion, {@code software.amazon.awssdk:sqs}) on the classpath; for {@code BATCH} without
         *     {@code software.amazon.awssdk:sagemaker} or {@code software.amazon.awssdk:s3}
         */
        public InferenceClient build() {
            ClientSettings s = settings();
            if (s.mode() == InvocationMode.BATCH) {
                return buildBatch(s);
            }
            AsyncEndpointOptions async = null;
            if (s.mode() == InvocationMode.ASYNC_ENDPOINT) {
                async = asyncEndpoint != null ? asyncEndpoint : AsyncEndpointOptions.builder().build();
                require("software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk:s3",
                        "an ASYNC_ENDPOINT client", InvocationMode.ASYNC_ENDPOINT);
                if (async.completion() == AsyncEndpointOptions.Completion.SNS) {
                    require("software.amazon.awssdk.services.sqs.SqsClient", "software.amazon.awssdk:sqs",
                            "SNS completion", InvocationMode.ASYNC_ENDPOINT);
                }
            }
            Duration readTimeout = s.mode().isSynchronous()
                    ? s.timeouts().attemptTimeoutFor(s.limits().maxModelTime()).plusSeconds(5)
                    : s.timeouts().attemptTimeout().orElse(Duration.ofSeconds(30)).plusSeconds(35);
            int pool = Math.max(50, s.maxConcurrency());
            AwsClientFactory factory = new AwsClientFactory(region, credentialsProvider, endpointOverride,
                    readTimeout, pool, forcePathStyle);
            List<AutoCloseable> owned = new ArrayList<>();
            Supplier<SageMakerRuntimeClient> sync;
            Supplier<SageMakerRuntimeAsyncClient> asyncRuntime;
            // The clients the factory creates never retry on their own, and apply the attempt timeout of a request
            // with the default model time by themselves, so such calls need no per-request override (response
            // streams set their own: see RuntimeTransport).
            Duration defaultAttempt = s.mode().isSynchronous()
                    ? s.timeouts().attemptTimeoutFor(s.limits().defaultModelTime()) : null;
            RuntimeTransport.SdkTimeouts syncTimeouts = new RuntimeTransport.SdkTimeouts(false, defaultAttempt);
            RuntimeTransport.SdkTimeouts asyncTimeouts = new RuntimeTransport.SdkTimeouts(false, defaultAttempt);
            try {
                if (runtimeClient != null) {
                    syncTimeouts = RuntimeTransport.SdkTimeouts.callers(
                            AwsClientFactory.warnIfRetrying(runtimeClient, "SageMakerRuntimeClient") != 1);
                    SageMakerRuntimeClient given = runtimeClient;
                    sync = () -> given;
                } else {
                    SageMakerRuntimeClient created = factory.runtime(defaultAttempt);
                    owned.add(created);
                    sync = () -> created;
                }
                if (runtimeAsyncClient != null) {
                    asyncTimeouts = RuntimeTransport.SdkTimeouts.callers(
                            AwsClientFactory.warnIfRetrying(runtimeAsyncClient, "SageMakerRuntimeAsyncClient") != 1);
                    SageMakerRuntimeAsyncClient given = runtimeAsyncClient;
                    asyncRuntime = () -> given;
                } else {
                    Lazy<AwsClientFactory.OwnedAsync> lazy = new Lazy<>(() -> factory.runtimeAsync(defaultAttempt));
                    owned.add(lazy);
                    asyncRuntime = () -> lazy.get().client();
                }
                owned.add(factory); // the runtime clients' timer threads: closed after the clients
            } catch (SdkClientException e) {
                for (AutoCloseable c : owned) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // best effort
                    }
                }
                factory.close();
                throw new InvalidRequestException("region", null, "no AWS Region was set and none was found in"
                        + " the default chain; call region(Region.of(\"us-east-1\")) or set AWS_REGION ("
                        + e.getMessage() + ")", e);
            }
            if (async != null) {
                String regionName = region != null ? region.id() : regionOf(sync);
                return io.github.sminference.aws.internal.asyncendpoint.AsyncEndpointFactory.build(s, async, sync,
                        factory, s3Client, sqsClient, regionName, owned);
            }
            io.github.sminference.aws.internal.DatasetSources datasets = new io.github.sminference.aws.internal
                    .DatasetSources(s.mode(), s3Client, () -> factory.s3(), null);
            owned.add(datasets); // a lambda, not factory::s3: the S3 classes link only when used
            return InferenceClients.synchronousEndpoint(s, new RuntimeTransport(sync, asyncRuntime, syncTimeouts,
                    asyncTimeouts), owned, datasets);
        }

        /** BATCH: the SageMaker control plane and S3; no runtime client (transform jobs invoke the model). */
        private InferenceClient buildBatch(ClientSettings s) {
            if (transformJob == null) {
                throw new InvalidRequestException("transformJob", null, "a BATCH client runs transform jobs: call"
                        + " transformJob(TransformJobOptions.builder().instanceType(\"ml.m5.xlarge\")...build());"
                        + " its endpointName is the SageMaker model's name");
            }
            require("software.amazon.awssdk.services.sagemaker.SageMakerClient", "software.amazon.awssdk:sagemaker",
                    "a BATCH client (transform jobs)", InvocationMode.BATCH);
            require("software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk:s3",
                    "a BATCH client (inputs and outputs in S3)", InvocationMode.BATCH);
            AwsClientFactory factory = new AwsClientFactory(region, credentialsProvider, endpointOverride,
                    Duration.ofSeconds(70), Math.max(50, s.maxConcurrency()), forcePathStyle);
            return io.github.sminference.aws.internal.batch.BatchFactory.build(s, transformJob, factory,
                    sageMakerClient, s3Client, region == null ? null : region.id());
        }
    }

    /**
     * Attaches to an existing SageMaker transform job by name, for example one started by another tool or before a
     * restart without its token. The handle is built from DescribeTransformJob (input prefix or manifest, output
     * path, split, join, content type), follows the job to its end, and reads its records in input order.
     *
     * @param client a {@code BATCH} client built by {@link #builder()}, for the model the job runs
     * @param jobName the transform job's name
     * @return the handle
     * @throws InvalidRequestException if the client is not an AWS {@code BATCH} client, there is no such job in the
     *     client's Region, or the job runs another model
     * @throws io.github.sminference.exception.InferenceException if DescribeTransformJob or ListTags fails
     */
    public static ScoringJob attachTransformJob(InferenceClient client, String jobName) {
        if (client == null || client.mode() != InvocationMode.BATCH) {
            throw new InvalidRequestException("client", String.valueOf(client), "attachTransformJob needs a BATCH"
                    + " client built by AwsInferenceClient.builder().mode(InvocationMode.BATCH)");
        }
        return io.github.sminference.aws.internal.batch.BatchFactory.attach(client, jobName);
    }

    private static String regionOf(Supplier<SageMakerRuntimeClient> sync) {
        try {
            Region r = sync.get().serviceClientConfiguration().region();
            return r == null ? null : r.id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A client created on first use, closed only if it was created. */
    private static final class Lazy<T extends AutoCloseable> implements Supplier<T>, AutoCloseable {
        private final Supplier<T> factory;
        private volatile T value;
        private boolean closed;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    if (closed) {
                        throw new io.github.sminference.exception.ClientClosedException(
                                "the client is closed; build a new one");
                    }
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        @Override
        public synchronized void close() throws Exception {
            closed = true;
            if (value != null) {
                value.close();
            }
        }
    }

    /**
     * Names the mode this builder supports now, for messages.
     *
     * @param mode a mode
     * @return whether {@link Builder#build()} supports it
     */
    static boolean supports(InvocationMode mode) {
        return mode.isSynchronous();
    }
}
