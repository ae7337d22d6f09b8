package io.github.sminference.exception;

/**
 * The caller's credentials are not allowed to do this (HTTP 403), or are invalid or expired. Not retryable.
 */
public class AccessDeniedException extends ServiceException {
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
    public AccessDeniedException(String message, int statusCode, String errorCode, String requestId, Throwable cause) {
        super(message, statusCode, errorCode, requestId, false, cause);
    }
}
