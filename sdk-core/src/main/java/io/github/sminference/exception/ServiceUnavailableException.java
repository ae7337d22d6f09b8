package io.github.sminference.exception;

/**
 * The service failed transiently (HTTP 500, 502, 503 or 504: InternalFailure, ServiceUnavailable). Retryable; note that the model may already have run once.
 */
public class ServiceUnavailableException extends ServiceException {
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
    public ServiceUnavailableException(String message, int statusCode, String errorCode, String requestId, Throwable cause) {
        super(message, statusCode, errorCode, requestId, true, cause);
    }
}
