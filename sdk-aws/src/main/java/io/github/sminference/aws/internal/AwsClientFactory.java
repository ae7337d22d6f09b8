package io.github.sminference.aws.internal;

import io.github.sminference.internal.ClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Builds the AWS clients an {@code InferenceClient} owns: retries off (the client's own policy retries), HTTP read
 * timeouts above the model-side limit, and connection pools sized for the client's concurrency. Region,
 * credentials and endpoint come from the AWS default chains ({@code AWS_REGION}, profiles, {@code AWS_ENDPOINT_URL},
 * ...) unless the caller set them.
 *
 * <p>The runtime clients share one timer scheduler, {@link #timers()}: every invocation sets per-call timeouts, for
 * which the SDK schedules a timer task and cancels it when the call ends. The SDK's default scheduler keeps cancelled
 * tasks queued until their delay (70 s for a real-time call) runs out, so at a few thousand calls a second hundreds of
 * thousands of dead tasks pile up (each schedule a heap insertion under one lock, and the queue's memory for the
 * collector to trace); this one removes a task when it is cancelled, and is kept from waking a thread for each new
 * task ({@link ClientResources#timerPool}). It is shut down by {@link #close()}, after the clients that use it.
 */
public final class AwsClientFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AwsClientFactory.class);
    /** Threads of the timer scheduler: a timeout task only aborts its call, so a few are plenty. */
    private static final int TIMER_THREADS = 2;

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpointOverride;
    private final Duration readTimeout;
    private final int maxConnections;
    private final boolean forcePathStyle;
    private ScheduledThreadPoolExecutor timers;
    private boolean closed;

    /**
     * Creates the factory.
     *
     * @param region the Region, or {@code null} for the default chain
     * @param credentials the credentials, or {@code null} for the default chain
     * @param endpointOverride the endpoint, or {@code null} for the default (which honours AWS_ENDPOINT_URL)
     * @param readTimeout the HTTP socket read timeout: above the longest attempt
     * @param maxConnections the connection pool size
     * @param forcePathStyle S3 path-style addressing (for emulators and some private endpoints)
     */
    public AwsClientFactory(Region region, AwsCredentialsProvider credentials, URI endpointOverride,
            Duration readTimeout, int maxConnections, boolean forcePathStyle) {
        this.region = region;
        this.credentials = credentials;
        this.endpointOverride = endpointOverride;
        this.readTimeout = readTimeout;
        this.maxConnections = maxConnections;
        this.forcePathStyle = forcePathStyle;
    }

    /**
     * The timer scheduler of the runtime clients this factory creates (created on first use): the SDK schedules its
     * per-call timeout tasks here. Unlike the SDK's default, it drops a task as soon as the task is cancelled, and
     * scheduling one does not wake a timer thread.
     *
     * @return the scheduler, owned by this factory
     */
    public synchronized ScheduledExecutorService timers() {
        if (closed) {
            throw new io.github.sminference.exception.ClientClosedException("the client is closed; build a new one");
        }
        if (timers == null) {
            timers = ClientResources.timerPool(TIMER_THREADS, daemonThreads("sminference-sdk-timers"));
        }
        return timers;
    }

    /** Shuts the timer scheduler down, if it was created. Call it after closing the clients that use it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build();
    }

    /** No SDK retries, the SDK's timeout tasks on {@link #timers()}, and the given client-wide attempt timeout. */
    private ClientOverrideConfiguration runtimeOverrides(Duration attemptTimeout) {
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry()).scheduledExecutorService(timers());
        if (attemptTimeout != null) {
            b.apiCallAttemptTimeout(attemptTimeout);
        }
        return b.build();
    }

    /**
     * A blocking SageMaker runtime client on the Apache HTTP client, with no client-wide attempt timeout.
     *
     * @return the client, owned by the caller
     */
    public SageMakerRuntimeClient runtime() {
        return runtime(null);
    }

    /**
     * A blocking SageMaker runtime client on the Apache HTTP client.
     *
     * @param attemptTimeout the SDK attempt timeout of calls that set none themselves, or {@code null} for none
     * @return the client, owned by the caller
     */
    public SageMakerRuntimeClient runtime(Duration attemptTimeout) {
        var b = SageMakerRuntimeClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .socketTimeout(readTimeout)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .connectionAcquisitionTimeout(readTimeout)
                        .maxConnections(maxConnections))
                .overrideConfiguration(runtimeOverrides(attemptTimeout));
        return configure(b).build();
    }

    /**
     * A non-blocking SageMaker runtime client on the Netty HTTP client, with an event loop group of its own that
     * {@link OwnedAsync#close()} shuts down without blocking for Netty's quiet period.
     *
     * <p>Its futures complete on the thread that finishes the call (an I/O thread), not on the SDK's completion
     * executor: the invocation pipeline only records the outcome there and hands every caller's future to the
     * client's own completion executor (except the fan-out's, whose only reader joins them), so the SDK's hand-off
     * would be a second thread hop per call for nothing. Nothing that runs on this client's futures may block.
     *
     * @param attemptTimeout the SDK attempt timeout of calls that set none themselves, or {@code null} for none; when
     *     set, a response stream must override it, or the stream is cut when it runs out
     * @return the client and its event loops, owned by the caller
     */
    public OwnedAsync runtimeAsync(Duration attemptTimeout) {
        SdkEventLoopGroup loops = SdkEventLoopGroup.builder()
                .threadFactory(daemonThreads("sminference-netty"))
                .build();
        var b = SageMakerRuntimeAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(loops)
                        .readTimeout(readTimeout)
                        .writeTimeout(readTimeout)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .connectionAcquisitionTimeout(readTimeout)
                        .maxConcurrency(maxConnections)
                        .maxPendingConnectionAcquires(Math.max(10_000, maxConnections * 4)))
                .asyncConfiguration(c -> c.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        Runnable::run))
                .overrideConfiguration(runtimeOverrides(attemptTimeout));
        try {
            return new OwnedAsync(configure(b).build(), loops);
        } catch (RuntimeException e) {
            loops.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * An S3 client on the Apache HTTP client, for staging and results. It keeps the SDK's own retries: S3 transfers
     * retry at the part level.
     *
     * @return the client, owned by the caller
     */
    public software.amazon.awssdk.services.s3.S3Client s3() {
        var b = software.amazon.awssdk.services.s3.S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(readTimeout)
                        .connectionTimeout(Duration.ofSeconds(2)).maxConnections(maxConnections))
                .forcePathStyle(forcePathStyle);
        return configure(b).build();
    }

    /**
     * An SQS client for the notification listener; its read timeout covers the 20 s long poll.
     *
     * @return the client, owned by the caller
     */
    public software.amazon.awssdk.services.sqs.SqsClient sqs() {
        var b = software.amazon.awssdk.services.sqs.SqsClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(35))
                        .connectionTimeout(Duration.ofSeconds(2)));
        return configure(b).build();
    }

    /**
     * A SageMaker control-plane client on the Apache HTTP client, for transform jobs (CreateTransformJob,
     * DescribeTransformJob, StopTransformJob, ListTags). Its own retries are off: the client's {@code RetryPolicy}
     * retries control-plane calls (throttled DescribeTransformJob polls included), so attempts never multiply.
     *
     * @return the client, owned by the caller
     */
    public software.amazon.awssdk.services.sagemaker.SageMakerClient sageMaker() {
        var b = software.amazon.awssdk.services.sagemaker.SageMakerClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60))
                        .connectionTimeout(Duration.ofSeconds(2)).maxConnections(Math.min(maxConnections, 50)))
                .overrideConfiguration(noRetries());
        return configure(b).build();
    }

    /** Applies the caller's Region, credentials and endpoint; unset ones stay with the AWS default chains. */
    private <B extends AwsClientBuilder<B, ?>> B configure(B b) {
        if (region != null) {
            b.region(region);
        }
        if (credentials != null) {
            b.credentialsProvider(credentials);
        }
        if (endpointOverride != null) {
            b.endpointOverride(endpointOverride);
        }
        return b;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** An async client and the event loops it runs on; closing stops both at once. */
    public static final class OwnedAsync implements AutoCloseable {
        private final SageMakerRuntimeAsyncClient client;
        private final SdkEventLoopGroup loops;

        OwnedAsync(SageMakerRuntimeAsyncClient client, SdkEventLoopGroup loops) {
            this.client = client;
            this.loops = loops;
        }

        /**
         * The client.
         *
         * @return the client
         */
        public SageMakerRuntimeAsyncClient client() {
            return client;
        }

        @Override
        public void close() {
            client.close();
            // The SDK does not close a caller-supplied group. Shut it down gracefully (Netty's quiet period lets
            // pending channel-close notifications run) but do not wait: the threads are daemons, and close()
            // returns at once instead of blocking for the quiet period as the SDK's own group does.
            loops.eventLoopGroup().shutdownGracefully();
        }
    }

    /**
     * Warns when a caller-supplied client keeps its own retries: its attempts would multiply with the
     * {@code RetryPolicy}'s.
     *
     * @param client the caller's client
     * @param what how to name it in the warning
     * @return the number of attempts the client makes per call (1 = no retries)
     */
    public static int warnIfRetrying(SdkClient client, String what) {
        int attempts;
        try {
            ClientOverrideConfiguration o = client.serviceClientConfiguration().overrideConfiguration();
            RetryStrategy s = o.retryStrategy().orElse(null);
            attempts = s != null ? s.maxAttempts() : -1;
        } catch (RuntimeException e) {
            attempts = -1;
        }
        if (attempts != 1) {
            LOG.warn("The {} you supplied retries on its own ({}); its attempts multiply with this client's"
                    + " RetryPolicy. Build it with .overrideConfiguration(o -> o.retryStrategy("
                    + "AwsRetryStrategy.doNotRetry())) to keep one retry layer.", what,
                    attempts < 0 ? "the SDK default, 3 attempts" : attempts + " attempts");
        }
        return attempts;
    }
}
