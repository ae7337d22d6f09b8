package io.github.sminference.exception;

/**
 * An internal dependency of the service failed (HTTP 530). Retried at most once by the default policy, since AWS advises contacting support when it persists.
 */
public class InternalDependencyException extends ServiceException {
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
    public InternalDependencyException(String message, int statusCode, String errorCode, String requestId, Throwable cause) {
        super(message, statusCode, errorCode, requestId, true, cause);
    }
}
