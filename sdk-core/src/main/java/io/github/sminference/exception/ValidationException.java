package io.github.sminference.exception;

/**
 * The service rejected the request as invalid (HTTP 400 ValidationError): for example an oversized body on a serverless endpoint, or InvokeEndpoint on an asynchronous endpoint. Not retryable.
 */
public class ValidationException extends ServiceException {
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
    public ValidationException(String message, int statusCode, String errorCode, String requestId, Throwable cause) {
        super(message, statusCode, errorCode, requestId, false, cause);
    }
}
