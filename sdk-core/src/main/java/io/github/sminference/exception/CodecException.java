package io.github.sminference.exception;

/**
 * A codec could not encode a value or decode a body (malformed CSV, JSON, or text in an unexpected encoding). The
 * message says where (line, record) and what was expected. Not retryable.
 */
public class CodecException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be read or written, and where
     * @param cause the parser's error, or {@code null}
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
