package io.github.sminference.internal.fanout;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.Payload;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.batch.Joiner;
import io.github.sminference.internal.batch.MiniBatch;
import io.github.sminference.internal.batch.MiniBatcher;
import io.github.sminference.internal.batch.RecordReader;
import io.github.sminference.spi.RecordSource;
import io.github.sminference.spi.ResumeToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset scored by fanning mini-batches out over an endpoint: a dispatcher thread reads the sources in order, packs
 * records (SingleRecord, or MultiRecord under the payload limit), and sends them through the client's
 * {@code predictAsync}, with at most {@code concurrency} mini-batches in flight or waiting to be read (bounded
 * buffering: a slow reader slows the dispatcher down); results come out in input order. Thread-safe.
 */
final class FanOutJob implements ScoringJob {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutJob.class);
    private static final Object END = new Object();
    private static final long PROGRESS_EVERY = 10_000;

    private final FanOutSpec spec;
    private final Window window;
    private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private final CompletableFuture<ScoringSummary> internal = new CompletableFuture<>();
    private final CompletableFuture<ScoringSummary> result = new CompletableFuture<>();
    private final AtomicBoolean consumerClaimed = new AtomicBoolean();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong recordsDispatched = new AtomicLong();
    private final AtomicLong recordsDone = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private final Instant submittedAt;
    private final ScoringOptions.BatchStrategy strategy;
    private final long maxPayload;
    private volatile long recordsTotal = -1;
    private volatile JobState state = JobState.PENDING;
    private volatile String failureReason;
    private volatile Instant startedAt;
    private volatile Instant endedAt;
    private volatile Thread dispatcher;
    private volatile boolean drained;

    /**
     * The bound on mini-batches in flight or not yet read: a counting semaphore whose dispatcher, once it had to wait,
     * is woken when an eighth of the window is free again rather than at every free slot. It then sends that many
     * without waiting, so the reader hands off to the dispatcher once per several records instead of once per record
     * (each hand-off a thread wake-up), and the window stays at least seven eighths full.
     */
    private static final class Window {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition roomy = lock.newCondition();
        private final int wakeAt;
        private int free;
        private boolean waiting;

        Window(int size) {
            this.free = size;
            this.wakeAt = Math.max(1, size / 8);
        }

        void acquire() throws InterruptedException {
            lock.lock();
            try {
                if (free == 0) {
                    waiting = true;
                    try {
                        while (free < wakeAt) {
                            roomy.await();
                        }
                    } finally {
                        waiting = false;
                    }
                }
                free--;
            } finally {
                lock.unlock();
            }
        }

        void release() {
            lock.lock();
            try {
                free++;
                if (waiting && free >= wakeAt) {
                    roomy.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** One mini-batch sent, and its answer. */
    private record Pending(MiniBatch batch, String source, CompletableFuture<InferenceResult> answer) {
    }

    /** The dispatcher failed reading the input. */
    private record ReadFailure(InferenceException error) {
    }

    FanOutJob(FanOutSpec spec) {
        this.spec = spec;
        this.window = new Window(Math.max(1, spec.concurrency()));
        this.submittedAt = spec.time().now();
        this.strategy = spec.options().batchStrategy().orElse(ScoringOptions.BatchStrategy.SINGLE_RECORD);
        long limit = spec.maxPayloadBytes();
        if (strategy == ScoringOptions.BatchStrategy.MULTI_RECORD) {
            // MaxPayloadInMB as a transform job reads it: 6 MB unless set (0 = the mode's limit)
            int mb = spec.options().maxPayloadInMb().orElse(6);
            if (mb > 0) {
                limit = Math.min(limit, ScoringOptions.payloadBytes(mb));
            }
        }
        this.maxPayload = limit;
        internal.whenComplete((s, e) -> spec.resources().complete(() -> {
            if (e != null) {
                result.completeExceptionally(Futures.rethrow(e));
            } else {
                result.complete(s);
            }
        }));
        result.whenComplete((s, e) -> {
            if (result.isCancelled()) {
                cancelAll();
            }
        });
    }

    void start() {
        Thread t = new Thread(this::dispatch, "sminference-fanout-" + spec.jobId());
        t.setDaemon(true);
        dispatcher = t;
        startedAt = spec.time().now();
        state = JobState.RUNNING;
        progress();
        t.start();
    }

    // ------------------------------------------------------------------ dispatching

    private void dispatch() {
        RateLimiter rate = spec.options().requestsPerSecond().map(RateLimiter::new).orElse(null);
        long index = 0;
        try {
            for (RecordSource source : spec.sources()) {
                if (stopRequested.get() || internal.isDone()) {
                    break;
                }
                try (InputStream in = source.open();
                        RecordReader reader = new RecordReader(in, spec.split(), maxPayload, source.name(),
                                spec.mode())) {
                    MiniBatcher batcher = new MiniBatcher(strategy, maxPayload, spec.split(), source.name(), index,
                            spec.mode());
                    MiniBatch batch;
                    while (!stopRequested.get() && !internal.isDone() && (batch = batcher.next(reader)) != null) {
                        window.acquire(); // bounded: in flight plus not yet read
                        if (rate != null && !rate.acquire()) {
                            window.release();
                            return;
                        }
                        InferenceRequest req = InferenceRequest.builder().payload(Payload.ofBytes(batch.payload()))
                                .contentType(spec.contentType()).accept(spec.accept())
                                .modelTimeout(spec.options().modelTimeout().orElse(null)).build();
                        CompletableFuture<InferenceResult> answer;
                        try {
                            answer = spec.predictAsync().apply(req);
                        } catch (RuntimeException e) {
                            answer = CompletableFuture.failedFuture(e);
                        }
                        pending.add(new Pending(batch, source.name(), answer));
                        recordsDispatched.addAndGet(batch.size());
                    }
                    index = batcher.nextIndex();
                }
            }
            recordsTotal = stopRequested.get() ? -1 : recordsDispatched.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InferenceException e) {
            pending.add(new ReadFailure(e));
        } catch (IOException | RuntimeException e) {
            pending.add(new ReadFailure(new InferenceException("reading the dataset failed: " + e, e, false)));
        } finally {
            pending.add(END);
        }
    }

    // ------------------------------------------------------------------ consuming

    /** Reads results in input order, one mini-batch at a time. Used by the record stream or the drainer. */
    private final class Consumer {
        private final ArrayDeque<ScoredRecord> ready = new ArrayDeque<>();
        private boolean ended;

        /** The next record, or {@code null} at the end; throws the job's error. */
        ScoredRecord next() {
            while (ready.isEmpty()) {
                if (ended) {
                    return null;
                }
                Object o;
                try {
                    o = pending.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceCancelledException("interrupted while reading the records", e);
                }
                if (o == END) {
                    ended = true;
                    finish();
                    if (internal.isCompletedExceptionally()) {
                        throw Futures.rethrow(internal.handle((s, e) -> e).join());
                    }
                    return null;
                }
                if (o instanceof ReadFailure) {
                    fail(((ReadFailure) o).error());
                    throw ((ReadFailure) o).error();
                }
                Pending p = (Pending) o;
                try {
                    collect(p);
                } finally {
                    window.release();
                }
            }
            ScoredRecord r = ready.poll();
            long done = recordsDone.incrementAndGet();
            if (done % PROGRESS_EVERY == 0) {
                progress();
            }
            return r;
        }

        private void collect(Pending p) {
            MiniBatch b = p.batch();
            InferenceException error = null;
            List<byte[]> outputs = null;
            try {
                InferenceResult r = p.answer().join();
                outputs = outputsOf(b, r.bytes(), p.source());
            } catch (RuntimeException e) {
                error = Futures.rethrow(e);
            }
            if (error != null) {
                if (spec.options().recordErrors() == ScoringOptions.RecordErrors.FAIL_JOB) {
                    fail(error);
                    throw error;
                }
                for (int i = 0; i < b.size(); i++) {
                    ready.add(ScoredRecord.failure(b.firstIndex() + i, p.source(), b.records().get(i), error));
                    recordsFailed.incrementAndGet();
                }
                return;
            }
            boolean joined = spec.options().joinSource() == ScoringOptions.JoinSource.INPUT;
            for (int i = 0; i < b.size(); i++) {
                byte[] in = b.records().get(i);
                byte[] out = outputs.get(i);
                if (joined) {
                    ready.add(ScoredRecord.success(b.firstIndex() + i, p.source(), null,
                            Joiner.join(in, out, spec.contentType())));
                } else {
                    ready.add(ScoredRecord.success(b.firstIndex() + i, p.source(), in, out));
                }
            }
        }
    }

    /** The per-record outputs of a mini-batch's answer: the whole answer, or one line per record. */
    private List<byte[]> outputsOf(MiniBatch b, byte[] response, String source) {
        if (b.size() == 1) {
            return List.of(stripOneNewline(response));
        }
        List<byte[]> lines = Joiner.splitLines(response);
        if (lines.size() != b.size()) {
            throw new InferenceException("the endpoint answered " + lines.size() + " line(s) for the " + b.size()
                    + " records " + b.firstIndex() + "-" + b.lastIndex() + " of " + source + " sent together"
                    + " (MultiRecord); the model must answer one line per record, or use SINGLE_RECORD", null,
                    false);
        }
        return lines;
    }

    private static byte[] stripOneNewline(byte[] b) {
        int n = b.length;
        if (n > 0 && b[n - 1] == '\n') {
            n--;
            if (n > 0 && b[n - 1] == '\r') {
                n--;
            }
        }
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    private void finish() {
        if (internal.isDone()) {
            return;
        }
        endedAt = spec.time().now();
        if (stopRequested.get()) {
            state = JobState.STOPPED;
            failureReason = "Stopped by request after " + recordsDone.get() + " records";
            progress();
            internal.completeExceptionally(new JobFailedException(spec.jobId(), "the fan-out was stopped after "
                    + recordsDone.get() + " records; later records were not sent", null));
            return;
        }
        state = JobState.COMPLETED;
        recordsTotal = recordsDispatched.get();
        progress();
        LOG.debug("fan-out {} over {} completed: {} records, {} failed", spec.jobId(), spec.endpointName(),
                recordsDone.get(), recordsFailed.get());
        internal.complete(new ScoringSummary(recordsDone.get(), recordsDone.get() - recordsFailed.get(),
                recordsFailed.get(), List.of()));
    }

    private void fail(InferenceException e) {
        if (internal.isDone()) {
            return;
        }
        endedAt = spec.time().now();
        state = JobState.FAILED;
        failureReason = e.getClass().getSimpleName() + ": " + e.getMessage();
        cancelAll();
        progress();
        internal.completeExceptionally(e);
    }

    private void cancelAll() {
        stopRequested.set(true);
        Thread t = dispatcher;
        if (t != null) {
            t.interrupt();
        }
        List<Object> left = new ArrayList<>();
        pending.drainTo(left);
        for (Object o : left) {
            if (o instanceof Pending) {
                ((Pending) o).answer().cancel(true);
                window.release();
            }
        }
        if (!left.isEmpty() && left.get(left.size() - 1) == END) {
            pending.add(END);
        }
    }

    private void progress() {
        if (spec.listeners().any()) {
            spec.listeners().progress(spec.jobId(), spec.mode(), status());
        }
    }

    /** Drains the results when nobody reads them, so the job completes. */
    private void drain() {
        if (!consumerClaimed.compareAndSet(false, true)) {
            return;
        }
        drained = true;
        Thread t = new Thread(() -> {
            Consumer c = new Consumer();
            try {
                while (c.next() != null) {
                    // counted, not kept: nobody opened records()
                }
            } catch (RuntimeException e) {
                // the job's future carries it
            }
        }, "sminference-fanout-drain-" + spec.jobId());
        t.setDaemon(true);
        t.start();
    }

    // ------------------------------------------------------------------ the handle

    @Override
    public String id() {
        return spec.jobId();
    }

    @Override
    public InvocationMode mode() {
        return spec.mode();
    }

    @Override
    public String token() {
        return ResumeToken.builder(ResumeToken.Kind.SCORING, spec.mode(), spec.endpointName(), spec.jobId())
                .put("fanout", "true").build().encode();
    }

    @Override
    public JobStatus status() {
        JobState s = result.isCancelled() ? JobState.CANCELLED : state;
        return JobStatus.builder().state(s).failureReason(failureReason).submittedAt(submittedAt)
                .startedAt(startedAt).endedAt(endedAt).records(recordsDone.get(), recordsTotal).build();
    }

    @Override
    public JobStatus poll() {
        return status();
    }

    @Override
    public ScoringSummary await(Duration timeout) {
        drain();
        return Futures.await(result, timeout, "fan-out " + spec.jobId());
    }

    /**
     * The summary as a future. If {@link #records()} was not opened, the results are drained (counted, not kept) so
     * the future can complete.
     *
     * @return the future
     */
    @Override
    public CompletableFuture<ScoringSummary> future() {
        drain();
        return result;
    }

    @Override
    public boolean cancel() {
        return result.cancel(true);
    }

    /**
     * Stops sending further records; the records already sent complete and can still be read, then the job ends
     * {@code STOPPED}.
     */
    @Override
    public void stopRemote() {
        if (internal.isDone()) {
            return;
        }
        state = JobState.STOPPING;
        stopRequested.set(true);
        Thread t = dispatcher;
        if (t != null) {
            t.interrupt();
        }
        progress();
    }

    @Override
    public RecordStream records() {
        if (!consumerClaimed.compareAndSet(false, true)) {
            throw new IllegalStateException(drained
                    ? "the records were drained because await()/future() was called first; open records() before"
                            + " awaiting a fan-out (its outputs are not stored anywhere else)"
                    : "the records of " + spec.jobId() + " were already opened; a RecordStream is one-shot");
        }
        Consumer c = new Consumer();
        return new RecordStream() {
            private ScoredRecord next;
            private boolean closed;

            @Override
            public boolean hasNext() {
                if (closed) {
                    return false;
                }
                if (next == null) {
                    next = c.next();
                }
                return next != null;
            }

            @Override
            public ScoredRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ScoredRecord r = next;
                next = null;
                return r;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    if (!internal.isDone()) {
                        result.cancel(true);
                    }
                }
            }
        };
    }

    @Override
    public String toString() {
        return "ScoringJob[fan-out " + spec.mode() + " " + spec.endpointName() + " " + spec.jobId() + ", "
                + status() + "]";
    }

}
