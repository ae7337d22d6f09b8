package io.github.sminference.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.PayloadTooLargeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Groups the records of one source into requests, as a SageMaker batch transform does with its
 * {@code BatchStrategy} and {@code MaxPayloadInMB}.
 *
 * <ul>
 *   <li>{@link ScoringOptions.BatchStrategy#SINGLE_RECORD}: one record per request.</li>
 *   <li>{@link ScoringOptions.BatchStrategy#MULTI_RECORD}: as many consecutive records as fit, the payload measured
 *       in bytes (each record plus its {@code \n}) and never over {@code maxPayloadBytes}. A batch is never
 *       empty: a record too large to be sent alone is an error, not an empty request (the Python SDK's local
 *       mode sent an empty first batch there, and measured sizes with {@code sys.getsizeof}).</li>
 *   <li>With {@link Dataset.SplitType#NONE} the strategy has no effect (as in SageMaker): the one record is the
 *       request, sent as it is.</li>
 * </ul>
 *
 * <p>The batcher reads one record ahead: the record that did not fit is held and starts the next batch, so no
 * record is lost or reordered. Memory is one batch (its records and its payload) plus that record. One batcher
 * serves one source (one reader), from start to end. Not thread-safe.
 */
public final class MiniBatcher {
    private final ScoringOptions.BatchStrategy strategy;
    private final long requestedMax;
    private final long max;
    private final Dataset.SplitType split;
    private final String source;
    private final long firstIndex;
    private final InvocationMode mode;
    private long nextIndex;
    private byte[] held;

    /**
     * A batcher for batch transform (its limit errors name {@link InvocationMode#BATCH}).
     *
     * @param strategy one record per request, or as many as fit
     * @param maxPayloadBytes the largest request body in bytes ({@code Long.MAX_VALUE} for unlimited, which
     *     SageMaker spells MaxPayloadInMB 0; a body is capped at about 2 GiB, the largest Java array, regardless)
     * @param split how the source was cut into records (must match the reader's)
     * @param source the file or object, for messages
     * @param firstIndex the dataset-wide index of the source's first record
     * @throws IllegalArgumentException if {@code maxPayloadBytes} is not positive or {@code firstIndex} negative
     */
    public MiniBatcher(ScoringOptions.BatchStrategy strategy, long maxPayloadBytes, Dataset.SplitType split,
            String source, long firstIndex) {
        this(strategy, maxPayloadBytes, split, source, firstIndex, InvocationMode.BATCH);
    }

    /**
     * A batcher whose limit errors name the given mode (the endpoint fan-out uses the endpoint's mode).
     *
     * @param strategy one record per request, or as many as fit
     * @param maxPayloadBytes the largest request body in bytes ({@code Long.MAX_VALUE} for unlimited)
     * @param split how the source was cut into records (must match the reader's)
     * @param source the file or object, for messages
     * @param firstIndex the dataset-wide index of the source's first record
     * @param mode the mode whose limit {@code maxPayloadBytes} is
     * @throws IllegalArgumentException if {@code maxPayloadBytes} is not positive or {@code firstIndex} negative
     */
    public MiniBatcher(ScoringOptions.BatchStrategy strategy, long maxPayloadBytes, Dataset.SplitType split,
            String source, long firstIndex, InvocationMode mode) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.requestedMax = BatchErrors.checkLimit("maxPayloadBytes", maxPayloadBytes);
        this.max = Math.min(maxPayloadBytes, BatchErrors.MAX_ARRAY);
        this.split = Objects.requireNonNull(split, "split");
        this.source = Objects.requireNonNull(source, "source");
        if (firstIndex < 0) {
            throw new IllegalArgumentException("firstIndex must be >= 0, was " + firstIndex);
        }
        this.firstIndex = firstIndex;
        this.nextIndex = firstIndex;
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * The next request.
     *
     * @param reader the source's records (always the same reader)
     * @return the next batch, or {@code null} when the reader is exhausted
     * @throws PayloadTooLargeException if a record alone does not fit in a request (raised when that record is
     *     read, even if earlier records are still waiting to form a batch: the source fails as a whole)
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if the reader splits differently than this batcher
     */
    public MiniBatch next(RecordReader reader) throws IOException {
        if (reader.splitType() != split) {
            throw new IllegalArgumentException("the reader splits by " + reader.splitType() + ", the batcher by "
                    + split);
        }
        byte[] first = held;
        held = null;
        if (first == null) {
            first = reader.next();
            if (first == null) {
                return null;
            }
        }
        long batchIndex = nextIndex;
        long size = checkFits(first, batchIndex);
        List<byte[]> records = new ArrayList<>();
        records.add(first);
        if (split == Dataset.SplitType.LINE && strategy == ScoringOptions.BatchStrategy.MULTI_RECORD) {
            while (true) {
                byte[] r = reader.next();
                if (r == null) {
                    break;
                }
                long p = checkFits(r, batchIndex + records.size());
                if (p > max - size) {
                    held = r;
                    break;
                }
                records.add(r);
                size += p;
            }
        }
        nextIndex = batchIndex + records.size();
        return new MiniBatch(batchIndex, records, payload(records, size));
    }

    /**
     * The dataset-wide index of the next record to be batched: after the last batch, the index the next source
     * starts at.
     *
     * @return the index
     */
    public long nextIndex() {
        return nextIndex;
    }

    private long payloadSize(byte[] record) {
        return split == Dataset.SplitType.LINE ? record.length + 1L : record.length;
    }

    private long checkFits(byte[] record, long index) {
        long p = payloadSize(record);
        if (p > max) {
            throw BatchErrors.recordTooLarge(p, max, requestedMax, mode, source, index - firstIndex, index,
                    split == Dataset.SplitType.LINE);
        }
        return p;
    }

    private byte[] payload(List<byte[]> records, long size) {
        if (split == Dataset.SplitType.NONE) {
            return records.get(0);
        }
        byte[] p = new byte[(int) size];
        int at = 0;
        for (byte[] r : records) {
            System.arraycopy(r, 0, p, at, r.length);
            at += r.length;
            p[at++] = '\n';
        }
        return p;
    }
}
