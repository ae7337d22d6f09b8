package io.github.sminference.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.exception.CircuitOpenException;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.limits.ModeLimits;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.EndpointResponse;
import io.github.sminference.spi.EndpointTransport;
import io.github.sminference.spi.Invocation;
import io.github.sminference.spi.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one request pipeline of synchronous endpoints, shared by the blocking, non-blocking and streaming paths:
 * validation and limits, inference id, concurrency permit, circuit breaker, attempts with the retry policy, attempt
 * and total budgets, listeners and logs. The transport makes single attempts. Thread-safe.
 */
public final class InvocationPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(InvocationPipeline.class);

    private final ClientSettings settings;
    private final EndpointTransport transport;
    private final ClientResources resources;
    private final RetryController retries;
    private final Breakers breakers;
    private final ConcurrencyLimiter limiter;
    private final Listeners listeners;
    private final TimeSource time;
    private final ModeLimits limits;
    private final InvocationMode mode;
    private final String endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the pipeline.
     *
     * @param settings the client's settings
     * @param transport makes single attempts
     * @param resources the client's threads
     */
    public InvocationPipeline(ClientSettings settings, EndpointTransport transport, ClientResources resources) {
        this.settings = settings;
        this.transport = transport;
        this.resources = resources;
        this.retries = new RetryController(settings.endpointName(), settings.retry());
        this.breakers = new Breakers(settings.circuitBreaker(), settings.timeSource());
        this.limiter = new ConcurrencyLimiter(settings.maxConcurrency());
        this.listeners = new Listeners(settings.listeners());
        this.time = settings.timeSource();
        this.limits = settings.limits();
        this.mode = settings.mode();
        this.endpoint = settings.endpointName();
    }

    /**
     * The circuit breakers, for diagnostics and tests.
     *
     * @return the registry
     */
    public Breakers breakers() {
        return breakers;
    }

    /**
     * The concurrency limiter, for diagnostics and tests.
     *
     * @return the limiter
     */
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    /** One call: the validated request and its budgets. */
    private final class Call {
        final String operation;
        final InferenceRequest request;
        final String inferenceId;
        final byte[] body;
        final Duration attemptTimeout;
        final Duration total;
        final long startNanos;
        final long deadlineNanos;
        final String breakerName;
        final RetryController.Attempts attempts = retries.start();
        int attempt;
        InferenceException lastError;

        Call(String operation, InferenceRequest request, RequestValidator.Operation op, long startNanos) {
            if (closed.get()) {
                throw new ClientClosedException("the client is closed; build a new one");
            }
            this.operation = operation;
            this.request = request;
            this.startNanos = startNanos;
            RequestValidator.checkFields(request, mode, op);
            Duration modelTime = RequestValidator.modelTime(request, limits);
            this.body = RequestValidator.syncBody(request.payload(), limits);
            this.inferenceId = RequestValidator.inferenceId(request, settings.generateInferenceIds());
            this.attemptTimeout = settings.timeouts().attemptTimeoutFor(modelTime);
            this.total = request.timeout().orElse(settings.timeouts().totalTimeout());
            this.deadlineNanos = startNanos + saturatedNanos(total);
            this.breakerName = Breakers.name(endpoint, request.targetModel().orElse(null),
                    request.inferenceComponentName().orElse(null));
        }

        private long saturatedNanos(Duration d) {
            // a century is "no deadline" for all practical purposes, and cannot overflow nanoTime arithmetic
            long cap = Duration.ofDays(36_500).toNanos();
            return d.compareTo(Duration.ofDays(36_500)) >= 0 ? cap : d.toNanos();
        }

        long remainingNanos() {
            return deadlineNanos - time.nanoTime();
        }

        Invocation nextInvocation() {
            attempt++;
            long remaining = remainingNanos();
            Duration timeout = attemptTimeout.toNanos() <= remaining ? attemptTimeout : Duration.ofNanos(remaining);
            return Invocation.of(endpoint, mode, request, inferenceId, body, attempt, timeout);
        }

        Duration elapsed() {
            return Duration.ofNanos(time.nanoTime() - startNanos);
        }

        InferenceEvent.Builder event() {
            return InferenceEvent.builder().operation(operation).mode(mode).endpointName(endpoint)
                    .inferenceId(inferenceId).attempt(Math.max(attempt, 1)).requestBytes(body.length)
                    .elapsed(elapsed());
        }

        InferenceTimeoutException totalTimeout(Throwable cause) {
            return new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, total,
                    operation + " on " + endpoint + " ran out of its total budget of " + total + " after " + attempt
                            + " attempt(s)" + (cause == null ? "" : "; last error: " + cause.getMessage())
                            + ". Raise the request's timeout or TimeoutPolicy.totalTimeout", cause);
        }
    }

    private void rejected(String operation, InferenceRequest request, InferenceException e) {
        LOG.debug("{} rejected before sending: endpoint={} mode={} error={}", operation, endpoint, mode,
                e.getClass().getSimpleName());
        if (listeners.any()) {
            listeners.failure(InferenceEvent.builder().operation(operation).mode(mode).endpointName(endpoint)
                    .inferenceId(request == null ? null : request.inferenceId().orElse(null)).attempt(0)
                    .error(e).build());
        }
    }

    private Call prepare(String operation, InferenceRequest request, RequestValidator.Operation op) {
        Objects.requireNonNull(request, "request");
        try {
            Call c = new Call(operation, request, op, time.nanoTime());
            if (listeners.any()) {
                listeners.start(c.event().attempt(1).build());
            }
            return c;
        } catch (InferenceException e) {
            rejected(operation, request, e);
            throw e;
        }
    }

    private InferenceResult succeed(Call c, EndpointResponse r) {
        c.attempts.onSuccess();
        Duration latency = c.elapsed();
        ResultMetadata md = ResultMetadata.builder().mode(mode).endpointName(endpoint).inferenceId(c.inferenceId)
                .invokedVariant(r.invokedVariant().orElse(null)).customAttributes(r.customAttributes().orElse(null))
                .newSessionId(r.newSessionId().orElse(null)).closedSessionId(r.closedSessionId().orElse(null))
                .attempts(c.attempt).latency(latency).build();
        if (LOG.isDebugEnabled()) { // no argument array or boxing per call when debug is off
            LOG.debug("{} ok: endpoint={} mode={} inferenceId={} attempts={} requestBytes={} responseBytes={}"
                    + " latencyMs={}", c.operation, endpoint, mode, c.inferenceId, c.attempt, c.body.length,
                    r.body().length, latency.toMillis());
        }
        if (listeners.any()) {
            listeners.success(c.event().attempt(c.attempt).responseBytes(r.body().length).build());
        }
        return InferenceResult.ofOwned(r.body(), r.contentType().orElse(null), md);
    }

    private InferenceException fail(Call c, InferenceException e) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} failed: endpoint={} mode={} inferenceId={} attempts={} error={} retryable={} latencyMs={}",
                    c.operation, endpoint, mode, c.inferenceId, c.attempt, e.getClass().getSimpleName(),
                    e.isRetryable(), c.elapsed().toMillis());
        }
        if (listeners.any()) {
            listeners.failure(c.event().attempt(c.attempt).error(e).build());
        }
        return e;
    }

    private void retrying(Call c, InferenceException e, Duration delay) {
        LOG.debug("{} retrying: endpoint={} mode={} inferenceId={} attempt={} error={} backoffMs={}", c.operation,
                endpoint, mode, c.inferenceId, c.attempt, e.getClass().getSimpleName(), delay.toMillis());
        if (listeners.any()) {
            listeners.retry(c.event().attempt(c.attempt).error(e).retryDelay(delay).build());
        }
    }

    /**
     * After a failed attempt: the backoff before the next one, or the error to end the call with.
     *
     * @return the delay, or {@code null} if {@code c.lastError} (possibly replaced) ends the call
     */
    private Duration afterError(Call c, InferenceException e) {
        c.lastError = e;
        Duration delay = c.attempts.onError(e);
        if (delay == null) {
            return null;
        }
        if (c.remainingNanos() - delay.toNanos() <= 0) {
            c.lastError = c.totalTimeout(e);
            return null;
        }
        retrying(c, e, delay);
        return delay;
    }

    private static InferenceException mapped(Throwable t) {
        return Futures.rethrow(t);
    }

    private CircuitBreaker breaker(Call c) {
        try {
            return breakers.acquire(c.breakerName);
        } catch (CircuitOpenException e) {
            if (c.lastError != null) {
                throw new CircuitOpenException(e.breakerName(), settings.circuitBreaker().waitInOpenState(),
                        c.lastError);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- blocking

    /**
     * Blocking call on the caller's thread.
     *
     * @param request the request
     * @return the result
     */
    public InferenceResult invoke(InferenceRequest request) {
        Call c = prepare("predict", request, RequestValidator.Operation.INVOKE);
        acquirePermit(c);
        try {
            while (true) {
                if (c.remainingNanos() <= 0) {
                    throw fail(c, c.totalTimeout(c.lastError));
                }
                CircuitBreaker cb;
                try {
                    cb = breaker(c);
                } catch (CircuitOpenException e) {
                    throw fail(c, e);
                }
                Invocation inv = c.nextInvocation();
                long t0 = time.nanoTime();
                EndpointResponse response;
                try {
                    response = transport.invoke(inv);
                } catch (RuntimeException ex) {
                    InferenceException e = mapped(ex);
                    Breakers.record(cb, time.nanoTime() - t0, e);
                    Duration delay = afterError(c, e);
                    if (delay == null) {
                        throw fail(c, c.lastError);
                    }
                    sleep(c, delay);
                    continue;
                }
                Breakers.record(cb, time.nanoTime() - t0, null);
                return succeed(c, response);
            }
        } finally {
            limiter.release();
        }
    }

    private void acquirePermit(Call c) {
        boolean ok;
        try {
            ok = limiter.acquire(c.remainingNanos());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw fail(c, new InferenceCancelledException("interrupted while waiting for a concurrency permit", ie));
        } catch (ClientClosedException e) {
            throw fail(c, e);
        }
        if (!ok) {
            throw fail(c, new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, c.total,
                    c.operation + " on " + endpoint + " waited its whole budget of " + c.total
                            + " for one of maxConcurrency=" + settings.maxConcurrency()
                            + " permits; raise maxConcurrency or the timeout", null));
        }
    }

    private void sleep(Call c, Duration delay) {
        try {
            time.sleep(delay);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw fail(c, new InferenceCancelledException("interrupted during the backoff before attempt "
                    + (c.attempt + 1), ie));
        }
    }

    // ---------------------------------------------------------------- non-blocking

    /**
     * Non-blocking call. Validation errors come back as a failed future.
     *
     * @param request the request
     * @return the future result, completed on the completion executor
     */
    public CompletableFuture<InferenceResult> invokeAsync(InferenceRequest request) {
        return invokeAsync(request, false);
    }

    /**
     * Non-blocking call whose future is completed on the thread that finished the call (an I/O thread), not on the
     * completion executor. Only for internal callers that run nothing on the future but a blocking read: the fan-out's
     * reader joins the oldest answer, and the hop through the completion executor cost it a thread wake-up per record.
     * Validation errors come back as a failed future.
     *
     * @param request the request
     * @return the future result; never attach callbacks that block or run long to it
     */
    public CompletableFuture<InferenceResult> invokeAsyncForReader(InferenceRequest request) {
        return invokeAsync(request, true);
    }

    private CompletableFuture<InferenceResult> invokeAsync(InferenceRequest request, boolean completeInline) {
        Objects.requireNonNull(request, "request");
        Call c;
        try {
            c = prepare("predictAsync", request, RequestValidator.Operation.INVOKE);
        } catch (InferenceException e) {
            return CompletableFuture.failedFuture(e);
        }
        return new AsyncCall(c, completeInline).start();
    }

    /**
     * Validates now (throwing), then runs the call without blocking.
     *
     * @param request the request
     * @param operation the operation name for logs and events
     * @return the future result
     */
    public CompletableFuture<InferenceResult> submit(InferenceRequest request, String operation) {
        return new AsyncCall(prepare(operation, request, RequestValidator.Operation.INVOKE), false).start();
    }

    /** The state machine of one non-blocking call. */
    private final class AsyncCall {
        private final Call c;
        private final boolean completeInline;
        private final CompletableFuture<InferenceResult> result = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean permitHeld = new AtomicBoolean();
        private volatile Future<?> inFlight;
        private volatile ScheduledFuture<?> retryTimer;
        private volatile ScheduledFuture<?> totalTimer;
        private volatile CompletableFuture<Void> permit;

        AsyncCall(Call c, boolean completeInline) {
            this.c = c;
            this.completeInline = completeInline;
        }

        CompletableFuture<InferenceResult> start() {
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    cancelled();
                }
            });
            long remaining = c.remainingNanos();
            try {
                totalTimer = resources.scheduler().schedule(() -> finish(null, c.totalTimeout(c.lastError)),
                        Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                finish(null, new ClientClosedException("the client is closed; build a new one"));
                return result;
            }
            CompletableFuture<Void> p = limiter.acquireAsync();
            permit = p;
            java.util.function.BiConsumer<Void, Throwable> onPermit = (v, e) -> {
                if (e != null) {
                    finish(null, mapped(e));
                    return;
                }
                permitHeld.set(true);
                if (done.get()) {
                    releasePermit();
                } else {
                    attempt();
                }
            };
            if (p.isDone()) {
                onPermit.accept(null, p.isCompletedExceptionally() ? p.handle((v, e) -> e).join() : null);
            } else {
                // A queued call gets its permit inside another call's completion (on an I/O thread, possibly
                // deep in a chain of hand-offs): start it on the completion executor instead of inline.
                p.whenCompleteAsync(onPermit, resources.completionExecutor());
            }
            return result;
        }

        private void releasePermit() {
            if (permitHeld.compareAndSet(true, false)) {
                limiter.release();
            }
        }

        private void attempt() {
            if (done.get()) {
                return;
            }
            if (c.remainingNanos() <= 0) {
                finish(null, c.totalTimeout(c.lastError));
                return;
            }
            CircuitBreaker cb;
            try {
                cb = breaker(c);
            } catch (CircuitOpenException e) {
                finish(null, e);
                return;
            }
            Invocation inv = c.nextInvocation();
            long t0 = time.nanoTime();
            CompletableFuture<EndpointResponse> f;
            try {
                f = transport.invokeAsync(inv);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            inFlight = f;
            f.whenComplete((r, err) -> {
                long nanos = time.nanoTime() - t0;
                if (err == null) {
                    Breakers.record(cb, nanos, null);
                    if (!done.get()) {
                        finish(succeed(c, r), null);
                    }
                    return;
                }
                InferenceException e = mapped(err);
                Breakers.record(cb, nanos, e);
                if (done.get()) {
                    return;
                }
                Duration delay = afterError(c, e);
                if (delay == null) {
                    finish(null, c.lastError);
                    return;
                }
                try {
                    retryTimer = resources.scheduler().schedule(this::attempt, delay.toNanos(),
                            TimeUnit.NANOSECONDS);
                } catch (RuntimeException rejected) {
                    finish(null, new ClientClosedException("the client was closed during a retry backoff"));
                }
            });
        }

        private void finish(InferenceResult value, InferenceException error) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimers();
            Future<?> f = inFlight;
            if (error != null && f != null && !f.isDone()) {
                f.cancel(true);
            }
            CompletableFuture<Void> p = permit;
            if (p != null && !p.isDone()) {
                p.cancel(false);
            }
            releasePermit();
            if (error != null) {
                fail(c, error);
                complete(() -> result.completeExceptionally(error));
            } else {
                complete(() -> result.complete(value));
            }
        }

        private void complete(Runnable completion) {
            if (completeInline) {
                completion.run();
            } else {
                resources.complete(completion);
            }
        }

        private void cancelled() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimers();
            Future<?> f = inFlight;
            if (f != null) {
                f.cancel(true);
            }
            CompletableFuture<Void> p = permit;
            if (p != null) {
                p.cancel(false);
            }
            releasePermit();
            fail(c, new InferenceCancelledException(c.operation + " was cancelled by the caller", null));
        }

        private void cancelTimers() {
            ScheduledFuture<?> t = totalTimer;
            if (t != null) {
                t.cancel(false);
            }
            ScheduledFuture<?> r = retryTimer;
            if (r != null) {
                r.cancel(false);
            }
        }
    }

    // ---------------------------------------------------------------- streaming

    /**
     * Streaming call: blocks until the response starts (retrying failures before that), then returns the stream.
     * The concurrency permit is held until the stream ends or is closed.
     *
     * @param request the request
     * @return the stream
     */
    public ResponseStream invokeStream(InferenceRequest request) {
        Call c = prepare("predictStream", request, RequestValidator.Operation.STREAM);
        acquirePermit(c);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                limiter.release();
            }
        };
        try {
            while (true) {
                if (c.remainingNanos() <= 0) {
                    throw fail(c, c.totalTimeout(c.lastError));
                }
                CircuitBreaker cb;
                try {
                    cb = breaker(c);
                } catch (CircuitOpenException e) {
                    throw fail(c, e);
                }
                Invocation inv = c.nextInvocation();
                PartStream stream = new PartStream(time, c.deadlineNanos, c.total);
                long t0 = time.nanoTime();
                CompletableFuture<EndpointResponse> headers = null;
                try {
                    headers = transport.invokeStream(inv, stream);
                    EndpointResponse h = headers.get(inv.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
                    Breakers.record(cb, time.nanoTime() - t0, null);
                    c.attempts.onSuccess();
                    Duration firstByte = c.elapsed();
                    stream.started(ResultMetadata.builder().mode(mode).endpointName(endpoint)
                            .inferenceId(c.inferenceId).invokedVariant(h.invokedVariant().orElse(null))
                            .customAttributes(h.customAttributes().orElse(null))
                            .newSessionId(h.newSessionId().orElse(null))
                            .closedSessionId(h.closedSessionId().orElse(null)).attempts(c.attempt)
                            .latency(firstByte).build(), h.contentType().orElse(null));
                    stream.onTerminate(release);
                    LOG.debug("predictStream started: endpoint={} mode={} inferenceId={} attempts={} firstByteMs={}",
                            endpoint, mode, c.inferenceId, c.attempt, firstByte.toMillis());
                    if (listeners.any()) {
                        listeners.success(c.event().attempt(c.attempt).build());
                    }
                    return stream;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    cancel(headers, stream);
                    throw fail(c, new InferenceCancelledException("interrupted while the stream started", ie));
                } catch (TimeoutException te) {
                    cancel(headers, stream);
                    InferenceException e = new InferenceTimeoutException(InferenceTimeoutException.Budget.ATTEMPT,
                            inv.attemptTimeout(), "the response stream did not start within the attempt timeout of "
                                    + inv.attemptTimeout(), null);
                    Breakers.record(cb, time.nanoTime() - t0, e);
                    retryOrThrow(c, e);
                } catch (ExecutionException | RuntimeException ex) {
                    cancel(headers, stream);
                    InferenceException e = mapped(ex);
                    Breakers.record(cb, time.nanoTime() - t0, e);
                    retryOrThrow(c, e);
                }
            }
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private void retryOrThrow(Call c, InferenceException e) {
        Duration delay = afterError(c, e);
        if (delay == null) {
            throw fail(c, c.lastError);
        }
        sleep(c, delay);
    }

    private static void cancel(CompletableFuture<?> f, PartStream stream) {
        if (f != null) {
            f.cancel(true);
        }
        stream.close();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    /** Refuses new calls and fails calls waiting for a permit. In-flight attempts finish or fail. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            limiter.close();
        }
    }
}
