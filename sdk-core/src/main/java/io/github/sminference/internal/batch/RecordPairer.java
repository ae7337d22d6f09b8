package io.github.sminference.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.ScoredRecord;
import io.github.sminference.exception.InferenceException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads an input object and its {@code .out} object side by side and pairs them into scored records, streaming
 * both: memory holds one record of each (and the readers' buffers), never a whole object, except with
 * {@link Dataset.SplitType#NONE} where each object is one record.
 *
 * <ul>
 *   <li>{@link Dataset.SplitType#LINE}: input records as {@link RecordReader} cuts them; output records are the
 *       output's lines, cut by the same rules ({@code \n}, a {@code \r} before it dropped, no record after a final
 *       {@code \n}). Record {@code i} of the input goes with line {@code i} of the output.</li>
 *   <li>{@link Dataset.SplitType#NONE}: one record: the whole input with the whole output, as they are.</li>
 * </ul>
 *
 * <p>When the output is joined ({@code JoinSource=Input}) each output line already holds its input, so the
 * input is not attached again: {@link ScoredRecord#input()} is empty. The input is still read, to count records.
 *
 * <p>If the output has more or fewer records than the input, {@link #hasNext()} throws a non-retryable
 * {@link InferenceException} when the shorter one ends, naming the source and both counts (the rest of the
 * longer one is scanned, not kept, to count it). Records before that point have been returned.
 *
 * <p>Read errors surface as {@link UncheckedIOException}. Not thread-safe. Closing the pairer closes both
 * streams.
 */
public final class RecordPairer implements Iterator<ScoredRecord>, Closeable {
    private final RecordReader inputs;
    private final RecordReader outputs;
    private final String source;
    private final long firstIndex;
    private final boolean joined;
    private ScoredRecord next;
    private boolean done;
    private RuntimeException failure;

    /**
     * Pairs an input with its output.
     *
     * @param input the input object's bytes (closed by {@link #close()})
     * @param output the {@code .out} object's bytes (closed by {@link #close()})
     * @param split how the input was cut into records
     * @param source the input file or object, as records and messages name it
     * @param firstIndex the dataset-wide index of the input's first record
     * @param joined whether the output was joined with the input ({@code JoinSource=Input})
     */
    public RecordPairer(InputStream input, InputStream output, Dataset.SplitType split, String source,
            long firstIndex, boolean joined) {
        Objects.requireNonNull(split, "split");
        this.source = Objects.requireNonNull(source, "source");
        if (firstIndex < 0) {
            throw new IllegalArgumentException("firstIndex must be >= 0, was " + firstIndex);
        }
        this.inputs = new RecordReader(Objects.requireNonNull(input, "input"), split, Long.MAX_VALUE, source);
        this.outputs = new RecordReader(Objects.requireNonNull(output, "output"), split, Long.MAX_VALUE,
                source + " (output)");
        this.firstIndex = firstIndex;
        this.joined = joined;
    }

    /**
     * Whether another record follows.
     *
     * @return {@code true} if {@link #next()} has a record
     * @throws InferenceException (not retryable) if the input and output do not have the same number of records
     * @throws UncheckedIOException if reading fails
     */
    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            byte[] in = inputs.next();
            byte[] out = outputs.next();
            if (in == null && out == null) {
                done = true;
                return false;
            }
            if (in == null || out == null) {
                long inCount = inputs.recordsRead() + (in == null ? 0 : inputs.skipRemaining());
                long outCount = outputs.recordsRead() + (out == null ? 0 : outputs.skipRemaining());
                failure = new InferenceException("'" + source + "': input has " + inCount + " records, output has "
                        + outCount + " lines: the model must return one line per record; with MultiRecord, one line"
                        + " per record of each batch");
                throw failure;
            }
            long index = firstIndex + inputs.recordsRead() - 1;
            next = ScoredRecord.success(index, source, joined ? null : in, out);
            return true;
        } catch (IOException e) {
            failure = new UncheckedIOException("reading '" + source + "' or its output failed: " + e.getMessage(), e);
            throw failure;
        }
    }

    /**
     * The next record.
     *
     * @return the record
     * @throws NoSuchElementException if there is none
     * @throws InferenceException (not retryable) if the input and output do not have the same number of records
     * @throws UncheckedIOException if reading fails
     */
    @Override
    public ScoredRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in '" + source + "'");
        }
        ScoredRecord r = next;
        next = null;
        return r;
    }

    /**
     * Closes both streams. Idempotent.
     *
     * @throws IOException if closing a stream fails (the other is closed anyway)
     */
    @Override
    public void close() throws IOException {
        try {
            inputs.close();
        } finally {
            outputs.close();
        }
    }
}
