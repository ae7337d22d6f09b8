package io.github.sminference.config;

import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * When the client stops sending to an endpoint that keeps failing. One breaker per endpoint and target (model or
 * inference component). It counts the outcomes of the last {@link #slidingWindowSize()} attempts (each retry is an
 * attempt); once at least {@link #minimumCalls()} were counted and {@link #failureRateThreshold()} percent failed,
 * it opens: calls fail fast with {@link io.github.sminference.exception.CircuitOpenException} for
 * {@link #waitInOpenState()}, then {@link #permittedCallsInHalfOpen()} trial attempts decide whether it closes again.
 *
 * <p>The defaults (50% of the last 100 attempts, at least 50) ride out a steady 20-25% of transient faults without
 * opening, which a window of 20 did not: measured in the reliability suite's fault-injection run, where 20% of
 * injected faults opened a 20-attempt breaker within seconds. Under sustained failure it opens after 50 attempts.
 *
 * <p>Failures are: retryable service errors (throttling, 5xx, cold starts), timeouts, dropped connections, and
 * model errors whose original status is 5xx. Invalid requests and 4xx model errors are the caller's, not the
 * endpoint's, and do not count.
 *
 * <p>Immutable and thread-safe.
 */
public final class CircuitBreakerPolicy {
    private static final CircuitBreakerPolicy DEFAULTS = builder().build();
    private static final CircuitBreakerPolicy DISABLED = builder().enabled(false).build();

    private final boolean enabled;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumCalls;
    private final Duration waitInOpenState;
    private final int permittedCallsInHalfOpen;

    private CircuitBreakerPolicy(Builder b) {
        this.enabled = b.enabled;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumCalls = b.minimumCalls;
        this.waitInOpenState = b.waitInOpenState;
        this.permittedCallsInHalfOpen = b.permittedCallsInHalfOpen;
    }

    /**
     * The defaults: enabled, 50% of the last 100 attempts (at least 50), open for 30 s, 3 trial attempts.
     *
     * @return the default policy
     */
    public static CircuitBreakerPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy that never opens.
     *
     * @return the policy
     */
    public static CircuitBreakerPolicy disabled() {
        return DISABLED;
    }

    /**
     * A new builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this policy.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.failureRateThreshold = failureRateThreshold;
        b.slidingWindowSize = slidingWindowSize;
        b.minimumCalls = minimumCalls;
        b.waitInOpenState = waitInOpenState;
        b.permittedCallsInHalfOpen = permittedCallsInHalfOpen;
        return b;
    }

    /**
     * Whether the breaker is on.
     *
     * @return {@code true} by default
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The failure percentage that opens the breaker.
     *
     * @return 1 to 100
     */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /**
     * How many recent calls are counted.
     *
     * @return at least 1
     */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /**
     * How many calls must be counted before the breaker may open.
     *
     * @return at least 1
     */
    public int minimumCalls() {
        return minimumCalls;
    }

    /**
     * How long the breaker stays open before letting trial calls through.
     *
     * @return a positive duration
     */
    public Duration waitInOpenState() {
        return waitInOpenState;
    }

    /**
     * How many trial calls the half-open breaker lets through.
     *
     * @return at least 1
     */
    public int permittedCallsInHalfOpen() {
        return permittedCallsInHalfOpen;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CircuitBreakerPolicy)) {
            return false;
        }
        CircuitBreakerPolicy c = (CircuitBreakerPolicy) o;
        return enabled == c.enabled && Float.compare(failureRateThreshold, c.failureRateThreshold) == 0
                && slidingWindowSize == c.slidingWindowSize && minimumCalls == c.minimumCalls
                && permittedCallsInHalfOpen == c.permittedCallsInHalfOpen && waitInOpenState.equals(c.waitInOpenState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, failureRateThreshold, slidingWindowSize, minimumCalls, waitInOpenState,
                permittedCallsInHalfOpen);
    }

    @Override
    public String toString() {
        return enabled ? "CircuitBreakerPolicy[" + failureRateThreshold + "% of " + slidingWindowSize
                + " calls (min " + minimumCalls + "), open " + waitInOpenState + ", " + permittedCallsInHalfOpen
                + " trial calls]" : "CircuitBreakerPolicy[disabled]";
    }

    /** Builds a {@link CircuitBreakerPolicy}. Not thread-safe. */
    public static final class Builder {
        private boolean enabled = true;
        private float failureRateThreshold = 50f;
        private int slidingWindowSize = 100;
        private int minimumCalls = 50;
        private Duration waitInOpenState = Duration.ofSeconds(30);
        private int permittedCallsInHalfOpen = 3;

        private Builder() {
        }

        /**
         * Turns the breaker on or off.
         *
         * @param enabled {@code false} to never open
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the failure percentage that opens the breaker.
         *
         * @param percent 1 to 100
         * @return this builder
         */
        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        /**
         * Sets how many recent calls are counted.
         *
         * @param calls at least 1
         * @return this builder
         */
        public Builder slidingWindowSize(int calls) {
            this.slidingWindowSize = calls;
            return this;
        }

        /**
         * Sets how many calls must be counted before the breaker may open.
         *
         * @param calls at least 1
         * @return this builder
         */
        public Builder minimumCalls(int calls) {
            this.minimumCalls = calls;
            return this;
        }

        /**
         * Sets how long the breaker stays open.
         *
         * @param wait positive
         * @return this builder
         */
        public Builder waitInOpenState(Duration wait) {
            this.waitInOpenState = wait;
            return this;
        }

        /**
         * Sets how many trial calls the half-open breaker lets through.
         *
         * @param calls at least 1
         * @return this builder
         */
        public Builder permittedCallsInHalfOpen(int calls) {
            this.permittedCallsInHalfOpen = calls;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws InvalidRequestException if a value is out of range
         */
        public CircuitBreakerPolicy build() {
            if (!(failureRateThreshold >= 1f && failureRateThreshold <= 100f)) {
                throw new InvalidRequestException("failureRateThreshold", Float.toString(failureRateThreshold),
                        "pass a percentage from 1 to 100");
            }
            if (slidingWindowSize < 1) {
                throw new InvalidRequestException("slidingWindowSize", Integer.toString(slidingWindowSize),
                        "pass 1 or more");
            }
            if (minimumCalls < 1) {
                throw new InvalidRequestException("minimumCalls", Integer.toString(minimumCalls), "pass 1 or more");
            }
            if (permittedCallsInHalfOpen < 1) {
                throw new InvalidRequestException("permittedCallsInHalfOpen",
                        Integer.toString(permittedCallsInHalfOpen), "pass 1 or more");
            }
            if (waitInOpenState == null || waitInOpenState.isZero() || waitInOpenState.isNegative()) {
                throw new InvalidRequestException("waitInOpenState", String.valueOf(waitInOpenState),
                        "pass a positive duration");
            }
            return new CircuitBreakerPolicy(this);
        }
    }
}
