package io.github.sminference.internal.batch;

import io.github.sminference.InvocationMode;
import io.github.sminference.exception.PayloadTooLargeException;

/** The errors the batch engine raises, worded in one place. */
final class BatchErrors {
    /** The largest byte array the JVM reliably allocates: a hard cap on one record and one request. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private BatchErrors() {
    }

    /**
     * The error for a record too large for one request.
     *
     * @param size the record's size (or its payload's) in bytes, or a negative number when only "over the limit"
     *     is known (the record's end has not been read, and is not read, to fail fast)
     * @param limit the limit that applied, in bytes
     * @param requested the limit the caller asked for (differs from {@code limit} when the array cap applied)
     * @param mode the mode whose limit applies
     * @param source the file or object
     * @param indexInSource the record's position in the source, from 0
     * @param datasetIndex the record's position in the dataset, or a negative number when not known
     * @param withLineBreak whether {@code size} counts the {@code \n} sent after the record
     * @return the exception
     */
    static PayloadTooLargeException recordTooLarge(long size, long limit, long requested, InvocationMode mode,
            String source, long indexInSource, long datasetIndex, boolean withLineBreak) {
        String where = "record " + indexInSource + " of '" + source + "' (counting from 0"
                + (datasetIndex >= 0 ? "; dataset index " + datasetIndex : "") + ")"
                + (withLineBreak ? ", sent with its line break," : "");
        String fix;
        if (requested > limit) {
            fix = where + " does not fit in one request: a record or request must be under 2 GiB here (the largest"
                    + " Java array); split the record into smaller ones";
        } else if (mode == InvocationMode.BATCH) {
            fix = where + " does not fit in one request: raise MaxPayloadInMB (at most 100; 0 = unlimited) or split"
                    + " the record into smaller ones";
        } else {
            fix = where + " does not fit in one request: split the record into smaller ones, raise MaxPayloadInMB"
                    + " if it is below the endpoint's limit, or score with batch transform";
        }
        // PayloadTooLargeException renders "over <limit>" when the size it is given is not above the limit.
        return new PayloadTooLargeException("record", size < 0 ? limit : size, limit, mode, fix);
    }

    /**
     * Checks a size limit given to a constructor.
     *
     * @param name the parameter's name
     * @param value the limit
     * @return the value
     */
    static long checkLimit(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value
                    + " (for MaxPayloadInMB 0, meaning unlimited, pass Long.MAX_VALUE)");
        }
        return value;
    }
}
