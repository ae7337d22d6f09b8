package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ResponseStream;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.AccessDeniedException;
import io.github.sminference.exception.CircuitOpenException;
import io.github.sminference.exception.EndpointNotFoundException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InternalDependencyException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ModelNotReadyException;
import io.github.sminference.exception.ModelStreamException;
import io.github.sminference.exception.ServiceException;
import io.github.sminference.exception.ServiceUnavailableException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.exception.ValidationException;
import io.github.sminference.testsupport.InvocationReply;
import io.github.sminference.testsupport.ResponseStreamReply;
import io.github.sminference.testsupport.SageMakerError;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one exception mapper and the retry policy, end to end: each error SageMaker can answer, as WireMock sends it
 * on the wire, through the real AWS SDK client, must become the right typed exception after the right number of
 * attempts, on the blocking and the non-blocking path.
 */
class AwsErrorMappingTest {
    private static final String EP = WireMockFixture.ENDPOINT;
    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(10)).jitter(0).coldStartMaxAttempts(4)
            .coldStartInitialBackoff(Duration.ofMillis(5)).coldStartMaxBackoff(Duration.ofMillis(10)).build();

    private SageMakerWireMock sm;

    @BeforeEach
    void setUp() {
        sm = SageMakerWireMock.of(WireMockFixture.server());
        sm.reset();
    }

    @AfterEach
    void tearDown() {
        sm.reset();
    }

    private InferenceClient client(InvocationMode mode, RetryPolicy retry) {
        return WireMockFixture.builder(sm, mode).retry(retry).circuitBreaker(CircuitBreakerPolicy.disabled()).build();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("ModelError 424", SageMakerError.modelError(EP, 503, "busy"), ModelErrorException.class,
                        false, 1),
                Arguments.of("ModelNotReady 429", SageMakerError.modelNotReady(), ModelNotReadyException.class, true,
                        4),
                Arguments.of("Throttling 400", SageMakerError.throttling(), ThrottlingException.class, true, 3),
                Arguments.of("ValidationError 400", SageMakerError.validationError("Request has oversize body"),
                        ValidationException.class, false, 1),
                Arguments.of("Endpoint not found", SageMakerError.endpointNotFound(EP),
                        EndpointNotFoundException.class, false, 1),
                Arguments.of("InternalFailure 500", SageMakerError.internalFailure(),
                        ServiceUnavailableException.class, true, 3),
                Arguments.of("ServiceUnavailable 503", SageMakerError.serviceUnavailable(),
                        ServiceUnavailableException.class, true, 3),
                Arguments.of("InternalDependency 530 (one retry)", SageMakerError.internalDependency(),
                        InternalDependencyException.class, true, 2),
                Arguments.of("AccessDenied 403", SageMakerError.of(403, "AccessDeniedException", "not authorized"),
                        AccessDeniedException.class, false, 1));
    }

    @ParameterizedTest(name = "predict: {0}")
    @MethodSource("errors")
    void predict_serviceError_mapsToTypedExceptionAfterPolicyAttempts(String name, SageMakerError error,
            Class<? extends ServiceException> expected, boolean retryable, int requests) {
        sm.stubInvoke(EP, error);
        try (InferenceClient c = client(InvocationMode.SERVERLESS, FAST)) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(expected, e -> {
                        assertThat(e.isRetryable()).isEqualTo(retryable);
                        assertThat(e.statusCode()).isEqualTo(error.status());
                        assertThat(e.errorCode()).isPresent();
                    });
        }
        assertThat(sm.requestCount(EP)).isEqualTo(requests);
    }

    @ParameterizedTest(name = "predictAsync: {0}")
    @MethodSource("errors")
    void predictAsync_serviceError_mapsToTypedExceptionAfterPolicyAttempts(String name, SageMakerError error,
            Class<? extends ServiceException> expected, boolean retryable, int requests) {
        sm.stubInvoke(EP, error);
        try (InferenceClient c = client(InvocationMode.SERVERLESS, FAST)) {
            assertThatThrownBy(() -> c.predictAsync(InferenceRequest.of("x", "text/plain")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(expected);
        }
        assertThat(sm.requestCount(EP)).isEqualTo(requests);
    }

    @Test
    void predict_modelError_carriesTheContainersStatusMessageAndLogStream() {
        sm.stubInvoke(EP, SageMakerError.modelError(EP, 400, "feature 'age' is missing"));
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST)) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/csv")))
                    .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(424);
                        assertThat(e.originalStatusCode()).contains(400);
                        assertThat(e.originalMessage()).contains("feature 'age' is missing");
                        assertThat(e.logStreamArn()).hasValueSatisfying(a -> assertThat(a).startsWith("arn:aws:logs"));
                        assertThat(e.getMessage()).contains("ModelError");
                    });
        }
    }

    @Test
    void predict_serverlessColdStart_retriedWithItsOwnBudgetThenSucceeds() {
        sm.stubInvokeFailuresThenSuccess(EP, 3, SageMakerError.modelNotReady(), InvocationReply.of("text/plain", "warm"));
        // ordinary retries off: cold starts are counted separately
        RetryPolicy coldOnly = FAST.toBuilder().maxAttempts(1).build();
        try (InferenceClient c = client(InvocationMode.SERVERLESS, coldOnly)) {
            InferenceResult r = c.predict(InferenceRequest.of("x", "text/plain"));
            assertThat(r.text()).isEqualTo("warm");
            assertThat(r.metadata().attempts()).isEqualTo(4);
        }
    }

    @Test
    void predict_retryPolicyNone_theAwsClientsOwnRetriesAreOffToo() {
        sm.stubInvoke(EP, SageMakerError.serviceUnavailable());
        try (InferenceClient c = client(InvocationMode.REAL_TIME, RetryPolicy.none())) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(sm.requestCount(EP)).isEqualTo(1);
    }

    @Test
    void predict_connectionReset_isATransportErrorAndRetried() {
        sm.stubInvokeConnectionReset(EP);
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST)) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.isRetryable()).isTrue());
        }
        assertThat(sm.requestCount(EP)).isEqualTo(3);
    }

    @Test
    void predict_connectionResetThenAnswer_succeeds() {
        sm.stubSequence(SageMakerWireMock.Operation.INVOKE, EP, java.util.List.of(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER),
                InvocationReply.of("text/plain", "after reset").toResponse()));
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST)) {
            InferenceResult r = c.predict(InferenceRequest.of("x", "text/plain"));
            assertThat(r.text()).isEqualTo("after reset");
            assertThat(r.metadata().attempts()).isEqualTo(2);
        }
    }

    @Test
    void predict_retriesResendTheWholeBodyWithTheSameInferenceId() {
        sm.stubInvokeFailuresThenSuccess(EP, 2, SageMakerError.serviceUnavailable(),
                InvocationReply.of("text/plain", "ok"));
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST)) {
            c.predict(InferenceRequest.of("the-whole-body", "text/plain"));
        }
        var requests = sm.requests(SageMakerWireMock.Operation.INVOKE, EP);
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.getBodyAsString()).containsOnly("the-whole-body");
        assertThat(requests).extracting(r -> r.getHeader("X-Amzn-SageMaker-Inference-Id")).doesNotContainNull()
                .containsOnly(requests.get(0).getHeader("X-Amzn-SageMaker-Inference-Id"));
    }

    @Test
    void predict_everyPerCallField_isSentAsItsHeader() {
        sm.stubInvoke(EP, InvocationReply.of("text/plain", "ok").withNewSessionId("sess-9; Expires=2026-12-01T00:00:00Z")
                .withClosedSessionId("sess-8"));
        InferenceResult r;
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST)) {
            r = c.predict(b -> b.body("x").contentType("text/csv").accept("application/json")
                    .customAttributes("c=1").inferenceId("id-1").targetModel("model-a.tar.gz")
                    .targetVariant("blue").targetContainerHostname("container-1").inferenceComponentName("comp-1")
                    .sessionId("NEW_SESSION").enableExplanations("`true`"));
        }
        var req = sm.requests(SageMakerWireMock.Operation.INVOKE, EP).get(0);
        assertThat(req.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(req.getHeader("Accept")).isEqualTo("application/json");
        assertThat(req.getHeader("X-Amzn-SageMaker-Custom-Attributes")).isEqualTo("c=1");
        assertThat(req.getHeader("X-Amzn-SageMaker-Inference-Id")).isEqualTo("id-1");
        assertThat(req.getHeader("X-Amzn-SageMaker-Target-Model")).isEqualTo("model-a.tar.gz");
        assertThat(req.getHeader("X-Amzn-SageMaker-Target-Variant")).isEqualTo("blue");
        assertThat(req.getHeader("X-Amzn-SageMaker-Target-Container-Hostname")).isEqualTo("container-1");
        assertThat(req.getHeader("X-Amzn-SageMaker-Inference-Component")).isEqualTo("comp-1");
        assertThat(req.getHeader("X-Amzn-SageMaker-Session-Id")).isEqualTo("NEW_SESSION");
        assertThat(req.getHeader("X-Amzn-SageMaker-Enable-Explanations")).isEqualTo("`true`");
        assertThat(r.metadata().newSessionId()).contains("sess-9; Expires=2026-12-01T00:00:00Z");
        assertThat(r.metadata().closedSessionId()).contains("sess-8");
    }

    @Test
    void circuitBreaker_opensPerEndpointAndTarget_otherTargetsStillGoThrough() {
        sm.stubInvoke(EP, SageMakerError.serviceUnavailable());
        CircuitBreakerPolicy small = CircuitBreakerPolicy.builder().slidingWindowSize(4).minimumCalls(4)
                .failureRateThreshold(50).waitInOpenState(Duration.ofMinutes(5)).build();
        try (InferenceClient c = WireMockFixture.builder(sm, InvocationMode.REAL_TIME).retry(RetryPolicy.none())
                .circuitBreaker(small).build()) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> c.predict(b -> b.body("x").targetModel("a.tar.gz")))
                        .isInstanceOf(ServiceUnavailableException.class);
            }
            int before = sm.requestCount(EP);
            assertThatThrownBy(() -> c.predict(b -> b.body("x").targetModel("a.tar.gz")))
                    .isInstanceOfSatisfying(CircuitOpenException.class,
                            e -> assertThat(e.breakerName()).isEqualTo(EP + "/model/a.tar.gz"));
            assertThat(sm.requestCount(EP)).isEqualTo(before); // failed fast: nothing sent
            assertThatThrownBy(() -> c.predict(b -> b.body("x").targetModel("b.tar.gz")))
                    .isInstanceOf(ServiceUnavailableException.class);
            assertThat(sm.requestCount(EP)).isEqualTo(before + 1);
        }
    }

    @Test
    void predictStream_modelStreamErrorMidStream_bytesBeforeItAreReadThenTypedError() throws Exception {
        sm.stubResponseStream(EP, ResponseStreamReply.ofText("line one\nline t", 4)
                .thenModelStreamError("ModelInvocationTimeExceeded", "The model failed to finish in time")
                .withContentType("text/plain"));
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST);
                ResponseStream s = c.predictStream(InferenceRequest.of("x", "text/plain"))) {
            InputStream in = s.inputStream();
            byte[] buf = new byte[64];
            StringBuilder got = new StringBuilder();
            assertThatThrownBy(() -> {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }).isInstanceOfSatisfying(ModelStreamException.class, e -> {
                assertThat(e.errorCode()).contains("ModelInvocationTimeExceeded");
                assertThat(e.isRetryable()).isFalse();
            });
            assertThat(got.toString()).isEqualTo("line one\nline t");
        }
    }

    @Test
    void predictStream_internalStreamFailure_isRetryableStreamError() {
        sm.stubResponseStream(EP, ResponseStreamReply.ofText("partial", 3)
                .thenInternalStreamFailure("Try your request again"));
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST);
                ResponseStream s = c.predictStream(InferenceRequest.of("x", "text/plain"))) {
            assertThatThrownBy(() -> s.lines().count()).isInstanceOfSatisfying(ModelStreamException.class, e -> {
                assertThat(e.errorCode()).contains("InternalStreamFailure");
                assertThat(e.isRetryable()).isTrue();
            });
        }
    }

    @Test
    void predictStream_throttledBeforeTheStreamStarts_isRetried() {
        sm.stubSequence(SageMakerWireMock.Operation.INVOKE_WITH_RESPONSE_STREAM, EP, java.util.List.of(
                SageMakerError.throttling().toResponse(),
                ResponseStreamReply.ofText("a\nb\n", 1, 3).withContentType("text/plain").toResponse()));
        try (InferenceClient c = client(InvocationMode.REAL_TIME, FAST);
                ResponseStream s = c.predictStream(InferenceRequest.of("x", "text/plain"))) {
            assertThat(s.metadata().attempts()).isEqualTo(2);
            assertThat(s.lines()).containsExactly("a", "b");
        }
    }

    @Test
    void predict_slowAnswerPastTheAttemptTimeout_isAnAttemptTimeout() {
        sm.stubInvokeSlow(EP, Duration.ofSeconds(3), InvocationReply.of("text/plain", "late"));
        try (InferenceClient c = WireMockFixture.builder(sm, InvocationMode.REAL_TIME).retry(RetryPolicy.none())
                .timeouts(io.github.sminference.config.TimeoutPolicy.builder().attemptTimeout(Duration.ofMillis(300))
                        .build()).build()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(io.github.sminference.exception.InferenceTimeoutException.class,
                            e -> assertThat(e.budget()).isEqualTo(
                                    io.github.sminference.exception.InferenceTimeoutException.Budget.ATTEMPT));
        }
    }

    @Test
    void everyMappedError_isAnInferenceException() {
        assertThat(InferenceException.class).isAssignableFrom(ServiceException.class);
    }
}
