package io.github.sminference.exception;

/**
 * A request or setting was rejected on the client, before anything was sent: the message names the field, the
 * value and the fix. Never retryable: the same request fails the same way.
 *
 * <p>Values of sensitive fields (custom attributes) are never put in the message; their length is given
 * instead.
 */
public class InvalidRequestException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /** The field (serialized form). */
    private final String field;
    /** The value (serialized form). */
    private final String value;

    /**
     * Creates the exception.
     *
     * @param field the request field or setting, as named in the builder (e.g. {@code "endpointName"})
     * @param value the rejected value as text (already redacted when sensitive), or {@code null} when missing
     * @param fix what to do instead
     */
    public InvalidRequestException(String field, String value, String fix) {
        this(field, value, fix, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param field the request field or setting
     * @param value the rejected value as text, or {@code null} when missing
     * @param fix what to do instead
     * @param cause the underlying error, or {@code null}
     */
    public InvalidRequestException(String field, String value, String fix, Throwable cause) {
        super(render(field, value, fix), cause, false);
        this.field = field;
        this.value = value;
    }

    /**
     * Creates the exception with a message that is not of the field/value/fix form (used by subclasses).
     *
     * @param field the request field or setting
     * @param value the rejected value as text
     * @param message the whole message
     * @param cause the underlying error, or {@code null}
     * @param unused distinguishes this constructor
     */
    protected InvalidRequestException(String field, String value, String message, Throwable cause, boolean unused) {
        super(message, cause, false);
        this.field = field;
        this.value = value;
    }

    private static String render(String field, String value, String fix) {
        String shown = value == null ? "missing" : "'" + value + "'";
        return "Invalid " + field + " (" + shown + "): " + fix;
    }

    /**
     * The rejected field or setting, as named in the builder.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }

    /**
     * The rejected value as text (redacted for sensitive fields).
     *
     * @return the value, or {@code null} when the field was missing
     */
    public String value() {
        return value;
    }
}
