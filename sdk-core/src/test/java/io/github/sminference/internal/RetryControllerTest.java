package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.AccessDeniedException;
import io.github.sminference.exception.CodecException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InternalDependencyException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ModelNotReadyException;
import io.github.sminference.exception.ServiceUnavailableException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.exception.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryControllerTest {
    private static final RetryPolicy NO_JITTER = RetryPolicy.builder().jitter(0).build();

    static ThrottlingException throttling() {
        return new ThrottlingException("Rate exceeded", 429, "ThrottlingException", "r", null);
    }

    static ModelNotReadyException notReady() {
        return new ModelNotReadyException("not ready", 429, "ModelNotReadyException", "r", null);
    }

    static InternalDependencyException dependency() {
        return new InternalDependencyException("dependency", 530, "InternalDependencyException", "r", null);
    }

    static ModelErrorException modelError(Integer originalStatus) {
        return new ModelErrorException("model error", 424, "r", originalStatus, "boom", null, null);
    }

    /** Calls onError until it gives up, returning the backoffs it asked for. */
    private static List<Duration> backoffs(RetryController.Attempts attempts, Supplier<? extends Throwable> error) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Duration d = attempts.onError(error.get());
            if (d == null) {
                return out;
            }
            out.add(d);
        }
        throw new AssertionError("never gave up: " + out);
    }

    static Stream<Arguments> transientErrors() {
        return Stream.<Supplier<Throwable>>of(RetryControllerTest::throttling,
                () -> new ServiceUnavailableException("503", 503, "ServiceUnavailable", "r", null),
                () -> new TransportException("connection reset", null),
                () -> new InferenceTimeoutException(InferenceTimeoutException.Budget.ATTEMPT, Duration.ofSeconds(70),
                        "attempt timed out", null))
                .map(s -> Arguments.of(s.get().getClass().getSimpleName(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientErrors")
    void onError_transientErrorWithDefaults_threeAttemptsInAll(String name, Supplier<Throwable> error) {
        List<Duration> d = backoffs(new RetryController("ep", NO_JITTER).start(), error);
        assertThat(d).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void onError_modelNotReady_tenAttemptsWithColdStartBackoffCappedAt30s() {
        List<Duration> d = backoffs(new RetryController("ep", NO_JITTER).start(), RetryControllerTest::notReady);
        assertThat(d).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void onError_internalDependency_atMostOneRetry() {
        List<Duration> d = backoffs(new RetryController("ep", NO_JITTER).start(), RetryControllerTest::dependency);
        assertThat(d).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void onError_internalDependencyRetriesConfigured_honoured() {
        RetryPolicy p = NO_JITTER.toBuilder().maxInternalDependencyRetries(3).build();
        assertThat(backoffs(new RetryController("ep", p).start(), RetryControllerTest::dependency)).hasSize(3);
        RetryPolicy none = NO_JITTER.toBuilder().maxInternalDependencyRetries(0).build();
        assertThat(backoffs(new RetryController("ep", none).start(), RetryControllerTest::dependency)).isEmpty();
    }

    @Test
    void onError_modelErrorByDefault_neverRetried() {
        RetryController rc = new RetryController("ep", NO_JITTER);
        assertThat(rc.start().onError(modelError(500))).isNull();
        assertThat(rc.start().onError(modelError(400))).isNull();
        assertThat(rc.start().onError(modelError(null))).isNull();
    }

    @Test
    void onError_modelErrorWithRetryModelServerErrors_retriedOnlyForOriginal5xx() {
        RetryController rc = new RetryController("ep", NO_JITTER.toBuilder().retryModelServerErrors(true).build());
        assertThat(backoffs(rc.start(), () -> modelError(503))).hasSize(2);
        assertThat(backoffs(rc.start(), () -> modelError(500))).hasSize(2);
        assertThat(rc.start().onError(modelError(499))).isNull();
        assertThat(rc.start().onError(modelError(400))).isNull();
        assertThat(rc.start().onError(modelError(null))).isNull();
    }

    static Stream<Arguments> clientErrors() {
        return Stream.<Supplier<Throwable>>of(
                () -> new InvalidRequestException("inferenceId", "x", "fix"),
                () -> new ValidationException("bad", 400, "ValidationError", "r", null),
                () -> new AccessDeniedException("denied", 403, "AccessDeniedException", "r", null),
                () -> new CodecException("bad csv", null),
                () -> new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, Duration.ofSeconds(1),
                        "total", null),
                () -> new IllegalStateException("not an inference exception"))
                .map(s -> Arguments.of(s.get().getClass().getSimpleName(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientErrors")
    void onError_nonRetryableError_neverRetried(String name, Supplier<Throwable> error) {
        assertThat(new RetryController("ep", NO_JITTER).start().onError(error.get())).isNull();
    }

    @Test
    void onError_kindsCountSeparately() {
        RetryController.Attempts a = new RetryController("ep", NO_JITTER).start();
        assertThat(a.onError(throttling())).isEqualTo(Duration.ofMillis(100));
        assertThat(backoffs(a, RetryControllerTest::notReady)).hasSize(9);
        assertThat(a.onError(dependency())).isEqualTo(Duration.ofMillis(100));
        assertThat(a.onError(throttling())).as("second transient retry after other kinds")
                .isEqualTo(Duration.ofMillis(200));
        assertThat(a.onError(throttling())).as("third transient error exhausts the 3 attempts").isNull();
        assertThat(a.onError(dependency())).isNull();
    }

    @Test
    void start_eachCall_countsFromScratch() {
        RetryController rc = new RetryController("ep", NO_JITTER);
        RetryController.Attempts first = rc.start();
        backoffs(first, RetryControllerTest::throttling);
        assertThat(rc.start().onError(throttling())).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void onError_customExponentialPolicy_growsByMultiplierUpToCap() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(6).initialBackoff(Duration.ofMillis(50)).multiplier(3)
                .maxBackoff(Duration.ofMillis(1000)).jitter(0).build();
        assertThat(backoffs(new RetryController("ep", p).start(), RetryControllerTest::throttling)).containsExactly(
                Duration.ofMillis(50), Duration.ofMillis(150), Duration.ofMillis(450), Duration.ofMillis(1000),
                Duration.ofMillis(1000));
    }

    @Test
    void onError_withJitter_withinDocumentedBandAndCap() {
        RetryController rc = new RetryController("ep", RetryPolicy.defaults());
        for (int i = 0; i < 200; i++) {
            RetryController.Attempts a = rc.start();
            Duration first = a.onError(throttling());
            assertThat(first).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
            List<Duration> cold = backoffs(rc.start(), RetryControllerTest::notReady);
            assertThat(cold).hasSize(9).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
            assertThat(cold.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        }
    }

    @Test
    void onError_nonePolicy_neverRetries() {
        RetryController rc = new RetryController("ep", RetryPolicy.none());
        assertThat(rc.start().onError(throttling())).isNull();
        assertThat(rc.start().onError(notReady())).isNull();
        assertThat(rc.start().onError(dependency())).isNull();
    }
}
