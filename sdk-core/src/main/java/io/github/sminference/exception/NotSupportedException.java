package io.github.sminference.exception;

import io.github.sminference.InvocationMode;

/**
 * An operation does not exist for this mode (for example {@code stopRemote()} on a real-time invocation, or
 * {@code resume(token)} for a real-time request), or is not available in this version. The message says what to
 * use instead.
 */
public class NotSupportedException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /** The operation (serialized form). */
    private final String operation;
    /** The mode (serialized form). */
    private final InvocationMode mode;

    /**
     * Creates the exception.
     *
     * @param operation the operation called, e.g. {@code "stopRemote()"}
     * @param mode the mode it was called on, or {@code null}
     * @param fix what to do instead
     */
    public NotSupportedException(String operation, InvocationMode mode, String fix) {
        super(operation + " is not supported" + (mode == null ? "" : " for " + mode) + ": " + fix);
        this.operation = operation;
        this.mode = mode;
    }

    /**
     * The operation that was called.
     *
     * @return the operation, e.g. {@code "score(Dataset)"}
     */
    public String operation() {
        return operation;
    }

    /**
     * The mode it was called on.
     *
     * @return the mode, or {@code null}
     */
    public InvocationMode mode() {
        return mode;
    }
}
