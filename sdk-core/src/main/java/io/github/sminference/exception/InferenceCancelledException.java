package io.github.sminference.exception;

/**
 * A blocking call stopped because its thread was interrupted, or a wait stopped because it was cancelled. The
 * thread's interrupt flag is restored before this is thrown. Not retryable.
 */
public class InferenceCancelledException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was stopped
     * @param cause the interruption, or {@code null}
     */
    public InferenceCancelledException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
