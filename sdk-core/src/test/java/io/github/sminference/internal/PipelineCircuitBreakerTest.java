package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.CircuitOpenException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ServiceUnavailableException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.fake.FakeClientBuilder;
import io.github.sminference.fake.FakeEndpointTransport;
import io.github.sminference.testing.FakeTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The circuit breaker through a real client on a fake clock. */
@Timeout(20)
class PipelineCircuitBreakerTest {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CircuitBreakerPolicy SMALL = CircuitBreakerPolicy.builder().slidingWindowSize(4)
            .minimumCalls(4).failureRateThreshold(50).waitInOpenState(WAIT).permittedCallsInHalfOpen(2).build();

    private final FakeTimeSource clock = new FakeTimeSource();
    private final FakeEndpointTransport fake = new FakeEndpointTransport();
    private InferenceClient client;

    @BeforeEach
    void build() {
        client = new FakeClientBuilder(fake).endpointName("ep").mode(InvocationMode.REAL_TIME).timeSource(clock)
                .retry(RetryPolicy.none()).circuitBreaker(SMALL).build();
    }

    @AfterEach
    void close() {
        client.close();
        fake.close();
    }

    private CircuitBreaker.State state(String name) {
        return ((EndpointClient) client).pipeline().breakers().state(name);
    }

    private static InferenceRequest request() {
        return InferenceRequest.of("x", "text/plain");
    }

    private void failTimes(int n, Class<? extends Throwable> expected) {
        for (int i = 0; i < n; i++) {
            assertThatThrownBy(() -> client.predict(request())).isInstanceOf(expected);
        }
    }

    @Test
    void predict_sustainedThrottling_opensAndFailsFastWithoutCallingTransport() {
        fake.throttleThenAnswer(1000, OK);
        failTimes(4, ThrottlingException.class);
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fake.received()).hasSize(4);

        assertThatThrownBy(() -> client.predict(request())).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("ep").hasMessageContaining("PT10S")
                .satisfies(e -> assertThat(((CircuitOpenException) e).breakerName()).isEqualTo("ep"));
        assertThatThrownBy(() -> client.predictAsync(request()).join()).hasCauseInstanceOf(CircuitOpenException.class);
        assertThat(fake.received()).as("no request reaches the endpoint while open").hasSize(4);
    }

    @Test
    void predict_sustainedModelServerErrors_breakerOpens() {
        fake.fail(500, "out of memory");
        failTimes(4, ModelErrorException.class);
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> client.predict(request())).isInstanceOf(CircuitOpenException.class);
        assertThat(fake.received()).hasSize(4);
    }

    @Test
    void predict_breakerOpenPastWaitInOpenState_halfOpenThenClosedByTrialCalls() {
        fake.throttleThenAnswer(4, OK);
        failTimes(4, ThrottlingException.class);
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(WAIT.minusMillis(1));
        assertThatThrownBy(() -> client.predict(request())).isInstanceOf(CircuitOpenException.class);
        assertThat(fake.received()).hasSize(4);

        clock.advance(Duration.ofMillis(2));
        assertThat(client.predict(request()).text()).isEqualTo("ok");
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(client.predict(request()).text()).isEqualTo("ok");
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fake.received()).hasSize(6);
        assertThat(client.predict(request()).text()).isEqualTo("ok");
    }

    @Test
    void predict_halfOpenTrialFails_opensAgain() {
        fake.throttleThenAnswer(1000, OK);
        failTimes(4, ThrottlingException.class);
        clock.advance(WAIT.plusMillis(1));
        failTimes(2, ThrottlingException.class);
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> client.predict(request())).isInstanceOf(CircuitOpenException.class);
        assertThat(fake.received()).hasSize(6);
    }

    @Test
    void predict_modelError4xx_breakerStaysClosed() {
        fake.fail(400, "bad input");
        failTimes(10, ModelErrorException.class);
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fake.received()).hasSize(10);
    }

    @Test
    void predict_invalidRequests_breakerStaysClosed() {
        fake.answer(OK, "text/plain", null);
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> client.predict(request().toBuilder().inferenceId(" bad").build()))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.predict(request()).text()).isEqualTo("ok");
    }

    @Test
    void predict_failuresBelowThreshold_breakerStaysClosed() {
        fake.throttleThenAnswer(1, OK);
        failTimes(1, ThrottlingException.class);
        for (int i = 0; i < 7; i++) {
            assertThat(client.predict(request()).text()).isEqualTo("ok");
        }
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void predict_oneTargetModelFailing_otherTargetUnaffected() {
        fake.throttleThenAnswer(1000, OK);
        InferenceRequest m1 = request().toBuilder().targetModel("m1.tar.gz").build();
        InferenceRequest m2 = request().toBuilder().targetModel("m2.tar.gz").build();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.predict(m1)).isInstanceOf(ThrottlingException.class);
        }
        assertThat(state("ep/model/m1.tar.gz")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> client.predict(m1)).isInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(() -> client.predict(m2)).isInstanceOf(ThrottlingException.class);
        assertThat(state("ep")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void predict_breakerOpensDuringRetries_circuitOpenCarriesLastError() {
        client.close();
        ScriptedTransport scripted = new ScriptedTransport();
        ServiceUnavailableException e503 = new ServiceUnavailableException("503", 503, "ServiceUnavailable", "r", null);
        scripted.thenRepeat(10, e503);
        client = new ScriptedTransport.Builder(scripted).endpointName("ep").mode(InvocationMode.REAL_TIME)
                .timeSource(clock).retry(RetryPolicy.builder().maxAttempts(10).jitter(0).build())
                .circuitBreaker(SMALL).build();
        assertThatThrownBy(() -> client.predict(request())).isInstanceOf(CircuitOpenException.class)
                .hasCause(e503);
        assertThat(scripted.invocations).hasSize(4);
    }

    @Test
    void predict_breakerDisabled_neverOpens() {
        client.close();
        client = new FakeClientBuilder(fake).endpointName("ep").mode(InvocationMode.REAL_TIME).timeSource(clock)
                .retry(RetryPolicy.none()).circuitBreaker(CircuitBreakerPolicy.disabled()).build();
        fake.throttleThenAnswer(1000, OK);
        failTimes(30, ThrottlingException.class);
        assertThat(fake.received()).hasSize(30);
    }
}
