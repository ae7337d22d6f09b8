package io.github.sminference.local;

import io.github.sminference.Dataset;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.batch.RecordPairer;
import io.github.sminference.spi.ResumeToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transform job running on this machine: status with progress (records done of total), the summary as a future,
 * the records in input order as their {@code .out} files appear, and a real stop. Thread-safe.
 */
final class LocalScoringJob implements ScoringJob {
    private final String name;
    private final LocalBatchClient client;
    private final BatchRunner.Plan plan;
    private final Path jobDir;
    private final Instant submittedAt;
    private final AtomicLong recordsDone = new AtomicLong();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean recordsOpened = new AtomicBoolean();
    private final CompletableFuture<ScoringSummary> internal = new CompletableFuture<>();
    private final CompletableFuture<ScoringSummary> result = new CompletableFuture<>();
    private final Object progress = new Object();
    private volatile long recordsTotal = -1;
    private volatile JobState state = JobState.PENDING;
    private volatile String failureReason;
    private volatile Instant startedAt;
    private volatile Instant endedAt;
    private volatile String outputContentType;

    LocalScoringJob(String name, LocalBatchClient client, BatchRunner.Plan plan, Path jobDir, Instant submittedAt) {
        this.name = name;
        this.client = client;
        this.plan = plan;
        this.jobDir = jobDir;
        this.submittedAt = submittedAt;
        internal.whenComplete((s, e) -> client.resources().complete(() -> {
            if (e != null) {
                result.completeExceptionally(Futures.rethrow(e));
            } else {
                result.complete(s);
            }
        }));
    }

    BatchRunner.Plan plan() {
        return plan;
    }

    Path jobDir() {
        return jobDir;
    }

    AtomicLong recordsDoneCounter() {
        return recordsDone;
    }

    boolean stopRequested() {
        return stopRequested.get();
    }

    void started(long total, Instant at) {
        recordsTotal = total;
        startedAt = at;
        state = JobState.RUNNING;
        client.persist(this);
    }

    /** Called by the runner after each file, and at the end. */
    void fileDone() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    void completed(Instant at) {
        endedAt = at;
        state = JobState.COMPLETED;
        client.persist(this);
        fileDone();
        List<String> outs = new ArrayList<>();
        for (Path p : plan.outputs()) {
            outs.add(p.toUri().toString());
        }
        internal.complete(new ScoringSummary(Math.max(recordsTotal, recordsDone.get()), recordsDone.get(), 0, outs));
    }

    void failed(String reason, byte[] content, Instant at) {
        endedAt = at;
        failureReason = reason;
        state = JobState.FAILED;
        client.persist(this);
        fileDone();
        internal.completeExceptionally(new JobFailedException(name, reason + missingOutputs(), content));
    }

    void stopped(Instant at) {
        endedAt = at;
        failureReason = "Stopped by request";
        state = JobState.STOPPED;
        client.persist(this);
        fileDone();
        internal.completeExceptionally(new JobFailedException(name, "the job was stopped" + missingOutputs(), null));
    }

    /** Restores a finished job's state from its record (resume in a new JVM). */
    void restore(JobState s, String reason, long done, long total, Instant started, Instant ended) {
        recordsDone.set(done);
        recordsTotal = total;
        startedAt = started;
        switch (s) {
            case COMPLETED:
                completed(ended);
                break;
            case FAILED:
                failed(reason, null, ended);
                break;
            case STOPPED:
                stopped(ended);
                break;
            default:
                state = s;
        }
    }

    private String missingOutputs() {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < plan.inputs().size(); i++) {
            if (!Files.exists(plan.outputs().get(i))) {
                missing.add(plan.inputs().get(i).getFileName().toString());
            }
        }
        return missing.isEmpty() ? "" : "; inputs without output: " + String.join(", ",
                missing.size() > 10 ? missing.subList(0, 10) : missing) + (missing.size() > 10 ? " and "
                        + (missing.size() - 10) + " more" : "");
    }

    void outputContentType(String contentType) {
        this.outputContentType = contentType;
    }

    String outputContentType() {
        return outputContentType;
    }

    String failureReason() {
        return failureReason;
    }

    JobState state() {
        return state;
    }

    long recordsTotal() {
        return recordsTotal;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant endedAt() {
        return endedAt;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    CompletableFuture<ScoringSummary> internal() {
        return internal;
    }

    @Override
    public String id() {
        return name;
    }

    @Override
    public InvocationMode mode() {
        return InvocationMode.BATCH;
    }

    @Override
    public String token() {
        return ResumeToken.builder(ResumeToken.Kind.SCORING, InvocationMode.BATCH, client.endpointName(), name)
                .put("root", jobDir.toString()).build().encode();
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
        return Futures.await(result, timeout, "transform job " + name);
    }

    @Override
    public CompletableFuture<ScoringSummary> future() {
        return result;
    }

    @Override
    public boolean cancel() {
        boolean c = result.cancel(true);
        fileDone();
        return c;
    }

    @Override
    public void stopRemote() {
        if (internal.isDone()) {
            return;
        }
        state = JobState.STOPPING;
        stopRequested.set(true);
        try {
            internal.handle((s, e) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while the job stopped", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw Futures.rethrow(e.getCause());
        }
    }

    @Override
    public RecordStream records() {
        if (!recordsOpened.compareAndSet(false, true)) {
            throw new IllegalStateException("the records of job " + name + " were already opened; a RecordStream is"
                    + " one-shot");
        }
        return new Records();
    }

    /** Waits until the i-th output exists, or the job ended without it. */
    private boolean awaitOutput(int i) {
        Path out = plan.outputs().get(i);
        synchronized (progress) {
            while (!Files.exists(out)) {
                if (result.isCancelled()) {
                    throw new InferenceCancelledException("the wait for job " + name + " was cancelled", null);
                }
                if (internal.isDone()) {
                    return Files.exists(out);
                }
                try {
                    progress.wait(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceCancelledException("interrupted while waiting for job " + name, e);
                }
            }
        }
        return true;
    }

    /** The records, file by file in input order, each paired with its input. */
    private final class Records implements RecordStream {
        private int file;
        private RecordPairer current;
        private long nextIndex;
        private boolean closed;

        @Override
        public boolean hasNext() {
            while (true) {
                if (closed) {
                    return false;
                }
                if (current != null) {
                    if (current.hasNext()) {
                        return true;
                    }
                    closeCurrent();
                }
                if (file >= plan.inputs().size()) {
                    return false;
                }
                if (!awaitOutput(file)) {
                    InferenceException e = (InferenceException) Futures.rethrow(
                            internal.handle((s, x) -> x).join());
                    throw e;
                }
                open(file++);
            }
        }

        private void open(int i) {
            try {
                InputStream in = Files.newInputStream(plan.inputs().get(i));
                InputStream out = Files.newInputStream(plan.outputs().get(i));
                current = new RecordPairer(in, out, plan.split(), plan.inputs().get(i).toString(), nextIndex,
                        plan.join() == ScoringOptions.JoinSource.INPUT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the output of " + plan.inputs().get(i), e);
            }
        }

        @Override
        public ScoredRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ScoredRecord r = current.next();
            nextIndex = r.index() + 1;
            return r;
        }

        private void closeCurrent() {
            try {
                current.close();
            } catch (IOException ignored) {
                // read-only files
            }
            current = null;
        }

        @Override
        public void close() {
            closed = true;
            if (current != null) {
                closeCurrent();
            }
        }
    }

    @Override
    public String toString() {
        return "ScoringJob[local BATCH " + name + ", " + status() + "]";
    }

    static Dataset.SplitType split(String s) {
        return Dataset.SplitType.valueOf(s);
    }
}
