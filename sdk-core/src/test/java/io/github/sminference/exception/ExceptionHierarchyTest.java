package io.github.sminference.exception;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InvocationMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExceptionHierarchyTest {

    @Test
    void invalidRequest_message_namesFieldValueAndFix() {
        InvalidRequestException e = new InvalidRequestException("endpointName", "bad_name", "use letters");
        assertThat(e).hasMessage("Invalid endpointName ('bad_name'): use letters");
        assertThat(e.field()).isEqualTo("endpointName");
        assertThat(e.value()).isEqualTo("bad_name");
        assertThat(e.isRetryable()).isFalse();
        assertThat(new InvalidRequestException("mode", null, "set it")).hasMessage("Invalid mode (missing): set it");
    }

    @Test
    void payloadTooLarge_carriesSizeLimitModeAndFix() {
        PayloadTooLargeException e = new PayloadTooLargeException("payload", 7_000_000, 6_291_456,
                InvocationMode.REAL_TIME, "use an asynchronous endpoint");
        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.size()).isEqualTo(7_000_000);
        assertThat(e.limit()).isEqualTo(6_291_456);
        assertThat(e.mode()).isEqualTo(InvocationMode.REAL_TIME);
        assertThat(e.field()).isEqualTo("payload");
        assertThat(e.getMessage()).contains("7000000", "6291456", "REAL_TIME", "asynchronous endpoint");
        assertThat(e.isRetryable()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(InferenceTimeoutException.Budget.class)
    void timeout_onlyAttemptBudgetIsRetryable(InferenceTimeoutException.Budget budget) {
        InferenceTimeoutException e = new InferenceTimeoutException(budget, Duration.ofSeconds(3), "late", null);
        assertThat(e.isRetryable()).isEqualTo(budget == InferenceTimeoutException.Budget.ATTEMPT);
        assertThat(e.budget()).isEqualTo(budget);
        assertThat(e.limit()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void serviceErrors_retryableOnlyWhenTransient() {
        assertThat(new ThrottlingException("t", 429, "ThrottlingException", "r", null).isRetryable()).isTrue();
        assertThat(new ServiceUnavailableException("u", 503, "ServiceUnavailable", "r", null).isRetryable()).isTrue();
        assertThat(new ModelNotReadyException("n", 429, "ModelNotReadyException", "r", null).isRetryable()).isTrue();
        assertThat(new InternalDependencyException("d", 530, "InternalDependencyException", "r", null).isRetryable())
                .isTrue();
        assertThat(new TransportException("reset", null).isRetryable()).isTrue();
        assertThat(new ValidationException("v", 400, "ValidationError", "r", null).isRetryable()).isFalse();
        assertThat(new EndpointNotFoundException("nf", 400, "ValidationError", "r", null).isRetryable()).isFalse();
        assertThat(new AccessDeniedException("ad", 403, "AccessDeniedException", "r", null).isRetryable()).isFalse();
        assertThat(new ModelErrorException("m", 424, "r", 500, "boom", null, null).isRetryable()).isFalse();
        assertThat(new CodecException("c", null).isRetryable()).isFalse();
        assertThat(new ClientClosedException("closed").isRetryable()).isFalse();
        assertThat(new InferenceCancelledException("x", null).isRetryable()).isFalse();
    }

    @Test
    void modelError_carriesOriginalStatusMessageAndLogStream() {
        ModelErrorException e = new ModelErrorException("Received server error (500)", 424, "req-1", 500, "boom",
                "arn:aws:logs:x", null);
        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.errorCode()).contains("ModelError");
        assertThat(e.requestId()).contains("req-1");
        assertThat(e.originalStatusCode()).contains(500);
        assertThat(e.originalMessage()).contains("boom");
        assertThat(e.logStreamArn()).contains("arn:aws:logs:x");
        ModelErrorException bare = new ModelErrorException("m", 424, null, null, null, null, null);
        assertThat(bare.originalStatusCode()).isEmpty();
        assertThat(bare.requestId()).isEmpty();
    }

    @Test
    void circuitOpen_namesBreakerAndWaitAndKeepsLastError() {
        ThrottlingException last = new ThrottlingException("t", 429, "T", null, null);
        CircuitOpenException e = new CircuitOpenException("ep/model/m1", Duration.ofSeconds(30), last);
        assertThat(e.breakerName()).isEqualTo("ep/model/m1");
        assertThat(e.getMessage()).contains("ep/model/m1", "PT30S", "not sent");
        assertThat(e.getCause()).isSameAs(last);
    }

    @Test
    void jobFailed_failureContentCopied() {
        byte[] content = "bad row 3".getBytes(StandardCharsets.UTF_8);
        JobFailedException e = new JobFailedException("job-1", "ClientError", content);
        content[0] = 'X';
        assertThat(e.failureText()).contains("bad row 3");
        e.failureContent().orElseThrow()[0] = 'Y';
        assertThat(e.failureText()).contains("bad row 3");
        assertThat(e.getMessage()).contains("job-1", "ClientError");
        assertThat(e.isRetryable()).isFalse();
        assertThat(new JobFailedException("job-2", null, null).failureContent()).isEmpty();
    }

    @Test
    void notSupported_namesOperationModeAndFix() {
        NotSupportedException e = new NotSupportedException("stopRemote()", InvocationMode.REAL_TIME, "cancel()");
        assertThat(e.getMessage()).contains("stopRemote()", "REAL_TIME", "cancel()");
        assertThat(e.operation()).isEqualTo("stopRemote()");
        assertThat(e.mode()).isEqualTo(InvocationMode.REAL_TIME);
    }
}
