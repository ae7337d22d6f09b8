package io.github.sminference.exception;

/**
 * The endpoint does not exist in this account and Region (SageMaker answers with a ValidationError whose message
 * says the endpoint was not found). Check the endpoint name and the Region. Not retryable.
 */
public class EndpointNotFoundException extends ValidationException {
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
    public EndpointNotFoundException(String message, int statusCode, String errorCode, String requestId,
            Throwable cause) {
        super(message, statusCode, errorCode, requestId, cause);
    }
}
