package io.github.sminference.exception;

/**
 * The root of every exception this SDK throws. Unchecked. No AWS type ever escapes an adapter: each maps its
 * errors to a subclass of this one.
 *
 * <p>Two branches: {@link ServiceException} (the service or the model answered with an error) and everything
 * the client decided itself ({@link InvalidRequestException}, {@link PayloadTooLargeException},
 * {@link InferenceTimeoutException}, {@link NotSupportedException}, {@link CircuitOpenException},
 * {@link TransportException}, {@link JobFailedException}, ...).
 *
 * <p>{@link #isRetryable()} says whether sending the same request again may succeed. The client's retry policy
 * already retried retryable errors within its budgets before this reached the caller.
 */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The retryable (serialized form). */
    private final boolean retryable;

    /**
     * Creates an exception.
     *
     * @param message what happened and, where possible, what to do
     * @param cause the underlying error, or {@code null}
     * @param retryable whether the same request may succeed if sent again
     */
    public InferenceException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * Creates a non-retryable exception.
     *
     * @param message what happened and, where possible, what to do
     */
    public InferenceException(String message) {
        this(message, null, false);
    }

    /**
     * Whether sending the same request again may succeed (throttling, a cold start, a transient service fault,
     * a dropped connection, an attempt timeout).
     *
     * @return {@code true} if a retry may help
     */
    public boolean isRetryable() {
        return retryable;
    }
}
