package io.github.sminference.exception;

/**
 * The model is not ready yet: a serverless endpoint is still provisioning (cold start) or a multi-model endpoint is still loading the target model. Retried with the cold-start backoff of the retry policy.
 */
public class ModelNotReadyException extends ServiceException {
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
    public ModelNotReadyException(String message, int statusCode, String errorCode, String requestId, Throwable cause) {
        super(message, statusCode, errorCode, requestId, true, cause);
    }
}
