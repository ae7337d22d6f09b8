package io.github.sminference;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The scored records of a {@link ScoringJob}, in input order, as they become available. A closeable, one-shot
 * iterator: {@link #hasNext()} blocks until the next record is ready, the job ends, or the job's deadline passes.
 * Memory is bounded: records are read (or prefetched) a little ahead of the consumer, never all at once.
 *
 * <p>Errors (a failed job, a count mismatch between inputs and outputs) are thrown from {@link #hasNext()} or
 * {@link #next()} as unchecked {@link io.github.sminference.exception.InferenceException}s.
 *
 * <p>Not thread-safe: consume from one thread. {@link #close()} may be called from any thread.
 */
public interface RecordStream extends Iterator<ScoredRecord>, AutoCloseable {

    /**
     * The records as a sequential stream; closing the stream closes this.
     *
     * @return the stream
     */
    default Stream<ScoredRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** Stops reading and releases connections and prefetch buffers. Idempotent. */
    @Override
    void close();
}
