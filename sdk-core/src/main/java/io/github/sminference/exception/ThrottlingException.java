package io.github.sminference.exception;

/**
 * The service throttled the request (HTTP 429, or 400 with a throttling error code). Retryable with backoff.
 */
public class ThrottlingException extends ServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the service's message
     * @param statusCode the HTTP status
     * @param errorCode the service's error code, or {@code null}
     * @param requestId the request id, or {@code null}
     * @param cause the adapter-level error, or {@code null}
     */
    public ThrottlingException(String message, int statusCode, String errorCode, String requestId, Throwable cause) {
        super(message, statusCode, errorCode, requestId, true, cause);
    }
}
