package io.github.sminference.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.exception.CircuitOpenException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ServiceException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.spi.TimeSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per endpoint and target (model or inference component), on the client's clock.
 * Thread-safe.
 */
public final class Breakers {
    private final CircuitBreakerPolicy policy;
    private final CircuitBreakerConfig config;
    private final ConcurrentHashMap<String, CircuitBreaker> byName = new ConcurrentHashMap<>();

    /**
     * Creates the registry.
     *
     * @param policy the policy
     * @param time the client's clock
     */
    public Breakers(CircuitBreakerPolicy policy, TimeSource time) {
        this.policy = policy;
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.slidingWindowSize())
                .minimumNumberOfCalls(policy.minimumCalls())
                .failureRateThreshold(policy.failureRateThreshold())
                .waitDurationInOpenState(policy.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(policy.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(new TimeSourceClock(time))
                .currentTimestampFunction(clock -> time.nanoTime(), TimeUnit.NANOSECONDS)
                .build();
    }

    /**
     * The breaker name for an endpoint and target.
     *
     * @param endpoint the endpoint
     * @param targetModel the target model, or {@code null}
     * @param component the inference component, or {@code null}
     * @return the name
     */
    public static String name(String endpoint, String targetModel, String component) {
        if (component != null) {
            return endpoint + "/component/" + component;
        }
        if (targetModel != null) {
            return endpoint + "/model/" + targetModel;
        }
        return endpoint;
    }

    /**
     * Asks the named breaker for a permit to make one attempt.
     *
     * @param name the breaker
     * @return the breaker, to report the attempt's outcome to; {@code null} when breaking is disabled
     * @throws CircuitOpenException if the breaker is open
     */
    public CircuitBreaker acquire(String name) {
        if (!policy.enabled()) {
            return null;
        }
        CircuitBreaker cb = byName.computeIfAbsent(name, n -> CircuitBreaker.of(n, config));
        if (!cb.tryAcquirePermission()) {
            throw new CircuitOpenException(name, policy.waitInOpenState());
        }
        return cb;
    }

    /**
     * Reports an attempt's outcome.
     *
     * @param cb the breaker from {@link #acquire}, or {@code null}
     * @param nanos the attempt's duration
     * @param error the attempt's error, or {@code null} on success
     */
    public static void record(CircuitBreaker cb, long nanos, Throwable error) {
        if (cb == null) {
            return;
        }
        if (error == null) {
            cb.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else if (countsAsFailure(error)) {
            cb.onError(nanos, TimeUnit.NANOSECONDS, error);
        } else {
            cb.releasePermission();
        }
    }

    /**
     * Whether an error says the endpoint is unhealthy (as opposed to the request being bad).
     *
     * @param error the error
     * @return {@code true} for retryable service errors, timeouts, dropped connections and model 5xx
     */
    public static boolean countsAsFailure(Throwable error) {
        if (error instanceof ModelErrorException) {
            return ((ModelErrorException) error).originalStatusCode().map(s -> s >= 500).orElse(true);
        }
        if (error instanceof InferenceTimeoutException || error instanceof TransportException) {
            return true;
        }
        return error instanceof ServiceException && ((InferenceException) error).isRetryable();
    }

    /**
     * The state of a breaker, for tests and diagnostics.
     *
     * @param name the breaker
     * @return the state, or {@code CLOSED} if it was never used
     */
    public CircuitBreaker.State state(String name) {
        CircuitBreaker cb = byName.get(name);
        return cb == null ? CircuitBreaker.State.CLOSED : cb.getState();
    }

    /** A {@link Clock} over the client's time source. */
    private static final class TimeSourceClock extends Clock {
        private final TimeSource time;

        TimeSourceClock(TimeSource time) {
            this.time = time;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return time.now();
        }
    }
}
