package io.github.sminference.spi;

import io.github.sminference.InvocationMode;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.limits.ModeLimits;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The settings every client shares, whatever its adapter: endpoint, mode, limits, policies, concurrency, listeners,
 * executors and clock. Built and validated by a {@link BaseClientBuilder}. Immutable and thread-safe.
 */
public final class ClientSettings {
    private final String endpointName;
    private final InvocationMode mode;
    private final ModeLimits limits;
    private final TimeoutPolicy timeouts;
    private final RetryPolicy retry;
    private final CircuitBreakerPolicy circuitBreaker;
    private final int maxConcurrency;
    private final List<InferenceListener> listeners;
    private final Executor completionExecutor;
    private final ScheduledExecutorService scheduler;
    private final TimeSource timeSource;
    private final boolean generateInferenceIds;

    ClientSettings(String endpointName, InvocationMode mode, ModeLimits limits, TimeoutPolicy timeouts,
            RetryPolicy retry, CircuitBreakerPolicy circuitBreaker, int maxConcurrency,
            List<InferenceListener> listeners, Executor completionExecutor, ScheduledExecutorService scheduler,
            TimeSource timeSource, boolean generateInferenceIds) {
        this.endpointName = endpointName;
        this.mode = mode;
        this.limits = limits;
        this.timeouts = timeouts;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
        this.maxConcurrency = maxConcurrency;
        this.listeners = List.copyOf(listeners);
        this.completionExecutor = completionExecutor;
        this.scheduler = scheduler;
        this.timeSource = timeSource;
        this.generateInferenceIds = generateInferenceIds;
    }

    /**
     * The endpoint (or, for batch, the model) this client invokes.
     *
     * @return the name
     */
    public String endpointName() {
        return endpointName;
    }

    /**
     * The mode.
     *
     * @return the mode
     */
    public InvocationMode mode() {
        return mode;
    }

    /**
     * The limits enforced before sending.
     *
     * @return the limits of the mode, with any overrides
     */
    public ModeLimits limits() {
        return limits;
    }

    /**
     * The time budgets.
     *
     * @return the timeout policy
     */
    public TimeoutPolicy timeouts() {
        return timeouts;
    }

    /**
     * The retry policy.
     *
     * @return the policy
     */
    public RetryPolicy retry() {
        return retry;
    }

    /**
     * The circuit breaker policy.
     *
     * @return the policy
     */
    public CircuitBreakerPolicy circuitBreaker() {
        return circuitBreaker;
    }

    /**
     * The most calls in flight at once; further calls wait for a permit within their total budget.
     *
     * @return at least 1
     */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * The listeners, in registration order.
     *
     * @return an unmodifiable list
     */
    public List<InferenceListener> listeners() {
        return listeners;
    }

    /**
     * The caller's executor for completing futures.
     *
     * @return the executor, or empty if the client creates (and owns) its own
     */
    public Optional<Executor> completionExecutor() {
        return Optional.ofNullable(completionExecutor);
    }

    /**
     * The caller's scheduler for backoff and timeouts.
     *
     * @return the scheduler, or empty if the client creates (and owns) its own
     */
    public Optional<ScheduledExecutorService> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /**
     * The clock.
     *
     * @return the time source
     */
    public TimeSource timeSource() {
        return timeSource;
    }

    /**
     * Whether the client generates an inference id for requests that have none.
     *
     * @return {@code true} by default
     */
    public boolean generateInferenceIds() {
        return generateInferenceIds;
    }

    @Override
    public String toString() {
        return "ClientSettings[" + mode + " " + endpointName + ", " + limits + ", " + timeouts + ", " + retry + ", "
                + circuitBreaker + ", maxConcurrency=" + maxConcurrency + "]";
    }
}
