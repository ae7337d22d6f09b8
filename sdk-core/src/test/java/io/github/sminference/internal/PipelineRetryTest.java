package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InternalDependencyException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ModelNotReadyException;
import io.github.sminference.exception.ServiceUnavailableException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.exception.ValidationException;
import io.github.sminference.fake.FakeClientBuilder;
import io.github.sminference.fake.FakeEndpointTransport;
import io.github.sminference.spi.Invocation;
import io.github.sminference.testing.FakeTimeSource;
import io.github.sminference.testing.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking path of the pipeline, on a fake clock: retries, backoff, budgets, attempts, listeners. */
@Timeout(20)
class PipelineRetryTest {
    private static final RetryPolicy NO_JITTER = RetryPolicy.builder().jitter(0).build();
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

    private final FakeTimeSource clock = new FakeTimeSource();
    private final FakeEndpointTransport fake = new FakeEndpointTransport();
    private final ScriptedTransport scripted = new ScriptedTransport();
    private final List<InferenceClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(InferenceClient::close);
        fake.close();
    }

    private InferenceClient fakeClient(RetryPolicy retry, InferenceListener... listeners) {
        FakeClientBuilder b = new FakeClientBuilder(fake).endpointName("ep").mode(InvocationMode.REAL_TIME)
                .timeSource(clock).retry(retry).circuitBreaker(CircuitBreakerPolicy.disabled());
        for (InferenceListener l : listeners) {
            b.addListener(l);
        }
        InferenceClient c = b.build();
        clients.add(c);
        return c;
    }

    private InferenceClient scriptedClient(RetryPolicy retry, TimeoutPolicy timeouts) {
        InferenceClient c = new ScriptedTransport.Builder(scripted).endpointName("ep").mode(InvocationMode.SERVERLESS)
                .timeSource(clock).retry(retry).timeouts(timeouts).circuitBreaker(CircuitBreakerPolicy.disabled())
                .build();
        clients.add(c);
        return c;
    }

    private InferenceClient scriptedClient() {
        return scriptedClient(NO_JITTER, TimeoutPolicy.defaults());
    }

    private static InferenceRequest request() {
        return InferenceRequest.of("1,2,3", "text/csv");
    }

    static ThrottlingException throttling() {
        return new ThrottlingException("Rate exceeded", 429, "ThrottlingException", "r", null);
    }

    static ModelNotReadyException notReady() {
        return new ModelNotReadyException("Model is loading", 429, "ModelNotReadyException", "r", null);
    }

    /** Records events; safe to call from any thread. */
    static final class RecordingListener implements InferenceListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<InferenceEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(InferenceEvent e) {
            events.add("start");
            all.add(e);
        }

        @Override
        public void onRetry(InferenceEvent e) {
            events.add("retry");
            all.add(e);
        }

        @Override
        public void onSuccess(InferenceEvent e) {
            events.add("success");
            all.add(e);
        }

        @Override
        public void onFailure(InferenceEvent e) {
            events.add("failure");
            all.add(e);
        }
    }

    /** A listener that throws from every callback. */
    static final class ThrowingListener implements InferenceListener {
        @Override
        public void onStart(InferenceEvent e) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void onRetry(InferenceEvent e) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void onSuccess(InferenceEvent e) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void onFailure(InferenceEvent e) {
            throw new IllegalStateException("listener bug");
        }
    }

    // ------------------------------------------------------------------ backoff on the fake clock

    @Test
    void predict_throttledTwice_backoffsFollowPolicyAndAttemptsRecorded() {
        fake.throttleThenAnswer(2, OK);
        InferenceResult r = fakeClient(NO_JITTER).predict(request());
        assertThat(r.text()).isEqualTo("ok");
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(r.metadata().attempts()).isEqualTo(3);
        assertThat(r.metadata().latency()).isEqualTo(Duration.ofMillis(300));
        assertThat(r.metadata().mode()).isEqualTo(InvocationMode.REAL_TIME);
        assertThat(r.metadata().endpointName()).contains("ep");
        List<RecordedRequest> received = fake.received();
        assertThat(received).hasSize(3);
        String id = received.get(0).header("X-Amzn-SageMaker-Inference-Id").orElseThrow();
        assertThat(id).isNotBlank();
        assertThat(received).allSatisfy(q -> {
            assertThat(q.header("X-Amzn-SageMaker-Inference-Id")).contains(id);
            assertThat(new String(q.body(), StandardCharsets.UTF_8)).isEqualTo("1,2,3");
        });
        assertThat(r.metadata().inferenceId()).contains(id);
    }

    @Test
    void predict_firstAttemptSucceeds_oneAttemptNoSleep() {
        fake.answer(OK, "text/plain", "AllTraffic");
        InferenceResult r = fakeClient(NO_JITTER).predict(request().toBuilder().inferenceId("mine").build());
        assertThat(r.metadata().attempts()).isEqualTo(1);
        assertThat(r.metadata().invokedVariant()).contains("AllTraffic");
        assertThat(r.metadata().inferenceId()).contains("mine");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void predict_throttledBeyondMaxAttempts_throwsLastThrottling() {
        fake.throttleThenAnswer(10, OK);
        assertThatThrownBy(() -> fakeClient(NO_JITTER).predict(request())).isInstanceOf(ThrottlingException.class);
        assertThat(fake.received()).hasSize(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void predict_customBackoffPolicy_sleepsGrowByMultiplierUpToCap() {
        fake.throttleThenAnswer(4, OK);
        RetryPolicy p = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(50)).multiplier(3)
                .maxBackoff(Duration.ofMillis(200)).jitter(0).build();
        assertThat(fakeClient(p).predict(request()).metadata().attempts()).isEqualTo(5);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(150),
                Duration.ofMillis(200), Duration.ofMillis(200));
    }

    @Test
    void predict_defaultJitter_sleepsWithinJitterBand() {
        fake.throttleThenAnswer(2, OK);
        fakeClient(RetryPolicy.defaults()).predict(request());
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(clock.sleeps().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        assertThat(clock.sleeps().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
    }

    @Test
    void predict_budgetTooSmallForNextBackoff_totalTimeoutWithLastErrorAsCause() {
        fake.throttleThenAnswer(10, OK);
        InferenceRequest req = request().toBuilder().timeout(Duration.ofMillis(250)).build();
        assertThatThrownBy(() -> fakeClient(NO_JITTER).predict(req)).isInstanceOf(InferenceTimeoutException.class)
                .hasCauseInstanceOf(ThrottlingException.class).hasMessageContaining("PT0.25S")
                .satisfies(e -> {
                    InferenceTimeoutException t = (InferenceTimeoutException) e;
                    assertThat(t.budget()).isEqualTo(InferenceTimeoutException.Budget.TOTAL);
                    assertThat(t.limit()).isEqualTo(Duration.ofMillis(250));
                    assertThat(t.isRetryable()).isFalse();
                });
        assertThat(fake.received()).hasSize(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void predict_clientTotalTimeoutTooSmall_sameAsRequestBudget() {
        scripted.then(throttling(), throttling());
        InferenceClient c = scriptedClient(NO_JITTER, TimeoutPolicy.builder().totalTimeout(Duration.ofMillis(150))
                .build());
        assertThatThrownBy(() -> c.predict(request())).isInstanceOf(InferenceTimeoutException.class)
                .hasCauseInstanceOf(ThrottlingException.class);
        assertThat(scripted.invocations).hasSize(2);
    }

    @Test
    void predict_slowAttemptSpendsTheBudget_totalTimeoutNoFurtherAttempt() {
        Function<Invocation, Object> slowThenThrottled = inv -> {
            clock.advance(Duration.ofSeconds(6));
            return throttling();
        };
        scripted.then(slowThenThrottled);
        InferenceClient c = scriptedClient();
        InferenceRequest req = request().toBuilder().timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> c.predict(req)).isInstanceOf(InferenceTimeoutException.class)
                .hasCauseInstanceOf(ThrottlingException.class);
        assertThat(scripted.invocations).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void predict_veryLongTimeout_succeedsWithoutArithmeticOverflow() {
        InferenceRequest req = request().toBuilder().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
        assertThat(scriptedClient().predict(req).text()).isEqualTo("ok");
    }

    // ------------------------------------------------------------------ error kinds

    @Test
    void predict_coldStart_ownBackoffUntilReady() {
        scripted.then(notReady(), notReady(), notReady());
        InferenceResult r = scriptedClient().predict(request());
        assertThat(r.metadata().attempts()).isEqualTo(4);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void predict_coldStartNeverEnds_tenAttemptsThenModelNotReady() {
        scripted.thenRepeat(20, notReady());
        assertThatThrownBy(() -> scriptedClient().predict(request())).isInstanceOf(ModelNotReadyException.class);
        assertThat(scripted.invocations).hasSize(10);
        assertThat(clock.sleeps()).hasSize(9).endsWith(Duration.ofSeconds(30));
    }

    @Test
    void predict_coldStartsAndThrottling_countSeparately() {
        scripted.then(notReady(), notReady(), throttling(), throttling());
        InferenceResult r = scriptedClient().predict(request());
        assertThat(r.metadata().attempts()).isEqualTo(5);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void predict_transient5xxAndDroppedConnection_retried() {
        scripted.then(new ServiceUnavailableException("503", 503, "ServiceUnavailable", "r", null),
                new TransportException("connection reset", null));
        assertThat(scriptedClient().predict(request()).metadata().attempts()).isEqualTo(3);
    }

    @Test
    void predict_internalDependencyTwice_retriedOnlyOnce() {
        InternalDependencyException e530 = new InternalDependencyException("530", 530, "InternalDependencyException",
                "r", null);
        scripted.then(e530, e530, e530);
        assertThatThrownBy(() -> scriptedClient().predict(request())).isInstanceOf(InternalDependencyException.class);
        assertThat(scripted.invocations).hasSize(2);
    }

    @Test
    void predict_validationError_notRetried() {
        scripted.then(new ValidationException("bad", 400, "ValidationError", "r", null));
        assertThatThrownBy(() -> scriptedClient().predict(request())).isInstanceOf(ValidationException.class);
        assertThat(scripted.invocations).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void predict_modelError4xx_notRetried() {
        fake.fail(400, "bad input row");
        assertThatThrownBy(() -> fakeClient(NO_JITTER).predict(request())).isInstanceOf(ModelErrorException.class);
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void predict_modelError5xxByDefault_notRetried() {
        fake.fail(500, "oom");
        assertThatThrownBy(() -> fakeClient(NO_JITTER).predict(request())).isInstanceOf(ModelErrorException.class);
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void predict_modelError5xxWithRetryModelServerErrors_retried() {
        fake.fail(500, "oom");
        RetryPolicy p = NO_JITTER.toBuilder().retryModelServerErrors(true).build();
        assertThatThrownBy(() -> fakeClient(p).predict(request())).isInstanceOf(ModelErrorException.class)
                .satisfies(e -> assertThat(((ModelErrorException) e).originalStatusCode()).contains(500));
        assertThat(fake.received()).hasSize(3);
    }

    @Test
    void predict_invalidRequest_neverSent() {
        InferenceRequest bad = request().toBuilder().inferenceId(" starts-with-space").build();
        assertThatThrownBy(() -> fakeClient(NO_JITTER).predict(bad)).isInstanceOf(InvalidRequestException.class);
        assertThat(fake.received()).isEmpty();
    }

    // ------------------------------------------------------------------ attempt timeout

    @Test
    void predict_attemptTimeout_derivedFromModelTimeAndCappedByBudget() {
        InferenceClient c = scriptedClient();
        c.predict(request());
        c.predict(request().toBuilder().modelTimeout(Duration.ofSeconds(20)).build());
        c.predict(request().toBuilder().timeout(Duration.ofSeconds(5)).build());
        assertThat(scripted.invocations).extracting(Invocation::attemptTimeout)
                .containsExactly(Duration.ofSeconds(70), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @Test
    void predict_fixedAttemptTimeout_wins() {
        InferenceClient c = scriptedClient(NO_JITTER, TimeoutPolicy.builder().attemptTimeout(Duration.ofSeconds(3))
                .build());
        c.predict(request().toBuilder().modelTimeout(Duration.ofSeconds(50)).build());
        assertThat(scripted.invocations.get(0).attemptTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void predict_retryAfterBackoff_attemptTimeoutCappedByRemainingBudget() {
        scripted.then(throttling());
        scriptedClient().predict(request().toBuilder().timeout(Duration.ofSeconds(10)).build());
        assertThat(scripted.invocations).extracting(Invocation::attempt).containsExactly(1, 2);
        assertThat(scripted.invocations.get(1).attemptTimeout()).isEqualTo(Duration.ofMillis(9900));
        assertThat(scripted.invocations.get(1).inferenceId()).isEqualTo(scripted.invocations.get(0).inferenceId());
    }

    @Test
    void predict_modelTimeoutAboveModeMax_rejectedBeforeSending() {
        InferenceRequest req = request().toBuilder().modelTimeout(Duration.ofSeconds(61)).build();
        assertThatThrownBy(() -> scriptedClient().predict(req)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("asynchronous endpoint");
        assertThat(scripted.invocations).isEmpty();
    }

    // ------------------------------------------------------------------ listeners

    @Test
    void predict_throwingListener_callStillSucceedsAndOthersNotified() {
        fake.throttleThenAnswer(1, OK);
        RecordingListener recording = new RecordingListener();
        InferenceResult r = fakeClient(NO_JITTER, new ThrowingListener(), recording).predict(request());
        assertThat(r.text()).isEqualTo("ok");
        assertThat(recording.events).containsExactly("start", "retry", "success");
        InferenceEvent retry = recording.all.get(1);
        assertThat(retry.retryDelay()).contains(Duration.ofMillis(100));
        assertThat(retry.error()).containsInstanceOf(ThrottlingException.class);
        assertThat(recording.all.get(2).attempt()).isEqualTo(2);
    }

    @Test
    void predict_throwingListenerOnFailure_originalErrorPropagates() {
        fake.fail(400, "bad");
        RecordingListener recording = new RecordingListener();
        InferenceClient c = fakeClient(NO_JITTER, new ThrowingListener(), recording);
        assertThatThrownBy(() -> c.predict(request())).isInstanceOf(ModelErrorException.class);
        assertThat(recording.events).containsExactly("start", "failure");
    }

    @Test
    void predict_rejectedRequest_onlyOnFailure() {
        RecordingListener recording = new RecordingListener();
        InferenceClient c = fakeClient(NO_JITTER, new ThrowingListener(), recording);
        assertThatThrownBy(() -> c.predict(request().toBuilder().inferenceId("").build()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(recording.events).containsExactly("failure");
        assertThat(recording.all.get(0).attempt()).isZero();
    }

    // ------------------------------------------------------------------ non-blocking path

    @Test
    void predictAsync_throttledTwice_retriedWithSameIdAndAttemptsRecorded() throws Exception {
        scripted.then(throttling(), throttling());
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(10))
                .jitter(0).build();
        InferenceResult r = scriptedClient(fast, TimeoutPolicy.defaults()).predictAsync(request())
                .get(5, TimeUnit.SECONDS);
        assertThat(r.metadata().attempts()).isEqualTo(3);
        assertThat(scripted.invocations).extracting(Invocation::inferenceId).containsOnly(r.metadata().inferenceId()
                .orElseThrow());
    }

    @Test
    void predictAsync_invalidRequest_failedFutureNotSent() {
        assertThat(scriptedClient().predictAsync(request().toBuilder().inferenceId("").build()))
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(InvalidRequestException.class);
        assertThat(scripted.invocations).isEmpty();
    }
}
