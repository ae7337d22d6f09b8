package io.github.sminference.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InternalDependencyException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ModelNotReadyException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one retry layer for invocations, on resilience4j. Three {@link Retry} instances per client, each with its own
 * attempt budget and backoff: ordinary transient errors, cold starts ({@code ModelNotReady}), and 530s. A call gets
 * one {@link Attempts} holding a resilience4j context per kind, so each kind counts its own attempts.
 * Thread-safe.
 */
public final class RetryController {
    private final Retry transientRetry;
    private final Retry coldStartRetry;
    private final Retry dependencyRetry;

    /**
     * Creates the controller.
     *
     * @param name a name for the resilience4j instances (the endpoint)
     * @param policy the policy
     */
    public RetryController(String name, RetryPolicy policy) {
        Predicate<Throwable> coldStart = t -> t instanceof ModelNotReadyException;
        Predicate<Throwable> dependency = t -> t instanceof InternalDependencyException;
        Predicate<Throwable> ordinary = t -> isOrdinaryRetryable(t, policy);
        this.transientRetry = Retry.of(name + "-transient", config(policy.maxAttempts(),
                backoff(policy.initialBackoff(), policy.maxBackoff(), policy.multiplier(), policy.jitter()),
                ordinary));
        this.coldStartRetry = Retry.of(name + "-cold-start", config(policy.coldStartMaxAttempts(),
                backoff(policy.coldStartInitialBackoff(), policy.coldStartMaxBackoff(), policy.multiplier(),
                        policy.jitter()), coldStart));
        this.dependencyRetry = Retry.of(name + "-internal-dependency", config(
                policy.maxInternalDependencyRetries() + 1,
                backoff(policy.initialBackoff(), policy.maxBackoff(), policy.multiplier(), policy.jitter()),
                dependency));
    }

    private static boolean isOrdinaryRetryable(Throwable t, RetryPolicy policy) {
        if (t instanceof ModelNotReadyException || t instanceof InternalDependencyException) {
            return false;
        }
        if (t instanceof ModelErrorException) {
            ModelErrorException m = (ModelErrorException) t;
            return policy.retryModelServerErrors() && m.originalStatusCode().map(s -> s >= 500).orElse(false);
        }
        return t instanceof InferenceException && ((InferenceException) t).isRetryable();
    }

    private static IntervalFunction backoff(Duration initial, Duration max, double multiplier, double jitter) {
        if (jitter > 0) {
            return IntervalFunction.ofExponentialRandomBackoff(initial, multiplier, jitter, max);
        }
        return IntervalFunction.ofExponentialBackoff(initial, multiplier, max);
    }

    private static RetryConfig config(int maxAttempts, IntervalFunction interval, Predicate<Throwable> retryOn) {
        return RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(interval)
                .retryOnException(retryOn)
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    /**
     * Starts counting attempts for one call.
     *
     * @return the call's attempt state; not thread-safe, used by one call at a time
     */
    public Attempts start() {
        return new Attempts();
    }

    /** One call's attempt counts, per error kind. */
    public final class Attempts {
        private Retry.AsyncContext<Object> transientCtx;
        private Retry.AsyncContext<Object> coldStartCtx;
        private Retry.AsyncContext<Object> dependencyCtx;

        private Attempts() {
        }

        /**
         * Decides whether to retry after an error.
         *
         * @param error the attempt's error
         * @return the backoff before the next attempt, or {@code null} to give up
         */
        public Duration onError(Throwable error) {
            Retry.AsyncContext<Object> ctx;
            if (error instanceof ModelNotReadyException) {
                if (coldStartCtx == null) {
                    coldStartCtx = coldStartRetry.asyncContext();
                }
                ctx = coldStartCtx;
            } else if (error instanceof InternalDependencyException) {
                if (dependencyCtx == null) {
                    dependencyCtx = dependencyRetry.asyncContext();
                }
                ctx = dependencyCtx;
            } else {
                if (transientCtx == null) {
                    transientCtx = transientRetry.asyncContext();
                }
                ctx = transientCtx;
            }
            long delayMillis = ctx.onError(error);
            return delayMillis < 0 ? null : Duration.ofMillis(delayMillis);
        }

        /** Records that the call succeeded, for the resilience4j metrics of the kinds that were retried. */
        public void onSuccess() {
            if (transientCtx != null) {
                transientCtx.onComplete();
            }
            if (coldStartCtx != null) {
                coldStartCtx.onComplete();
            }
            if (dependencyCtx != null) {
                dependencyCtx.onComplete();
            }
        }
    }
}
