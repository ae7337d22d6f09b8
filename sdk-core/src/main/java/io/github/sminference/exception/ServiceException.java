package io.github.sminference.exception;

import java.util.Optional;

/**
 * The service (or, in local mode, the model container) answered with an error. Carries the HTTP status, the
 * service's error code and the request id when there is one. Subclasses name the cases callers handle
 * differently.
 */
public class ServiceException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /** The status code (serialized form). */
    private final int statusCode;
    /** The error code (serialized form). */
    private final String errorCode;
    /** The request id (serialized form). */
    private final String requestId;

    /**
     * Creates the exception.
     *
     * @param message the service's message
     * @param statusCode the HTTP status, or 0 if unknown
     * @param errorCode the service's error code (e.g. {@code "ValidationError"}), or {@code null}
     * @param requestId the service's request id, or {@code null}
     * @param retryable whether the same request may succeed if sent again
     * @param cause the adapter-level error, or {@code null}
     */
    public ServiceException(String message, int statusCode, String errorCode, String requestId, boolean retryable,
            Throwable cause) {
        super(message, cause, retryable);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    /**
     * The HTTP status of the error answer.
     *
     * @return the status, or 0 if unknown
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The service's error code, e.g. {@code "ModelError"} or {@code "ThrottlingException"}.
     *
     * @return the code, or empty
     */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * The service's request id, for support cases and log searches.
     *
     * @return the id, or empty
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
