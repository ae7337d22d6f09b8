package io.github.sminference.exception;

/**
 * A response stream broke after it started: the model did not finish in time ({@code ModelInvocationTimeExceeded}),
 * the connection to the model broke ({@code StreamBroken}), or the service's stream failed
 * ({@code InternalStreamFailure}, retryable). Bytes already read stay valid; the stream cannot be resumed.
 */
public class ModelStreamException extends ServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the service's message
     * @param errorCode the stream error code, e.g. {@code "ModelInvocationTimeExceeded"}
     * @param retryable whether sending the request again may succeed
     * @param cause the adapter-level error, or {@code null}
     */
    public ModelStreamException(String message, String errorCode, boolean retryable, Throwable cause) {
        super(message, 0, errorCode, null, retryable, cause);
    }
}
