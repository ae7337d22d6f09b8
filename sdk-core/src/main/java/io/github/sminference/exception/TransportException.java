package io.github.sminference.exception;

/**
 * The connection failed (reset, refused, closed early, unreadable response) before a complete answer arrived.
 * Retryable; note that the model may have run.
 */
public class TransportException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the I/O error
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
