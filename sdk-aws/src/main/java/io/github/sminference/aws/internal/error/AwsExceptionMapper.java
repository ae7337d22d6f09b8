package io.github.sminference.aws.internal.error;

import io.github.sminference.exception.AccessDeniedException;
import io.github.sminference.exception.EndpointNotFoundException;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InternalDependencyException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ModelNotReadyException;
import io.github.sminference.exception.ModelStreamException;
import io.github.sminference.exception.ServiceException;
import io.github.sminference.exception.ServiceUnavailableException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.exception.ValidationException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalStreamFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The one place where AWS SDK errors become this library's exceptions; no AWS type escapes it. Stateless.
 *
 * <p>Rules (see the SageMaker facts, section 1.2): ModelError (424) keeps the container's original status, message
 * and log stream and is not retryable; ModelNotReady (429) is the cold-start signal; throttling is 429 or any status
 * with a throttling error code; 500/502/503/504 are transient; 530 is InternalDependency (retried at most once by
 * policy); a ValidationError saying the endpoint was not found becomes {@link EndpointNotFoundException}; 403 and
 * credential errors are {@link AccessDeniedException}; attempt timeouts are {@link InferenceTimeoutException}
 * (ATTEMPT); I/O failures are {@link TransportException}.
 */
public final class AwsExceptionMapper {
    private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
            "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
            "PriorRequestNotComplete", "EC2ThrottledException");
    private static final Set<String> ACCESS_CODES = Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
            "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken");

    private AwsExceptionMapper() {
    }

    /**
     * Maps any error from an AWS SDK call.
     *
     * @param error the error (completion wrappers are unwrapped)
     * @param attemptTimeout the attempt's timeout, for timeout messages
     * @return the library's exception
     */
    public static InferenceException map(Throwable error, Duration attemptTimeout) {
        Throwable t = unwrap(error);
        if (t instanceof InferenceException) {
            return (InferenceException) t;
        }
        if (t instanceof software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException) {
            software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException m =
                    (software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException) t;
            return new ModelErrorException(message(m), m.statusCode(), m.requestId(), m.originalStatusCode(),
                    m.originalMessage(), m.logStreamArn(), m);
        }
        if (t instanceof ModelStreamErrorException) {
            ModelStreamErrorException m = (ModelStreamErrorException) t;
            return new ModelStreamException(message(m), m.errorCode(), false, m);
        }
        if (t instanceof InternalStreamFailureException) {
            return new ModelStreamException(message((AwsServiceException) t), "InternalStreamFailure", true, t);
        }
        if (t instanceof AwsServiceException) {
            return mapService((AwsServiceException) t);
        }
        if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
            return new InferenceTimeoutException(InferenceTimeoutException.Budget.ATTEMPT, attemptTimeout,
                    "the attempt did not complete within its timeout of " + attemptTimeout, t);
        }
        if (t instanceof CancellationException || t instanceof AbortedException) {
            return new InferenceCancelledException("the call was cancelled", t);
        }
        if (t instanceof SdkClientException || t instanceof IOException) {
            if (hasCause(t, IOException.class) || (t instanceof SdkException && ((SdkException) t).retryable())) {
                return new TransportException("the connection failed: " + t.getMessage(), t);
            }
            return new InferenceException("the AWS client failed: " + t.getMessage(), t, false);
        }
        return new InferenceException("unexpected error: " + t, t, false);
    }

    private static InferenceException mapService(AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String msg = message(e);
        String requestId = e.requestId();
        if (e instanceof software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException) {
            return new ModelNotReadyException(msg, status, code, requestId, e);
        }
        if (e instanceof software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException
                || status == 530) {
            return new InternalDependencyException(msg, status, code, requestId, e);
        }
        if (e.isThrottlingException() || status == 429 || (code != null && THROTTLING_CODES.contains(code))) {
            return new ThrottlingException(msg, status, code, requestId, e);
        }
        if (e instanceof ValidationErrorException || "ValidationError".equals(code)) {
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("endpoint") && lower.contains("not found")) {
                return new EndpointNotFoundException(msg + " (check the endpoint name and the Region)", status, code,
                        requestId, e);
            }
            return new ValidationException(msg, status, code, requestId, e);
        }
        if (status == 403 || (code != null && ACCESS_CODES.contains(code))) {
            return new AccessDeniedException(msg, status, code, requestId, e);
        }
        if (status == 500 || status == 502 || status == 503 || status == 504) {
            return new ServiceUnavailableException(msg, status, code, requestId, e);
        }
        return new ServiceException(msg, status, code, requestId, false, e);
    }

    private static String message(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (m == null) {
            m = e.getMessage();
        }
        return (code == null ? "" : code + ": ") + m + " (HTTP " + e.statusCode()
                + (e.requestId() == null ? "" : ", request id " + e.requestId()) + ")";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
