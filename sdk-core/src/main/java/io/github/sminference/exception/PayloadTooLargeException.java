package io.github.sminference.exception;

import io.github.sminference.InvocationMode;

/**
 * A payload is larger than its mode allows. Thrown before any byte is sent (or, for a stream of unknown length,
 * as soon as it crosses the limit, with any partial upload aborted).
 */
public class PayloadTooLargeException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** The size (serialized form). */
    private final long size;
    /** The limit (serialized form). */
    private final long limit;
    /** The mode (serialized form). */
    private final InvocationMode mode;

    /**
     * Creates the exception.
     *
     * @param field the field whose size is over the limit (e.g. {@code "payload"})
     * @param size the size in bytes (for a stream of unknown length: the bytes read when it crossed the limit)
     * @param limit the limit in bytes
     * @param mode the mode whose limit applies
     * @param fix what to do instead (e.g. use an asynchronous endpoint)
     */
    public PayloadTooLargeException(String field, long size, long limit, InvocationMode mode, String fix) {
        super(field, size + " bytes", field + " is " + (size > limit ? size : "over " + limit) + " bytes, over the "
                + mode + " limit of " + limit + " bytes; " + fix, null, true);
        this.size = size;
        this.limit = limit;
        this.mode = mode;
    }

    /**
     * The payload's size in bytes, or for a stream of unknown length the number of bytes read when it crossed
     * the limit.
     *
     * @return size in bytes
     */
    public long size() {
        return size;
    }

    /**
     * The limit that applied, in bytes.
     *
     * @return limit in bytes
     */
    public long limit() {
        return limit;
    }

    /**
     * The mode whose limit applied.
     *
     * @return the mode
     */
    public InvocationMode mode() {
        return mode;
    }
}
