package io.github.sminference.aws.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.internal.batch.RecordPairer;
import io.github.sminference.internal.batch.RecordReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The records of a transform job, read from its {@code .out} objects in input order: each object streamed (never
 * buffered whole), the next {@code prefetch} objects downloaded in parallel into bounded buffers
 * ({@link ObjectFetch}), each output record paired with its input record by position ({@link RecordPairer}) unless
 * the job joined them itself ({@code JoinSource=Input}; then the input is not read). Memory: at most
 * {@code (prefetch + 1)} objects in flight, each with at most {@link ObjectFetch#CAPACITY} chunks of
 * {@link ObjectFetch#CHUNK} bytes (twice that when inputs are read), plus the record being read.
 *
 * <p>Records are read once the job has ended. If it failed or was stopped, the records of the inputs that have an
 * output are returned, in order, and the stream then throws the job's failure at the first input without one.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
final class TransformRecordStream implements RecordStream {

    /** Waits for the job to end. */
    @FunctionalInterface
    interface JobEnd {
        /**
         * Blocks until the job has ended.
         *
         * @return {@code null} if it completed, else the failure to throw at the first input without output
         */
        InferenceException await();
    }

    private final BatchS3 s3;
    private final Executor io;
    private final Supplier<List<JobInputs.Item>> inputs;
    private final Dataset.SplitType split;
    private final boolean joined;
    private final boolean gzip;
    private final int prefetch;
    private final JobEnd end;
    private final Deque<Slot> window = new ConcurrentLinkedDeque<>();
    private List<JobInputs.Item> items;
    private InferenceException jobFailure;
    private int nextItem;
    private int nextSlot;
    private volatile Slot current;
    private Iterator<ScoredRecord> reader;
    private long nextIndex;
    private ScoredRecord pending;
    private RuntimeException failure;
    private volatile boolean closed;

    TransformRecordStream(BatchS3 s3, Executor io, Supplier<List<JobInputs.Item>> inputs, Dataset.SplitType split,
            boolean joined, boolean gzip, int prefetch, JobEnd end) {
        this.s3 = s3;
        this.io = io;
        this.inputs = inputs;
        this.split = split;
        this.joined = joined;
        this.gzip = gzip;
        this.prefetch = prefetch;
        this.end = end;
    }

    /** The downloads of one input and its output. */
    private final class Slot implements Closeable {
        final JobInputs.Item item;
        final ObjectFetch output;
        final ObjectFetch input;

        Slot(JobInputs.Item item) {
            this.item = item;
            this.output = new ObjectFetch(s3, item.output()).start(io);
            this.input = joined ? null : new ObjectFetch(s3, item.input()).start(io);
        }

        @Override
        public void close() {
            output.close();
            if (input != null) {
                input.close();
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            return false;
        }
        if (pending != null) {
            return true;
        }
        try {
            ScoredRecord r = advance();
            if (r == null) {
                return false;
            }
            pending = r;
            return true;
        } catch (UncheckedIOException e) {
            failure = readError(e.getCause());
        } catch (RuntimeException e) {
            failure = e;
        }
        closeAll();
        if (closed) {
            failure = null; // closed from another thread while reading: the end, not an error
            return false;
        }
        throw failure;
    }

    private static InferenceException readError(IOException e) {
        if (e != null && e.getCause() instanceof InferenceException) {
            return (InferenceException) e.getCause();
        }
        return new TransportException("reading the job's output failed: " + e, e);
    }

    @Override
    public ScoredRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records");
        }
        ScoredRecord r = pending;
        pending = null;
        nextIndex = r.index() + 1;
        return r;
    }

    private ScoredRecord advance() {
        if (items == null) {
            jobFailure = end.await();
            if (closed) {
                return null;
            }
            items = inputs.get();
        }
        while (!closed) {
            if (reader != null) {
                if (reader.hasNext()) {
                    return reader.next();
                }
                closeCurrent();
            }
            if (nextItem >= items.size()) {
                return null;
            }
            Slot slot = takeSlot();
            if (slot == null) {
                return null;
            }
            open(slot);
        }
        return null;
    }

    private Slot takeSlot() {
        while (!closed && nextSlot < items.size() && nextSlot <= nextItem + prefetch) {
            window.addLast(new Slot(items.get(nextSlot++)));
        }
        nextItem++;
        return window.pollFirst();
    }

    private void open(Slot slot) {
        current = slot;
        String source = slot.item.input().toString();
        if (!slot.output.awaitOpened()) {
            if (jobFailure != null) {
                throw jobFailure;
            }
            throw new InferenceException("the transform job completed, but the output of " + source + " is missing"
                    + " at " + slot.item.output() + " (was it deleted or moved?)", null, false);
        }
        InputStream out = slot.output.stream();
        if (joined) {
            reader = new JoinedRecords(new RecordReader(out, split, Long.MAX_VALUE, source + " (output)"), source,
                    nextIndex);
            return;
        }
        if (!slot.input.awaitOpened()) {
            throw new InferenceException("the input " + source + " is gone, so its records cannot be paired with the"
                    + " output at " + slot.item.output() + "; its output is still there", null, false);
        }
        InputStream in = slot.input.stream();
        if (gzip) {
            try {
                in = new GZIPInputStream(in, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the gzip input " + source + " failed", e);
            }
        }
        reader = new RecordPairer(in, out, split, source, nextIndex, false);
    }

    private void closeCurrent() {
        if (reader instanceof Closeable) {
            try {
                ((Closeable) reader).close();
            } catch (IOException ignored) {
                // the fetches are closed below
            }
        }
        reader = null;
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private void closeAll() {
        closeCurrent();
        Slot s;
        while ((s = window.pollFirst()) != null) {
            s.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops reading, aborts the downloads in flight and drops their buffers. Idempotent; any thread. */
    @Override
    public void close() {
        closed = true;
        Slot c = current;
        if (c != null) {
            c.close();
        }
        for (Slot s : window) {
            s.close();
        }
    }

    /** The records of a joined output: each line already holds its input, which is not read. */
    private static final class JoinedRecords implements Iterator<ScoredRecord>, Closeable {
        private final RecordReader reader;
        private final String source;
        private long index;
        private byte[] next;
        private boolean done;

        JoinedRecords(RecordReader reader, String source, long firstIndex) {
            this.reader = reader;
            this.source = source;
            this.index = firstIndex;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                next = reader.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (next == null) {
                done = true;
                return false;
            }
            return true;
        }

        @Override
        public ScoredRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            byte[] out = next;
            next = null;
            return ScoredRecord.success(index++, source, null, out);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
