package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.SageMakerWireMock.Operation;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** Proves every {@link SageMakerWireMock} InvokeEndpoint stub against the real AWS SDK client. */
class SageMakerWireMockTest {

    @RegisterExtension
    static final SageMakerWireMockExtension WM = SageMakerWireMockExtension.create();

    private static SageMakerRuntimeClient runtime;

    @BeforeAll
    static void client() {
        runtime = AwsClients.runtime(WM.endpoint());
    }

    @AfterAll
    static void closeClient() {
        runtime.close();
    }

    @Test
    void invoke_successStub_returnsBodyAndEveryResponseHeader(SageMakerWireMock sageMaker) {
        sageMaker.stubInvoke("ep", InvocationReply.of("application/json", "{\"label\":\"cat\"}")
                .withInvokedProductionVariant("variant-a")
                .withCustomAttributes("trace=1")
                .withNewSessionId("sess-1; Expires=2030-01-01T00:00:00Z")
                .withClosedSessionId("sess-0"));

        InvokeEndpointResponse response = invoke("ep");

        assertThat(response.body().asUtf8String()).isEqualTo("{\"label\":\"cat\"}");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.invokedProductionVariant()).isEqualTo("variant-a");
        assertThat(response.customAttributes()).isEqualTo("trace=1");
        assertThat(response.newSessionId()).isEqualTo("sess-1; Expires=2030-01-01T00:00:00Z");
        assertThat(response.closedSessionId()).isEqualTo("sess-0");
    }

    @Test
    void invoke_binaryBody_returnsExactBytes() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        WM.sageMaker().stubInvoke("ep", InvocationReply.of("application/octet-stream", body));

        assertThat(invoke("ep").body().asByteArray()).isEqualTo(body);
    }

    @Test
    void invoke_modelErrorStub_mapsToModelErrorExceptionWithOriginalFields() {
        WM.sageMaker().stubInvoke("ep", SageMakerError.modelError("ep", 500, "CUDA out of memory"));

        ModelErrorException e = Thrown.by(ModelErrorException.class, () -> invoke("ep"));

        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ModelError");
        assertThat(e.originalStatusCode()).isEqualTo(500);
        assertThat(e.originalMessage()).isEqualTo("CUDA out of memory");
        assertThat(e.logStreamArn())
                .isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/ep");
        assertThat(e.awsErrorDetails().errorMessage())
                .startsWith("Received server error (500) from primary with message \"CUDA out of memory\"");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void invoke_endpointNotFoundStub_mapsToValidationErrorWithSageMakerWording() {
        WM.sageMaker().stubInvoke("missing-ep", SageMakerError.endpointNotFound("missing-ep"));

        ValidationErrorException e = Thrown.by(ValidationErrorException.class, () -> invoke("missing-ep"));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Endpoint missing-ep of account 123456789012 not found.");
    }

    @Test
    void invoke_throttlingStub_mapsToThrottlingRuntimeException() {
        WM.sageMaker().stubInvoke("ep", SageMakerError.throttling());

        SageMakerRuntimeException e = Thrown.by(SageMakerRuntimeException.class, () -> invoke("ep"));

        assertThat(e.getClass()).isEqualTo(SageMakerRuntimeException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.isThrottlingException()).isTrue();
    }

    static Stream<Arguments> modeledErrors() {
        return Stream.of(
                Arguments.of(SageMakerError.modelNotReady(), ModelNotReadyException.class, 429),
                Arguments.of(SageMakerError.validationError("Request has oversize body"),
                        ValidationErrorException.class, 400),
                Arguments.of(SageMakerError.internalFailure(), InternalFailureException.class, 500),
                Arguments.of(SageMakerError.serviceUnavailable(), ServiceUnavailableException.class, 503),
                Arguments.of(SageMakerError.internalDependency(), InternalDependencyException.class, 530));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modeledErrors")
    void invoke_errorStub_mapsToModeledExceptionAfterOneRequest(SageMakerError error,
            Class<? extends SageMakerRuntimeException> expected, int status) {
        WM.sageMaker().stubInvoke("ep", error);

        SageMakerRuntimeException e = Thrown.by(SageMakerRuntimeException.class, () -> invoke("ep"));

        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(error.errorType());
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(error.message());
        assertThat(WM.sageMaker().requestCount(Operation.INVOKE, "ep")).isEqualTo(1);
    }

    @Test
    void invoke_connectionResetStub_throwsSdkClientException() {
        WM.sageMaker().stubInvokeConnectionReset("ep");

        SdkClientException e = Thrown.by(SdkClientException.class, () -> invoke("ep"));

        assertThat(e).hasRootCauseInstanceOf(java.net.SocketException.class);
    }

    @Test
    void invoke_slowStub_answersOnlyAfterTheDelay() {
        WM.sageMaker().stubInvokeSlow("ep", Duration.ofMillis(300), InvocationReply.of("text/plain", "late"));
        long started = System.nanoTime();

        InvokeEndpointResponse response = invoke("ep");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.body().asUtf8String()).isEqualTo("late");
    }

    @Test
    void invoke_slowStubBeyondAttemptTimeout_throwsApiCallAttemptTimeoutException() {
        WM.sageMaker().stubInvokeSlow("ep", Duration.ofSeconds(2), InvocationReply.of("text/plain", "late"));
        try (SageMakerRuntimeClient impatient = AwsClients.runtime(WM.endpoint(),
                AwsRetryStrategy.doNotRetry(), Duration.ofMillis(200))) {

            Thrown.by(ApiCallAttemptTimeoutException.class, () -> impatient.invokeEndpoint(
                    r -> r.endpointName("ep").body(SdkBytes.fromUtf8String("x"))));
        }
    }

    @Test
    void invoke_twoFailuresThenSuccessWithSdkRetries_succeedsOnThirdRequest() {
        WM.sageMaker().stubInvokeFailuresThenSuccess("ep", 2, SageMakerError.serviceUnavailable(),
                InvocationReply.of("text/plain", "finally"));
        try (SageMakerRuntimeClient retrying = AwsClients.runtime(WM.endpoint(),
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3)
                        .backoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(10)))
                        .build(),
                null)) {

            InvokeEndpointResponse response = retrying.invokeEndpoint(
                    r -> r.endpointName("ep").body(SdkBytes.fromUtf8String("x")));

            assertThat(response.body().asUtf8String()).isEqualTo("finally");
        }
        assertThat(WM.sageMaker().requestCount(Operation.INVOKE, "ep")).isEqualTo(3);
    }

    @Test
    void invoke_failuresThenSuccessWithoutRetries_eachCallSeesTheNextStep() {
        WM.sageMaker().stubInvokeFailuresThenSuccess("ep", 2, SageMakerError.modelNotReady(),
                InvocationReply.of("text/plain", "warm"));

        Thrown.by(ModelNotReadyException.class, () -> invoke("ep"));
        Thrown.by(ModelNotReadyException.class, () -> invoke("ep"));
        assertThat(invoke("ep").body().asUtf8String()).isEqualTo("warm");
        assertThat(invoke("ep").body().asUtf8String()).isEqualTo("warm");
    }

    @Test
    void requestCount_endpointNeverCalled_isZeroWhileOtherEndpointCounts() {
        WM.sageMaker().stubInvoke("called", "text/plain", "ok");

        invoke("called");
        invoke("called");

        assertThat(WM.sageMaker().requestCount("never-called")).isZero();
        assertThat(WM.sageMaker().requestCount("called")).isEqualTo(2);
        assertThat(WM.sageMaker().requestCount(Operation.INVOKE_WITH_RESPONSE_STREAM, "called")).isZero();
        assertThat(WM.sageMaker().totalRequestCount()).isEqualTo(2);
    }

    @Test
    void requests_afterInvoke_exposeWhatTheClientSent() {
        WM.sageMaker().stubInvoke("ep", "text/plain", "ok");

        runtime.invokeEndpoint(r -> r.endpointName("ep").contentType("text/csv").accept("application/json")
                .targetVariant("variant-b").customAttributes("c=1").body(SdkBytes.fromUtf8String("1,2,3")));

        var sent = WM.sageMaker().requests(Operation.INVOKE, "ep");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Content-Type")).isEqualTo("text/csv");
        assertThat(sent.get(0).getHeader("Accept")).isEqualTo("application/json");
        assertThat(sent.get(0).getHeader("X-Amzn-SageMaker-Target-Variant")).isEqualTo("variant-b");
        assertThat(sent.get(0).getHeader("X-Amzn-SageMaker-Custom-Attributes")).isEqualTo("c=1");
        assertThat(sent.get(0).getBodyAsString()).isEqualTo("1,2,3");
    }

    private static InvokeEndpointResponse invoke(String endpointName) {
        return runtime.invokeEndpoint(r -> r.endpointName(endpointName).contentType("application/json")
                .body(SdkBytes.fromUtf8String("{}")));
    }
}
