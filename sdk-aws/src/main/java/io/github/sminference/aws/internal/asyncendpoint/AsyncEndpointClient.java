package io.github.sminference.aws.internal.asyncendpoint;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.internal.CallRetrier;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.InferenceIds;
import io.github.sminference.internal.JobCalls;
import io.github.sminference.internal.fanout.FanOut;
import io.github.sminference.internal.fanout.FanOutSpec;
import io.github.sminference.internal.Listeners;
import io.github.sminference.internal.RequestValidator;
import io.github.sminference.limits.ModeLimits;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.ResumeToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An asynchronous SageMaker endpoint: stage the payload in S3, call InvokeEndpointAsync (with the retry policy and
 * circuit breaker), then learn of completion by polling S3 or from SNS notifications through SQS, and read the result
 * (or failure) from the locations the service returned. Thread-safe.
 */
public final class AsyncEndpointClient implements InferenceClient {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncEndpointClient.class);
    private static final int MAX_FAILURE_BYTES = 64 * 1024;
    private static final int REMEMBERED = 10_000;

    private final ClientSettings settings;
    private final AsyncEndpointOptions options;
    private final Supplier<SageMakerRuntimeClient> runtime;
    private final S3Access s3;
    private final S3Staging staging;
    private final ClientResources resources;
    private final ExecutorService io;
    private final CallRetrier retrier;
    private final Listeners listeners;
    private final List<AutoCloseable> owned;
    private final String region;
    private final Duration invokeTimeout;
    private final ModeLimits limits;
    private final JobCalls calls;
    private final NotificationListener notifications;
    private final Map<String, AwsAsyncJob> jobs = new ConcurrentHashMap<>();
    private final Set<String> completed = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                    return size() > REMEMBERED;
                }
            }));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.function.Function<Dataset, List<io.github.sminference.spi.RecordSource>> sources;

    /**
     * Creates the client.
     *
     * @param settings the shared settings (mode ASYNC_ENDPOINT)
     * @param options staging and completion
     * @param runtime the SageMaker runtime client
     * @param s3 the S3 client
     * @param sqs the SQS client, for SNS completion; else {@code null}
     * @param region the Region's name, recorded in tokens
     * @param owned what to close with the client
     */
    public AsyncEndpointClient(ClientSettings settings, AsyncEndpointOptions options,
            Supplier<SageMakerRuntimeClient> runtime, software.amazon.awssdk.services.s3.S3Client s3, SqsClient sqs,
            String region, List<AutoCloseable> owned) {
        this.settings = settings;
        this.options = options;
        this.runtime = runtime;
        this.region = region;
        this.limits = settings.limits();
        this.resources = ClientResources.create(settings);
        this.io = Executors.newFixedThreadPool(Math.max(4, options.uploadConcurrency() + 2),
                ClientResources.daemon("sminference-async-io-" + settings.endpointName()));
        this.s3 = new S3Access(s3, options.expectedBucketOwner().orElse(null), options.treatForbiddenAsMissing());
        this.staging = new S3Staging(this.s3, options.stagingLocation().map(l -> S3Uri.parse("stagingLocation", l))
                .orElse(null), options.kmsKeyId().orElse(null), options.partSizeBytes(), options.uploadConcurrency(),
                io);
        this.retrier = new CallRetrier(settings.endpointName() + "-async", settings.retry(),
                settings.circuitBreaker(), settings.timeSource());
        this.listeners = new Listeners(settings.listeners());
        this.owned = List.copyOf(owned);
        this.invokeTimeout = settings.timeouts().attemptTimeout().orElse(Duration.ofSeconds(30));
        this.calls = new JobCalls(this::submit, settings.timeouts().totalTimeout(), resources.scheduler(),
                "asynchronous inference");
        this.notifications = sqs == null ? null : new NotificationListener(sqs,
                options.notificationQueueUrl().orElseThrow(), this, io);
        this.sources = new io.github.sminference.aws.internal.DatasetSources(InvocationMode.ASYNC_ENDPOINT, s3,
                null, options.expectedBucketOwner().orElse(null));
    }

    String endpointName() {
        return settings.endpointName();
    }

    String region() {
        return region;
    }

    Instant now() {
        return settings.timeSource().now();
    }

    S3Access s3() {
        return s3;
    }

    AwsAsyncJob held(String id) {
        return jobs.get(id);
    }

    boolean recentlyCompleted(String id) {
        return completed.contains(id);
    }

    /**
     * HEAD requests sent so far, for diagnostics and tests.
     *
     * @return the count
     */
    public long headRequests() {
        return s3.headRequests();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("the client is closed; build a new one");
        }
    }

    private static String idFor(InferenceRequest r) {
        if (r.idempotencyKey().isPresent()) {
            String key = r.idempotencyKey().get();
            if (key.length() <= 64 && key.matches("[A-Za-z0-9._:-]+")) {
                return key;
            }
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
                return "idem-" + HexFormat.of().formatHex(d, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return r.inferenceId().orElseGet(InferenceIds::next);
    }

    private InferenceEvent.Builder event(String op, String id) {
        return InferenceEvent.builder().operation(op).mode(InvocationMode.ASYNC_ENDPOINT)
                .endpointName(settings.endpointName()).inferenceId(id);
    }

    // ------------------------------------------------------------------ submission

    /** What validation resolved for a request. */
    private record Checked(InferenceRequest request, String id, Duration modelTime, Duration ttl) {
    }

    private Checked check(InferenceRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        RequestValidator.checkFields(request, InvocationMode.ASYNC_ENDPOINT, RequestValidator.Operation.ASYNC);
        Duration modelTime = RequestValidator.modelTime(request, limits);
        Duration ttl = RequestValidator.queueTtl(request, limits);
        if (request.payload().kind() == Payload.Kind.LOCATION) {
            String loc = request.payload().location().orElseThrow();
            if (loc.startsWith("s3://")) {
                S3Uri.parse("payload.location", loc);
            }
        }
        return new Checked(request, idFor(request), modelTime, ttl);
    }

    @Override
    public InferenceJob submit(InferenceRequest request) {
        Checked c;
        try {
            c = check(request);
        } catch (InferenceException e) {
            failed(null, e);
            throw e;
        }
        return submitChecked(c);
    }

    private void failed(String id, InferenceException e) {
        if (listeners.any()) {
            listeners.failure(event("submit", id).attempt(0).error(e).build());
        }
    }

    private AwsAsyncJob submitChecked(Checked c) {
        InferenceRequest r = c.request();
        Instant submitted = now();
        long startNanos = settings.timeSource().nanoTime();
        Duration budget = r.timeout().orElse(settings.timeouts().totalTimeout());
        S3Staging.Staged staged;
        long uploadStart = settings.timeSource().nanoTime();
        try {
            staged = staging.stage(r.payload(), c.id(), r.contentType().orElse(null), limits.maxRequestBytes());
        } catch (InferenceException e) {
            failed(c.id(), e);
            throw e;
        }
        if (staged.ours() && listeners.any()) {
            listeners.upload(event("upload", c.id()).requestBytes(staged.size())
                    .elapsed(Duration.ofNanos(settings.timeSource().nanoTime() - uploadStart)).build());
        }
        if (listeners.any()) {
            listeners.start(event("submit", c.id()).requestBytes(staged.size()).build());
        }
        InvokeEndpointAsyncRequest req = InvokeEndpointAsyncRequest.builder()
                .endpointName(settings.endpointName())
                .inputLocation(staged.location())
                .contentType(r.contentType().orElse(null))
                .accept(r.accept().orElse(null))
                .customAttributes(r.customAttributes().orElse(null))
                .inferenceId(c.id())
                .requestTTLSeconds((int) c.ttl().getSeconds())
                .invocationTimeoutSeconds((int) c.modelTime().getSeconds())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(invokeTimeout).apiCallTimeout(invokeTimeout))
                .build();
        InvokeEndpointAsyncResponse resp;
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try {
            resp = retrier.call("InvokeEndpointAsync on " + settings.endpointName(), settings.endpointName(),
                    startNanos + budget.toNanos(), budget, n -> {
                        attempts.set(n);
                        try {
                            return runtime.get().invokeEndpointAsync(req);
                        } catch (RuntimeException e) {
                            throw AwsExceptionMapper.map(e, invokeTimeout);
                        }
                    }, (n, e, delay) -> {
                        if (listeners.any()) {
                            listeners.retry(event("submit", c.id()).attempt(n).error(e).retryDelay(delay).build());
                        }
                    });
        } catch (InferenceException e) {
            if (staged.ours()) {
                s3.delete(staged.uri()); // no orphan input for a request the endpoint never accepted
            }
            failed(c.id(), e);
            throw e;
        }
        String outputLocation = resp.outputLocation();
        if (outputLocation == null) {
            throw new InferenceException("InvokeEndpointAsync returned no OutputLocation for " + c.id()
                    + "; is the endpoint configured for asynchronous inference?");
        }
        S3Uri output = S3Uri.parse("OutputLocation", outputLocation);
        S3Uri failure = resp.failureLocation() == null ? null : S3Uri.parse("FailureLocation",
                resp.failureLocation());
        String id = resp.inferenceId() != null ? resp.inferenceId() : c.id();
        Instant deadline = submitted.plus(c.ttl()).plus(c.modelTime());
        LOG.debug("submitted: endpoint={} mode=ASYNC_ENDPOINT inferenceId={} bytes={} output={} failure={}",
                settings.endpointName(), id, staged.size(), output, failure);
        AwsAsyncJob job = new AwsAsyncJob(this, id, staged.location(), staged.ours() ? staged.uri() : null, output,
                failure, submitted, deadline);
        job.submissionAttempts(attempts.get());
        job.requestBytes(staged.size());
        track(job, options.completion() == AsyncEndpointOptions.Completion.SNS);
        return job;
    }

    private void track(AwsAsyncJob job, boolean viaNotifications) {
        jobs.put(job.id(), job);
        job.publish(resources, io);
        job.outcome().whenComplete((o, e) -> finished(job, o, e));
        long untilDeadline = Duration.between(now(), job.deadline()).toNanos();
        resources.scheduler().schedule(() -> io.execute(() -> deadlinePassed(job)), Math.max(0, untilDeadline),
                TimeUnit.NANOSECONDS);
        if (viaNotifications && notifications != null) {
            notifications.start();
            job.timer(resources.scheduler().schedule(() -> schedulePoll(job, Duration.ZERO),
                    options.notificationFallback().toNanos(), TimeUnit.NANOSECONDS));
        } else {
            schedulePoll(job, options.pollInitialInterval());
        }
    }

    private void finished(AwsAsyncJob job, AwsAsyncJob.Outcome o, Throwable e) {
        completed.add(job.id());
        jobs.remove(job.id(), job);
        LOG.debug("async inference {} {} after {} S3 check(s)", job.id(), e == null ? "completed" : "failed",
                job.checks());
        if (options.deleteStagedInputs()) {
            job.stagedInput().ifPresent(u -> io.execute(() -> s3.delete(u)));
        }
        if (listeners.any()) {
            Duration took = Duration.between(job.submittedAt(), now());
            InferenceEvent.Builder ev = event("submit", job.id()).attempt(job.submissionAttempts())
                    .requestBytes(job.requestBytes()).elapsed(took);
            if (e == null) {
                listeners.success(ev.responseBytes(o.size()).build());
            } else {
                listeners.failure(ev.error(Futures.rethrow(e)).build());
            }
        }
    }

    // ------------------------------------------------------------------ completion

    private Duration nextInterval(Duration last) {
        double d = last.isZero() ? options.pollInitialInterval().toNanos()
                : Math.min(last.toNanos() * options.pollMultiplier(), options.pollMaxInterval().toNanos());
        double jittered = d * (1 - options.pollJitter() * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos((long) Math.max(jittered, 1_000_000));
    }

    private void schedulePoll(AwsAsyncJob job, Duration delay) {
        if (!job.waiting() || closed.get()) {
            return;
        }
        try {
            job.timer(resources.scheduler().schedule(() -> io.execute(() -> {
                checkNow(job);
                schedulePoll(job, nextInterval(delay));
            }), delay.toNanos(), TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** A wake-up from a notification: check the locations on an I/O thread. */
    void checkSoon(AwsAsyncJob job) {
        io.execute(() -> checkNow(job));
    }

    /** Looks at the output and failure locations once, and completes the request if one exists. */
    void checkNow(AwsAsyncJob job) {
        if (job.outcome().isDone()) {
            return;
        }
        int n = job.nextCheck();
        if (listeners.any()) {
            listeners.poll(event("poll", job.id()).attempt(n)
                    .elapsed(Duration.between(job.submittedAt(), now())).build());
        }
        try {
            Optional<HeadObjectResponse> out = s3.head(job.output());
            if (out.isPresent()) {
                job.outcome().complete(new AwsAsyncJob.Outcome(job.output(), out.get().contentType(),
                        out.get().contentLength() == null ? -1 : out.get().contentLength(), now()));
                return;
            }
            if (job.failure().isPresent() && s3.head(job.failure().get()).isPresent()) {
                byte[] content = s3.readPrefix(job.failure().get(), MAX_FAILURE_BYTES);
                // the failure object is the authority; a notification's reason (anyone allowed to send to the queue
                // can write one) is added as what the notification said, never in its place
                String reason = "the endpoint wrote a failure object at " + job.failure().get()
                        + (job.notifiedReason() == null ? "" : "; the notification said: " + job.notifiedReason());
                job.outcome().completeExceptionally(new JobFailedException(job.id(), reason, content));
            }
        } catch (InferenceException e) {
            if (!e.isRetryable()) {
                job.outcome().completeExceptionally(e);
            } else {
                LOG.debug("checking {} failed ({}); will check again", job.id(), e.getClass().getSimpleName());
            }
        }
    }

    private void deadlinePassed(AwsAsyncJob job) {
        if (job.outcome().isDone()) {
            return;
        }
        checkNow(job); // one last look
        job.outcome().completeExceptionally(new InferenceTimeoutException(InferenceTimeoutException.Budget.DEADLINE,
                null, "asynchronous inference " + job.id() + " did not finish by its deadline " + job.deadline()
                        + " (queue TTL plus invocation timeout); no output or failure object appeared at "
                        + job.output() + job.failure().map(f -> " or " + f).orElse(""), null));
    }

    // ------------------------------------------------------------------ the other calls

    @Override
    public InferenceResult predict(InferenceRequest request) {
        return calls.predict(request);
    }

    @Override
    public CompletableFuture<InferenceResult> predictAsync(InferenceRequest request) {
        Checked c;
        try {
            c = check(request);
        } catch (InferenceException e) {
            failed(null, e);
            return CompletableFuture.failedFuture(e);
        }
        // staging and InvokeEndpointAsync block on I/O: run them on the client's I/O threads, not the caller's
        Duration budget = request.timeout().orElse(settings.timeouts().totalTimeout());
        CompletableFuture<InferenceResult> out = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> submitChecked(c), io).whenComplete((job, e) -> {
            if (e != null) {
                resources.complete(() -> out.completeExceptionally(Futures.unwrap(e)));
                return;
            }
            var timer = resources.scheduler().schedule(() -> out.completeExceptionally(
                    new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, budget,
                            "asynchronous inference " + job.id() + " did not finish within the total budget of "
                                    + budget + "; it goes on: resume it with its token (" + job.token() + ")", null)),
                    budget.toNanos(), TimeUnit.NANOSECONDS);
            job.future().whenComplete((r, x) -> {
                timer.cancel(false);
                if (x != null) {
                    out.completeExceptionally(Futures.unwrap(x));
                } else {
                    out.complete(r);
                }
            });
            out.whenComplete((r, x) -> {
                if (out.isCancelled()) {
                    job.cancel();
                }
            });
        });
        return out;
    }

    @Override
    public ResponseStream predictStream(InferenceRequest request) {
        return calls.predictStream(request);
    }

    @Override
    public ScoringJob score(Dataset dataset, ScoringOptions scoringOptions) {
        checkOpen();
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(scoringOptions, "options");
        return FanOut.start(new FanOutSpec(FanOut.newId(settings.timeSource()), InvocationMode.ASYNC_ENDPOINT,
                settings.endpointName(), sources.apply(dataset), dataset.splitType(),
                dataset.contentType().orElse(null), dataset.accept().orElse(null), scoringOptions,
                limits.maxRequestBytes(),
                scoringOptions.maxConcurrentTransforms().orElse(settings.maxConcurrency()), this::predictAsync,
                resources, listeners, settings.timeSource()));
    }

    @Override
    public InferenceJob resume(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        if (t.kind() != ResumeToken.Kind.INFERENCE) {
            throw new InvalidRequestException("token", t.id(), "this is a scoring token; use resumeScoring(token)");
        }
        if (t.mode() != InvocationMode.ASYNC_ENDPOINT) {
            throw new InvalidRequestException("token", t.id(), "the token is for mode " + t.mode()
                    + " but this client is ASYNC_ENDPOINT; resume it with a client of that mode");
        }
        if (!t.name().equals(settings.endpointName())) {
            throw new InvalidRequestException("token", t.id(), "the token is for endpoint " + t.name()
                    + " but this client's is " + settings.endpointName());
        }
        String tokenRegion = t.get("region").orElse(null);
        if (tokenRegion != null && region != null && !tokenRegion.equals(region)) {
            throw new InvalidRequestException("token", t.id(), "the token is for Region " + tokenRegion
                    + " but this client's is " + region);
        }
        AwsAsyncJob known = jobs.get(t.id());
        if (known != null) {
            return known;
        }
        S3Uri output = S3Uri.parse("token.output", t.get("output").orElseThrow(() -> new InvalidRequestException(
                "token", t.id(), "the token has no output location")));
        S3Uri failure = t.get("failure").map(f -> S3Uri.parse("token.failure", f)).orElse(null);
        String input = t.get("input").orElse("");
        S3Uri staged = t.get("staged").isPresent() && input.startsWith("s3://") ? S3Uri.parse("token.input", input)
                : null;
        Instant submitted = t.get("submitted").map(Instant::parse).orElse(now());
        Instant deadline = t.deadline().orElse(now());
        AwsAsyncJob job = new AwsAsyncJob(this, t.id(), input, staged, output, failure, submitted, deadline);
        LOG.debug("resume: endpoint={} inferenceId={} deadline={}", settings.endpointName(), t.id(), deadline);
        track(job, options.completion() == AsyncEndpointOptions.Completion.SNS);
        checkSoon(job); // it may have finished while nobody was waiting
        return job;
    }

    @Override
    public ScoringJob resumeScoring(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        throw FanOut.cannotResume(t.mode());
    }

    @Override
    public InvocationMode mode() {
        return InvocationMode.ASYNC_ENDPOINT;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (notifications != null) {
            notifications.stop();
        }
        io.shutdownNow();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
            }
        }
        resources.close();
    }

    @Override
    public String toString() {
        return "InferenceClient[ASYNC_ENDPOINT " + settings.endpointName() + ", " + options + "]";
    }
}
