package io.github.sminference.config;

import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's two time budgets.
 *
 * <ul>
 *   <li><b>Attempt timeout</b>: one HTTP exchange. By default it is the request's model time plus a margin
 *       ({@link #attemptMargin()}, 10 s), so it sits above the model-side limit: 70 s for the 60 s a real-time model
 *       may take, as AWS advises. Set {@link Builder#attemptTimeout(Duration)} to fix it instead.</li>
 *   <li><b>Total timeout</b>: the whole call, with every attempt, the backoff between them, cold starts, upload
 *       and waiting. A request's own {@code timeout} overrides it.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TimeoutPolicy {
    /**
     * The longest time budget the client uses, for a whole call or one attempt: 36,500 days (a century). That is
     * "no deadline" for every practical purpose, and it still fits the nanosecond arithmetic of deadlines and
     * timers, which longer durations overflow; longer budgets (up to {@code Duration.ofSeconds(Long.MAX_VALUE)})
     * are accepted and count as this one.
     */
    public static final Duration MAX_BUDGET = Duration.ofDays(36_500);

    private static final TimeoutPolicy DEFAULTS = builder().build();

    private final Duration attemptTimeout;
    private final Duration attemptMargin;
    private final Duration totalTimeout;

    private TimeoutPolicy(Builder b) {
        this.attemptTimeout = capped(b.attemptTimeout);
        this.attemptMargin = capped(b.attemptMargin);
        this.totalTimeout = capped(b.totalTimeout);
    }

    /**
     * A budget as the client uses it: durations longer than {@link #MAX_BUDGET} count as {@code MAX_BUDGET}.
     *
     * @param budget a duration, or {@code null}
     * @return the duration, at most {@code MAX_BUDGET}, or {@code null}
     */
    public static Duration capped(Duration budget) {
        return budget != null && budget.compareTo(MAX_BUDGET) > 0 ? MAX_BUDGET : budget;
    }

    /**
     * The defaults: attempt timeout = model time + 10 s; total timeout 5 minutes (a serverless cold start may take
     * 3 minutes, plus one full attempt and backoff).
     *
     * @return the default policy
     */
    public static TimeoutPolicy defaults() {
        return DEFAULTS;
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
        b.attemptTimeout = attemptTimeout;
        b.attemptMargin = attemptMargin;
        b.totalTimeout = totalTimeout;
        return b;
    }

    /**
     * The fixed attempt timeout, if one was set.
     *
     * @return the timeout, or empty to derive it from the model time
     */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /**
     * What is added to a request's model time to derive its attempt timeout.
     *
     * @return the margin
     */
    public Duration attemptMargin() {
        return attemptMargin;
    }

    /**
     * The whole call's budget.
     *
     * @return the total timeout
     */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /**
     * The attempt timeout for a request needing the given model time.
     *
     * @param modelTime the model-side processing time
     * @return the fixed attempt timeout, or {@code modelTime + attemptMargin}
     */
    public Duration attemptTimeoutFor(Duration modelTime) {
        return attemptTimeout != null ? attemptTimeout : modelTime.plus(attemptMargin);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TimeoutPolicy)) {
            return false;
        }
        TimeoutPolicy t = (TimeoutPolicy) o;
        return Objects.equals(attemptTimeout, t.attemptTimeout) && attemptMargin.equals(t.attemptMargin)
                && totalTimeout.equals(t.totalTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attemptTimeout, attemptMargin, totalTimeout);
    }

    @Override
    public String toString() {
        return "TimeoutPolicy[attempt=" + (attemptTimeout == null ? "modelTime+" + attemptMargin : attemptTimeout)
                + ", total=" + totalTimeout + "]";
    }

    /** Builds a {@link TimeoutPolicy}. Not thread-safe. */
    public static final class Builder {
        private Duration attemptTimeout;
        private Duration attemptMargin = Duration.ofSeconds(10);
        private Duration totalTimeout = Duration.ofMinutes(5);

        private Builder() {
        }

        /**
         * Fixes the attempt timeout instead of deriving it from the model time.
         *
         * @param attemptTimeout a positive duration, or {@code null} to derive it
         * @return this builder
         */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /**
         * Sets what is added to the model time to derive the attempt timeout.
         *
         * @param attemptMargin zero or positive
         * @return this builder
         */
        public Builder attemptMargin(Duration attemptMargin) {
            this.attemptMargin = attemptMargin;
            return this;
        }

        /**
         * Sets the whole call's budget.
         *
         * @param totalTimeout positive
         * @return this builder
         */
        public Builder totalTimeout(Duration totalTimeout) {
            this.totalTimeout = totalTimeout;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws InvalidRequestException if a duration is missing, zero or negative
         */
        public TimeoutPolicy build() {
            if (attemptTimeout != null && (attemptTimeout.isZero() || attemptTimeout.isNegative())) {
                throw new InvalidRequestException("attemptTimeout", attemptTimeout.toString(),
                        "pass a positive duration, or null to derive it from the model time");
            }
            if (attemptMargin == null || attemptMargin.isNegative()) {
                throw new InvalidRequestException("attemptMargin", String.valueOf(attemptMargin),
                        "pass zero or a positive duration");
            }
            if (totalTimeout == null || totalTimeout.isZero() || totalTimeout.isNegative()) {
                throw new InvalidRequestException("totalTimeout", String.valueOf(totalTimeout),
                        "pass a positive duration");
            }
            return new TimeoutPolicy(this);
        }
    }
}
