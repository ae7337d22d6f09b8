package io.github.sminference.config;

import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * How invocations are retried. One retry layer, in this client: the AWS SDK's own invocation retries are turned
 * off so attempts do not multiply. Only retryable errors are retried, and every retry stays within the total
 * timeout.
 *
 * <ul>
 *   <li>Throttling (429, or 400 with a throttling code), 500/502/503/504 and dropped connections: up to
 *       {@link #maxAttempts()} attempts in all, exponential backoff from {@link #initialBackoff()} to
 *       {@link #maxBackoff()} with jitter.</li>
 *   <li>{@code ModelNotReadyException} (a serverless cold start, or a multi-model endpoint loading the model): its
 *       own, longer, bounded backoff, up to {@link #coldStartMaxAttempts()} attempts.</li>
 *   <li>530 InternalDependencyException: at most {@link #maxInternalDependencyRetries()} retry (default 1).</li>
 *   <li>424 ModelError: never, unless {@link #retryModelServerErrors()} is on and the model's own status was 5xx.</li>
 *   <li>Other 4xx and client-side errors: never.</li>
 * </ul>
 *
 * <p>Retries resend the whole body with the same inference id. Immutable and thread-safe.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).coldStartMaxAttempts(1)
            .maxInternalDependencyRetries(0).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final int coldStartMaxAttempts;
    private final Duration coldStartInitialBackoff;
    private final Duration coldStartMaxBackoff;
    private final int maxInternalDependencyRetries;
    private final boolean retryModelServerErrors;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.coldStartMaxAttempts = b.coldStartMaxAttempts;
        this.coldStartInitialBackoff = b.coldStartInitialBackoff;
        this.coldStartMaxBackoff = b.coldStartMaxBackoff;
        this.maxInternalDependencyRetries = b.maxInternalDependencyRetries;
        this.retryModelServerErrors = b.retryModelServerErrors;
    }

    /**
     * The defaults: 3 attempts, backoff 100 ms doubling to 20 s with 50% jitter; cold starts up to 10 attempts,
     * backoff 1 s doubling to 30 s; 530 retried once; model errors never.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy that never retries.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return NONE;
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
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.multiplier = multiplier;
        b.jitter = jitter;
        b.coldStartMaxAttempts = coldStartMaxAttempts;
        b.coldStartInitialBackoff = coldStartInitialBackoff;
        b.coldStartMaxBackoff = coldStartMaxBackoff;
        b.maxInternalDependencyRetries = maxInternalDependencyRetries;
        b.retryModelServerErrors = retryModelServerErrors;
        return b;
    }

    /**
     * Attempts in all (first included) for throttling, transient service errors and dropped connections.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The first backoff.
     *
     * @return the duration
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The backoff cap.
     *
     * @return the duration
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The backoff growth factor.
     *
     * @return at least 1
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * The jitter: each backoff is drawn from {@code [d * (1 - jitter), d * (1 + jitter)]}.
     *
     * @return 0 (none) to 1
     */
    public double jitter() {
        return jitter;
    }

    /**
     * Attempts in all while the model is not ready (cold start).
     *
     * @return at least 1
     */
    public int coldStartMaxAttempts() {
        return coldStartMaxAttempts;
    }

    /**
     * The first cold-start backoff.
     *
     * @return the duration
     */
    public Duration coldStartInitialBackoff() {
        return coldStartInitialBackoff;
    }

    /**
     * The cold-start backoff cap.
     *
     * @return the duration
     */
    public Duration coldStartMaxBackoff() {
        return coldStartMaxBackoff;
    }

    /**
     * How many times a 530 InternalDependencyException is retried.
     *
     * @return 0 or more
     */
    public int maxInternalDependencyRetries() {
        return maxInternalDependencyRetries;
    }

    /**
     * Whether a ModelError whose original status is 5xx is retried like a transient error.
     *
     * @return {@code false} by default
     */
    public boolean retryModelServerErrors() {
        return retryModelServerErrors;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetryPolicy)) {
            return false;
        }
        RetryPolicy r = (RetryPolicy) o;
        return maxAttempts == r.maxAttempts && Double.compare(multiplier, r.multiplier) == 0
                && Double.compare(jitter, r.jitter) == 0 && coldStartMaxAttempts == r.coldStartMaxAttempts
                && maxInternalDependencyRetries == r.maxInternalDependencyRetries
                && retryModelServerErrors == r.retryModelServerErrors && initialBackoff.equals(r.initialBackoff)
                && maxBackoff.equals(r.maxBackoff) && coldStartInitialBackoff.equals(r.coldStartInitialBackoff)
                && coldStartMaxBackoff.equals(r.coldStartMaxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, coldStartMaxAttempts,
                coldStartInitialBackoff, coldStartMaxBackoff, maxInternalDependencyRetries, retryModelServerErrors);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + " x"
                + multiplier + " jitter " + jitter + ", coldStart=" + coldStartMaxAttempts + " attempts "
                + coldStartInitialBackoff + ".." + coldStartMaxBackoff + ", internalDependencyRetries="
                + maxInternalDependencyRetries + ", retryModelServerErrors=" + retryModelServerErrors + "]";
    }

    /** Builds a {@link RetryPolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(20);
        private double multiplier = 2.0;
        private double jitter = 0.5;
        private int coldStartMaxAttempts = 10;
        private Duration coldStartInitialBackoff = Duration.ofSeconds(1);
        private Duration coldStartMaxBackoff = Duration.ofSeconds(30);
        private int maxInternalDependencyRetries = 1;
        private boolean retryModelServerErrors;

        private Builder() {
        }

        /**
         * Sets the attempts in all for transient errors.
         *
         * @param maxAttempts at least 1 (1 = no retries)
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the first backoff.
         *
         * @param initialBackoff positive
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Sets the backoff cap.
         *
         * @param maxBackoff at least the initial backoff
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Sets the backoff growth factor.
         *
         * @param multiplier at least 1
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * Sets the jitter.
         *
         * @param jitter 0 (none) to 1
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the attempts in all while the model is not ready.
         *
         * @param coldStartMaxAttempts at least 1
         * @return this builder
         */
        public Builder coldStartMaxAttempts(int coldStartMaxAttempts) {
            this.coldStartMaxAttempts = coldStartMaxAttempts;
            return this;
        }

        /**
         * Sets the first cold-start backoff.
         *
         * @param coldStartInitialBackoff positive
         * @return this builder
         */
        public Builder coldStartInitialBackoff(Duration coldStartInitialBackoff) {
            this.coldStartInitialBackoff = coldStartInitialBackoff;
            return this;
        }

        /**
         * Sets the cold-start backoff cap.
         *
         * @param coldStartMaxBackoff at least the first cold-start backoff
         * @return this builder
         */
        public Builder coldStartMaxBackoff(Duration coldStartMaxBackoff) {
            this.coldStartMaxBackoff = coldStartMaxBackoff;
            return this;
        }

        /**
         * Sets how many times a 530 is retried.
         *
         * @param retries 0 or more
         * @return this builder
         */
        public Builder maxInternalDependencyRetries(int retries) {
            this.maxInternalDependencyRetries = retries;
            return this;
        }

        /**
         * Sets whether a ModelError with an original 5xx status is retried.
         *
         * @param retry {@code true} to retry
         * @return this builder
         */
        public Builder retryModelServerErrors(boolean retry) {
            this.retryModelServerErrors = retry;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws InvalidRequestException if a value is out of range
         */
        public RetryPolicy build() {
            if (maxAttempts < 1) {
                throw new InvalidRequestException("maxAttempts", Integer.toString(maxAttempts),
                        "pass 1 or more (1 = no retries)");
            }
            if (coldStartMaxAttempts < 1) {
                throw new InvalidRequestException("coldStartMaxAttempts", Integer.toString(coldStartMaxAttempts),
                        "pass 1 or more (1 = no retries)");
            }
            if (maxInternalDependencyRetries < 0) {
                throw new InvalidRequestException("maxInternalDependencyRetries",
                        Integer.toString(maxInternalDependencyRetries), "pass 0 or more");
            }
            positive("initialBackoff", initialBackoff);
            positive("coldStartInitialBackoff", coldStartInitialBackoff);
            if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new InvalidRequestException("maxBackoff", String.valueOf(maxBackoff),
                        "pass at least initialBackoff (" + initialBackoff + ")");
            }
            if (coldStartMaxBackoff == null || coldStartMaxBackoff.compareTo(coldStartInitialBackoff) < 0) {
                throw new InvalidRequestException("coldStartMaxBackoff", String.valueOf(coldStartMaxBackoff),
                        "pass at least coldStartInitialBackoff (" + coldStartInitialBackoff + ")");
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new InvalidRequestException("multiplier", Double.toString(multiplier), "pass 1.0 or more");
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new InvalidRequestException("jitter", Double.toString(jitter), "pass a value from 0 to 1");
            }
            return new RetryPolicy(this);
        }

        private static void positive(String field, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new InvalidRequestException(field, String.valueOf(d), "pass a positive duration");
            }
        }
    }
}
