package io.github.sminference.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.PayloadTooLargeException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts one file or object into records, as a SageMaker batch transform does with its {@code SplitType}, streaming:
 * memory holds one 64 KiB buffer plus the record being read, never the whole input (except with
 * {@link Dataset.SplitType#NONE}, where the whole input is the record by definition).
 *
 * <ul>
 *   <li>{@link Dataset.SplitType#LINE}: records are separated by {@code \n}. A record excludes its {@code \n} and
 *       a {@code \r} just before it (CRLF input). Empty lines in the middle are records (the service sends them
 *       too). The empty segment after a final {@code \n} is not a record, so an empty input has no records and
 *       {@code "a\n"} has one. A last line without {@code \n} is a record, taken as it is.</li>
 *   <li>{@link Dataset.SplitType#NONE}: the whole input is one record, even when it is empty.</li>
 * </ul>
 *
 * <p>A record longer than {@code maxRecordBytes} fails with a {@link PayloadTooLargeException} as soon as the
 * reader has seen more bytes than the limit allows; it never buffers more than the limit (plus the one byte a
 * trailing {@code \r} may take). The message gives the record's exact size when its end is already in the buffer,
 * else "over" the limit. After an exception the reader is unusable.
 *
 * <p>Not thread-safe. Closing the reader closes the stream.
 */
public final class RecordReader implements Closeable {
    static final int BUFFER_SIZE = 64 * 1024;
    /** A record buffer larger than this is dropped after use, so one large record does not pin memory. */
    private static final int KEEP_ACCUMULATOR = 1024 * 1024;

    private final InputStream in;
    private final Dataset.SplitType split;
    private final long requestedMax;
    private final long max;
    private final String source;
    private final InvocationMode mode;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean wholeRead;
    private boolean failed;
    private boolean closed;
    private long recordsRead;
    private byte[] acc = new byte[0];
    private int accLen;

    /**
     * A reader for batch transform (its limit errors name {@link InvocationMode#BATCH}).
     *
     * @param in the input; read with bulk reads, closed by {@link #close()}
     * @param split how the input is cut into records
     * @param maxRecordBytes the largest record, in bytes ({@code Long.MAX_VALUE} for unlimited; records are capped
     *     at about 2 GiB, the largest Java array, whatever the limit)
     * @param source the file or object, for messages
     * @throws IllegalArgumentException if {@code maxRecordBytes} is not positive
     */
    public RecordReader(InputStream in, Dataset.SplitType split, long maxRecordBytes, String source) {
        this(in, split, maxRecordBytes, source, InvocationMode.BATCH);
    }

    /**
     * A reader whose limit errors name the given mode (the endpoint fan-out uses the endpoint's mode).
     *
     * @param in the input; read with bulk reads, closed by {@link #close()}
     * @param split how the input is cut into records
     * @param maxRecordBytes the largest record, in bytes ({@code Long.MAX_VALUE} for unlimited)
     * @param source the file or object, for messages
     * @param mode the mode whose limit {@code maxRecordBytes} is
     * @throws IllegalArgumentException if {@code maxRecordBytes} is not positive
     */
    public RecordReader(InputStream in, Dataset.SplitType split, long maxRecordBytes, String source,
            InvocationMode mode) {
        this.in = Objects.requireNonNull(in, "in");
        this.split = Objects.requireNonNull(split, "split");
        this.requestedMax = BatchErrors.checkLimit("maxRecordBytes", maxRecordBytes);
        this.max = Math.min(maxRecordBytes, BatchErrors.MAX_ARRAY);
        this.source = Objects.requireNonNull(source, "source");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * The next record.
     *
     * @return the record's bytes (a new array the caller owns), or {@code null} at the end of the input
     * @throws PayloadTooLargeException if the record is longer than the limit
     * @throws IOException if the stream fails
     * @throws IllegalStateException if an earlier call failed
     */
    public byte[] next() throws IOException {
        checkUsable();
        boolean ok = false;
        try {
            byte[] r = split == Dataset.SplitType.NONE ? nextWhole() : nextLine();
            if (r != null) {
                recordsRead++;
            }
            ok = true;
            return r;
        } finally {
            if (!ok) {
                failed = true;
            }
        }
    }

    /**
     * How many records {@link #next()} has returned (plus those {@link #skipRemaining()} counted).
     *
     * @return the count
     */
    public long recordsRead() {
        return recordsRead;
    }

    /**
     * How this reader cuts records.
     *
     * @return the split type
     */
    public Dataset.SplitType splitType() {
        return split;
    }

    /**
     * The file or object this reader reads, as named in messages.
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * Reads to the end and counts the records left, without keeping them and without the size limit (to report
     * how many records an input really has). Bytes are scanned, not copied.
     *
     * @return the number of records that {@link #next()} would still have returned
     * @throws IOException if the stream fails
     * @throws IllegalStateException if an earlier call failed
     */
    public long skipRemaining() throws IOException {
        checkUsable();
        long n = 0;
        if (split == Dataset.SplitType.NONE) {
            if (!wholeRead) {
                wholeRead = true;
                while (fill()) {
                    pos = lim;
                }
                n = 1;
            }
        } else {
            boolean inSegment = false;
            while (pos < lim || fill()) {
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        n++;
                        inSegment = false;
                    } else {
                        inSegment = true;
                    }
                }
                pos = lim;
            }
            if (inSegment) {
                n++;
            }
        }
        recordsRead += n;
        return n;
    }

    /**
     * Closes the stream. Idempotent.
     *
     * @throws IOException if closing the stream fails
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    private void checkUsable() throws IOException {
        if (closed) {
            throw new IOException("the record reader of '" + source + "' is closed");
        }
        if (failed) {
            throw new IllegalStateException("the record reader of '" + source + "' failed earlier; open a new one");
        }
    }

    private byte[] nextLine() throws IOException {
        accLen = 0;
        while (true) {
            if (pos == lim && !fill()) {
                // End of input: a non-empty last segment is a record as it is; an empty one is not a record.
                if (accLen == 0) {
                    return null;
                }
                if (accLen > max) {
                    throw tooLarge(accLen);
                }
                return takeAccumulator(accLen);
            }
            int nl = indexOfNewline(pos, lim);
            if (nl >= 0 && accLen == 0) {
                // The whole record is in the buffer: copy it straight out.
                int end = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
                if (end - pos > max) {
                    throw tooLarge(end - pos);
                }
                byte[] r = Arrays.copyOfRange(buf, pos, end);
                pos = nl + 1;
                return r;
            }
            int chunkEnd = nl >= 0 ? nl : lim;
            int chunk = chunkEnd - pos;
            // Up to max + 1 bytes may be kept: the extra one can be the '\r' of a CRLF, which is dropped.
            if (accLen + (long) chunk > max + 1) {
                if (nl >= 0) {
                    boolean cr = nl > pos ? buf[nl - 1] == '\r' : acc[accLen - 1] == '\r';
                    long size = accLen + (long) chunk - (cr ? 1 : 0);
                    throw tooLarge(size);
                }
                throw tooLarge(-1);
            }
            append(pos, chunk);
            if (nl < 0) {
                pos = lim;
                continue;
            }
            pos = nl + 1;
            int len = accLen > 0 && acc[accLen - 1] == '\r' ? accLen - 1 : accLen;
            if (len > max) {
                throw tooLarge(len);
            }
            return takeAccumulator(len);
        }
    }

    private byte[] nextWhole() throws IOException {
        if (wholeRead) {
            return null;
        }
        wholeRead = true;
        accLen = 0;
        while (pos < lim || fill()) {
            int chunk = lim - pos;
            if (accLen + (long) chunk > max) {
                throw tooLarge(-1);
            }
            append(pos, chunk);
            pos = lim;
        }
        return takeAccumulator(accLen);
    }

    private PayloadTooLargeException tooLarge(long size) {
        return BatchErrors.recordTooLarge(size, max, requestedMax, mode, source, recordsRead, -1, false);
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int len) {
        int need = accLen + len;
        if (need > acc.length) {
            long grown = Math.max((long) acc.length * 2, Math.max(need, 256));
            acc = Arrays.copyOf(acc, (int) Math.min(grown, Math.max(need, Math.min(max + 1, BatchErrors.MAX_ARRAY))));
        }
        System.arraycopy(buf, from, acc, accLen, len);
        accLen = need;
    }

    private byte[] takeAccumulator(int len) {
        byte[] r = Arrays.copyOf(acc, len);
        accLen = 0;
        if (acc.length > KEEP_ACCUMULATOR) {
            acc = new byte[0];
        }
        return r;
    }

    /** Refills the buffer; {@code false} at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = 0;
            lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }
}
