package io.github.sminference.spi;

import io.github.sminference.InvocationMode;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.limits.ModeLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The settings every client builder shares; adapters' builders extend it. Not thread-safe.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
public abstract class BaseClientBuilder<B extends BaseClientBuilder<B>> {
    private static final Pattern ENDPOINT_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");

    private String endpointName;
    private InvocationMode mode;
    private UnaryOperator<ModeLimits.Builder> limitOverrides;
    private ModeLimits limits;
    private TimeoutPolicy timeouts = TimeoutPolicy.defaults();
    private RetryPolicy retry = RetryPolicy.defaults();
    private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.defaults();
    private int maxConcurrency = 50;
    private final List<InferenceListener> listeners = new ArrayList<>();
    private Executor completionExecutor;
    private ScheduledExecutorService scheduler;
    private TimeSource timeSource = TimeSource.system();
    private boolean generateInferenceIds = true;

    /** For subclasses. */
    protected BaseClientBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Sets the endpoint to invoke (required): 1-63 characters, letters, digits and inner hyphens.
     *
     * @param endpointName the endpoint name
     * @return this builder
     */
    public B endpointName(String endpointName) {
        this.endpointName = endpointName;
        return self();
    }

    /**
     * Sets the mode (required).
     *
     * @param mode how the model is deployed
     * @return this builder
     */
    public B mode(InvocationMode mode) {
        this.mode = mode;
        return self();
    }

    /**
     * Replaces the mode's limits. The limits must be of the same mode.
     *
     * @param limits e.g. {@code ModeLimits.defaults(REAL_TIME).toBuilder().maxRequestBytes(...).build()}
     * @return this builder
     */
    public B limits(ModeLimits limits) {
        this.limits = limits;
        this.limitOverrides = null;
        return self();
    }

    /**
     * Overrides some of the mode's default limits, e.g. {@code b -> b.maxRequestBytes(4_194_304)}.
     *
     * @param overrides applied to a builder holding the mode's defaults
     * @return this builder
     */
    public B limits(UnaryOperator<ModeLimits.Builder> overrides) {
        this.limitOverrides = overrides;
        this.limits = null;
        return self();
    }

    /**
     * Sets the time budgets.
     *
     * @param timeouts the policy
     * @return this builder
     */
    public B timeouts(TimeoutPolicy timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        return self();
    }

    /**
     * Sets the retry policy.
     *
     * @param retry the policy ({@link RetryPolicy#none()} to never retry)
     * @return this builder
     */
    public B retry(RetryPolicy retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        return self();
    }

    /**
     * Sets the circuit breaker policy.
     *
     * @param circuitBreaker the policy ({@link CircuitBreakerPolicy#disabled()} to never open)
     * @return this builder
     */
    public B circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
        this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        return self();
    }

    /**
     * Sets the most calls in flight at once (default 50). Further calls wait, within their total budget, for a
     * permit. Adapters also size their connection pools from it.
     *
     * @param maxConcurrency 1 to 10,000
     * @return this builder
     */
    public B maxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
        return self();
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public B addListener(InferenceListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /**
     * Sets the executor that completes callers' futures. The client never shuts it down. By default the client
     * creates a daemon pool of its own (as many threads as the AWS SDK's own completion executor: at least 8, idle
     * ones ending after 30 s) and shuts it down on close.
     *
     * @param executor the executor, or {@code null} for the client's own
     * @return this builder
     */
    public B completionExecutor(Executor executor) {
        this.completionExecutor = executor;
        return self();
    }

    /**
     * Sets the scheduler for backoff, timeouts and polling. The client never shuts it down. By default the client
     * creates one daemon thread of its own and shuts it down on close.
     *
     * @param scheduler the scheduler, or {@code null} for the client's own
     * @return this builder
     */
    public B scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        return self();
    }

    /**
     * Sets the clock (tests inject a fake one so they never sleep).
     *
     * @param timeSource the time source
     * @return this builder
     */
    public B timeSource(TimeSource timeSource) {
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        return self();
    }

    /**
     * Sets whether the client generates an inference id (a random version 4 UUID, unique but not secret) for requests
     * without one, so retries and logs can be correlated (default {@code true}).
     *
     * @param generate {@code false} to send no id when the request has none
     * @return this builder
     */
    public B generateInferenceIds(boolean generate) {
        this.generateInferenceIds = generate;
        return self();
    }

    /**
     * Validates and snapshots the shared settings.
     *
     * @return the settings
     * @throws InvalidRequestException if a setting is missing or invalid
     */
    protected ClientSettings settings() {
        if (endpointName == null || endpointName.length() > 63 || !ENDPOINT_NAME.matcher(endpointName).matches()) {
            throw new InvalidRequestException("endpointName", endpointName == null ? null
                    : io.github.sminference.internal.RequestValidator.abbreviate(endpointName),
                    "an endpoint name is 1-63 letters, digits and hyphens, starting and ending with a letter or"
                            + " digit (pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$)");
        }
        if (mode == null) {
            throw new InvalidRequestException("mode", null,
                    "set mode(InvocationMode.REAL_TIME | SERVERLESS | ASYNC_ENDPOINT | BATCH)");
        }
        ModeLimits resolved = limits;
        if (resolved == null) {
            resolved = ModeLimits.defaults(mode);
            if (limitOverrides != null) {
                resolved = limitOverrides.apply(resolved.toBuilder()).build();
            }
        }
        if (resolved.mode() != mode) {
            throw new InvalidRequestException("limits", resolved.mode().toString(),
                    "the limits are for " + resolved.mode() + " but the client's mode is " + mode
                            + "; start from ModeLimits.defaults(" + mode + ")");
        }
        if (maxConcurrency < 1 || maxConcurrency > 10_000) {
            throw new InvalidRequestException("maxConcurrency", Integer.toString(maxConcurrency),
                    "pass a value from 1 to 10000");
        }
        return new ClientSettings(endpointName, mode, resolved, timeouts, retry, circuitBreaker, maxConcurrency,
                listeners, completionExecutor, scheduler, timeSource, generateInferenceIds);
    }
}
