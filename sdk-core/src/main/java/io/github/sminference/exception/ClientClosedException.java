package io.github.sminference.exception;

/** The client was used after {@code close()}, or was closed while the request was waiting. Not retryable. */
public class ClientClosedException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused
     */
    public ClientClosedException(String message) {
        super(message);
    }
}
