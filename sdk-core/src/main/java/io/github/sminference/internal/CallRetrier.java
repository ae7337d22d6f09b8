package io.github.sminference.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.CircuitOpenException;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.spi.TimeSource;
import java.time.Duration;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policy and circuit breakers applied to a blocking call that is not an endpoint invocation (for example
 * InvokeEndpointAsync, or a transform job's control-plane calls), with the same rules as the invocation pipeline:
 * only retryable errors, separate budgets per error kind, within a deadline. Thread-safe.
 */
public final class CallRetrier {
    private static final Logger LOG = LoggerFactory.getLogger(CallRetrier.class);

    private final RetryController retries;
    private final Breakers breakers;
    private final TimeSource time;

    /**
     * Creates the retrier.
     *
     * @param name names the resilience4j instances
     * @param retry the retry policy
     * @param breaker the circuit breaker policy
     * @param time the clock (its sleep waits between attempts)
     */
    public CallRetrier(String name, RetryPolicy retry, CircuitBreakerPolicy breaker, TimeSource time) {
        this.retries = new RetryController(name, retry);
        this.breakers = new Breakers(breaker, time);
        this.time = time;
    }

    /** Told about each retry. */
    @FunctionalInterface
    public interface RetryObserver {
        /**
         * An attempt failed and will be retried.
         *
         * @param attempt the failed attempt's number
         * @param error its error
         * @param delay the backoff before the next attempt
         */
        void retrying(int attempt, InferenceException error, Duration delay);
    }

    /**
     * Runs attempts until one succeeds, a non-retryable error, the policy gives up, or the deadline.
     *
     * @param operation names the call in messages
     * @param breakerName the breaker to use
     * @param deadlineNanos the deadline on the clock's {@code nanoTime}
     * @param budget the budget the deadline stands for, for messages
     * @param attempt makes attempt {@code n} (from 1) and throws the mapped error on failure
     * @param <T> the result type
     * @return the result
     * @throws InferenceException the last error, or a TOTAL timeout carrying it
     */
    public <T> T call(String operation, String breakerName, long deadlineNanos, Duration budget,
            IntFunction<T> attempt) {
        return call(operation, breakerName, deadlineNanos, budget, attempt, (n, e, d) -> { });
    }

    /**
     * Runs attempts as {@link #call(String, String, long, Duration, IntFunction)} does, telling an observer about
     * each retry.
     *
     * @param operation names the call in messages
     * @param breakerName the breaker to use
     * @param deadlineNanos the deadline on the clock's {@code nanoTime}
     * @param budget the budget the deadline stands for, for messages
     * @param attempt makes attempt {@code n} (from 1) and throws the mapped error on failure
     * @param observer told about each retry
     * @param <T> the result type
     * @return the result
     * @throws InferenceException the last error, or a TOTAL timeout carrying it
     */
    public <T> T call(String operation, String breakerName, long deadlineNanos, Duration budget,
            IntFunction<T> attempt, RetryObserver observer) {
        RetryController.Attempts attempts = retries.start();
        InferenceException last = null;
        for (int n = 1;; n++) {
            if (deadlineNanos - time.nanoTime() <= 0) {
                throw timeout(operation, budget, n - 1, last);
            }
            CircuitBreaker cb;
            try {
                cb = breakers.acquire(breakerName);
            } catch (CircuitOpenException e) {
                throw last == null ? e : new CircuitOpenException(e.breakerName(), Duration.ZERO, last);
            }
            long t0 = time.nanoTime();
            try {
                T result = attempt.apply(n);
                Breakers.record(cb, time.nanoTime() - t0, null);
                attempts.onSuccess();
                return result;
            } catch (RuntimeException ex) {
                InferenceException e = Futures.rethrow(ex);
                Breakers.record(cb, time.nanoTime() - t0, e);
                last = e;
                Duration delay = attempts.onError(e);
                if (delay == null) {
                    throw e;
                }
                if (deadlineNanos - time.nanoTime() - delay.toNanos() <= 0) {
                    throw timeout(operation, budget, n, e);
                }
                LOG.debug("{} retrying: attempt={} error={} backoffMs={}", operation, n,
                        e.getClass().getSimpleName(), delay.toMillis());
                observer.retrying(n, e, delay);
                try {
                    time.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InferenceCancelledException("interrupted during the backoff of " + operation, ie);
                }
            }
        }
    }

    private static InferenceTimeoutException timeout(String operation, Duration budget, int attempts,
            InferenceException last) {
        return new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, budget, operation
                + " ran out of its budget of " + budget + " after " + attempts + " attempt(s)"
                + (last == null ? "" : "; last error: " + last.getMessage()), last);
    }
}
