package io.github.sminference.aws.internal.batch;

import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringSummary;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.internal.Futures;
import io.github.sminference.spi.ResumeToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;

/**
 * A SageMaker transform job seen as a {@link ScoringJob}. A poller on the client's scheduler calls
 * DescribeTransformJob (through the retry policy) with a growing interval, without limit on the number of polls, and
 * reports each state change to the listeners. When the job ends, its outputs are located (in input order); a job
 * that failed or was stopped becomes a {@link JobFailedException} naming the service's reason and the inputs that
 * have no output. Thread-safe.
 */
final class TransformScoringJob implements ScoringJob {
    private static final Logger LOG = LoggerFactory.getLogger(TransformScoringJob.class);
    private static final int NAMED_MISSING = 10;

    private final TransformClient client;
    private final JobSpec spec;
    private final CompletableFuture<DescribeTransformJobResponse> terminal = new CompletableFuture<>();
    private final CompletableFuture<ScoringSummary> result = new CompletableFuture<>();
    private final AtomicBoolean recordsOpened = new AtomicBoolean();
    private final AtomicInteger checks = new AtomicInteger();
    private final Instant created;
    private volatile JobStatus status;
    private volatile String lastState;
    private volatile ScheduledFuture<?> timer;
    private volatile boolean stopping;
    private volatile boolean announced;
    private volatile List<JobInputs.Item> items;
    private Duration interval;

    TransformScoringJob(TransformClient client, JobSpec spec, Instant submittedAt) {
        this.client = client;
        this.spec = spec;
        this.created = submittedAt != null ? submittedAt : client.now();
        this.status = JobStatus.builder().state(JobState.PENDING).submittedAt(submittedAt).build();
        terminal.whenComplete((d, e) -> {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            try {
                client.io().execute(() -> finish(d, e));
            } catch (RejectedExecutionException closed) {
                finish(d, e);
            }
        });
        result.whenComplete((s, e) -> {
            if (result.isCancelled()) {
                ScheduledFuture<?> t = timer;
                if (t != null && !stopping) {
                    t.cancel(false);
                }
            }
        });
    }

    JobSpec spec() {
        return spec;
    }

    /** This handle created the job and told the listeners it started: it also tells them how it ended. */
    void announced() {
        this.announced = true;
    }

    private void ended(InferenceException error) {
        if (announced) {
            client.ended(spec.jobName(), error);
        }
    }

    // ------------------------------------------------------------------ polling

    /** Starts following the job: the first DescribeTransformJob after {@code delay}. */
    void startPolling(Duration delay) {
        synchronized (this) {
            interval = delay.isZero() ? null : delay;
        }
        schedule(delay);
    }

    private boolean wanted() {
        return !terminal.isDone() && (!result.isCancelled() || stopping) && !client.isClosed();
    }

    private void schedule(Duration delay) {
        if (!wanted()) {
            return;
        }
        try {
            timer = client.scheduler().schedule(() -> {
                try {
                    client.io().execute(this::tick);
                } catch (RejectedExecutionException e) {
                    // the client is closed
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the client is closed
        }
    }

    private void tick() {
        if (!wanted()) {
            return;
        }
        try {
            describeNow();
        } catch (InferenceException e) {
            if (!e.isRetryable()) {
                terminal.completeExceptionally(e);
                return;
            }
            LOG.debug("polling transform job {} failed ({}); polling on", spec.jobName(),
                    e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            terminal.completeExceptionally(Futures.rethrow(e));
            return;
        }
        schedule(nextInterval());
    }

    private synchronized Duration nextInterval() {
        var o = client.options();
        if (stopping) {
            return o.pollInitialInterval();
        }
        interval = interval == null ? o.pollInitialInterval() : Duration.ofNanos((long) Math.min(
                interval.toNanos() * o.pollMultiplier(), o.pollMaxInterval().toNanos()));
        return interval;
    }

    /** DescribeTransformJob now; updates the status and, if the job ended, completes it. */
    private void describeNow() {
        int n = checks.incrementAndGet();
        if (client.listeners().any()) {
            Duration since = Duration.between(created, client.now());
            client.listeners().poll(client.event("poll", spec.jobName()).attempt(n)
                    .elapsed(since.isNegative() ? Duration.ZERO : since).build());
        }
        DescribeTransformJobResponse d = client.control().describe(spec.jobName()).orElseThrow(() ->
                new InferenceException("transform job " + spec.jobName() + " was not found" + (spec.region() == null
                        ? "" : " in Region " + spec.region()) + "; check the name and the Region", null, false));
        update(d);
    }

    /** Takes a description: status, progress events, and completion when the job has ended. */
    void update(DescribeTransformJobResponse d) {
        JobState state = state(d.transformJobStatusAsString());
        String reason = d.failureReason() == null || d.failureReason().isBlank() ? null : d.failureReason();
        JobStatus s = JobStatus.builder().state(state).failureReason(reason)
                .submittedAt(d.creationTime() != null ? d.creationTime() : status.submittedAt().orElse(null))
                .startedAt(d.transformStartTime()).endedAt(state.isTerminal() ? d.transformEndTime() : null).build();
        status = s;
        String raw = d.transformJobStatusAsString();
        boolean changed;
        synchronized (this) {
            changed = !Objects.equals(lastState, raw);
            lastState = raw;
        }
        if (changed) {
            LOG.debug("transform job {}: {}", spec.jobName(), raw);
            client.listeners().progress(spec.jobName(), InvocationMode.BATCH, s);
        }
        if (state.isTerminal()) {
            terminal.complete(d);
        }
    }

    static JobState state(String service) {
        if (service == null) {
            return JobState.PENDING;
        }
        switch (service) {
            case "InProgress":
                return JobState.RUNNING;
            case "Completed":
                return JobState.COMPLETED;
            case "Failed":
                return JobState.FAILED;
            case "Stopping":
                return JobState.STOPPING;
            case "Stopped":
                return JobState.STOPPED;
            default:
                return JobState.PENDING;
        }
    }

    // ------------------------------------------------------------------ the end

    /** The inputs in order, with their outputs (listed once, then kept). */
    List<JobInputs.Item> items() {
        List<JobInputs.Item> i = items;
        if (i == null) {
            i = JobInputs.resolve(client.s3(), spec);
            items = i;
        }
        return i;
    }

    private void finish(DescribeTransformJobResponse d, Throwable e) {
        if (e != null) {
            InferenceException x = Futures.rethrow(e);
            client.resources().complete(() -> result.completeExceptionally(x));
            ended(x);
            return;
        }
        try {
            List<JobInputs.Item> all = items();
            if (status.state() == JobState.COMPLETED) {
                List<String> outputs = new ArrayList<>(all.size());
                for (JobInputs.Item it : all) {
                    outputs.add(it.output().toString());
                }
                // a transform job reports no record counts: unknown (-1) unless the records are read
                ScoringSummary summary = new ScoringSummary(-1, -1, 0, outputs);
                client.resources().complete(() -> result.complete(summary));
                ended(null);
                return;
            }
            JobFailedException failure = failure(d, all);
            client.resources().complete(() -> result.completeExceptionally(failure));
            ended(failure);
        } catch (RuntimeException x) {
            InferenceException m = Futures.rethrow(x);
            client.resources().complete(() -> result.completeExceptionally(m));
            ended(m);
        }
    }

    private JobFailedException failure(DescribeTransformJobResponse d, List<JobInputs.Item> all) {
        String reason = d.failureReason() == null || d.failureReason().isBlank()
                ? (status.state() == JobState.STOPPED ? "the job was stopped" : "the job failed without a reason")
                : d.failureReason();
        if (status.state() == JobState.STOPPED && !reason.toLowerCase(java.util.Locale.ROOT).contains("stop")) {
            reason = "the job was stopped: " + reason;
        }
        List<String> missing = new ArrayList<>();
        Set<String> present = null;
        try {
            present = client.s3().keys(S3Uri.parse("output", spec.output()));
        } catch (InferenceException e) {
            LOG.debug("listing {} failed ({}); checking each output", spec.output(), e.getClass().getSimpleName());
        }
        for (JobInputs.Item it : all) {
            boolean there = present != null ? present.contains(it.output().key())
                    : client.s3().head(it.output()).isPresent();
            if (!there) {
                missing.add(it.input().toString());
            }
        }
        StringBuilder msg = new StringBuilder(reason);
        if (!missing.isEmpty()) {
            msg.append("; ").append(missing.size()).append(" of ").append(all.size())
                    .append(" inputs have no output: ").append(String.join(", ", missing.subList(0,
                            Math.min(NAMED_MISSING, missing.size()))));
            if (missing.size() > NAMED_MISSING) {
                msg.append(" and ").append(missing.size() - NAMED_MISSING).append(" more");
            }
        } else if (!all.isEmpty()) {
            msg.append("; every input has an output");
        }
        return new JobFailedException(spec.jobName(), msg.toString(), null);
    }

    /** For the record stream: blocks until the job's end is known. */
    InferenceException awaitEnd(BooleanSupplier closed) {
        while (!closed.getAsBoolean()) {
            try {
                result.get(100, TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                // wait on
            } catch (CancellationException e) {
                throw new InferenceCancelledException("the wait for transform job " + spec.jobName()
                        + " was cancelled; resume it with its token to read its records", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceCancelledException("interrupted while waiting for transform job "
                        + spec.jobName(), e);
            } catch (ExecutionException e) {
                Throwable c = Futures.unwrap(e.getCause());
                if (c instanceof JobFailedException) {
                    return (JobFailedException) c;
                }
                throw Futures.rethrow(c);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ Job

    @Override
    public String id() {
        return spec.jobName();
    }

    @Override
    public InvocationMode mode() {
        return InvocationMode.BATCH;
    }

    @Override
    public String token() {
        return spec.token(ResumeToken.Kind.SCORING).encode();
    }

    @Override
    public JobStatus status() {
        JobStatus s = status;
        return result.isCancelled() && !s.isTerminal() ? s.toBuilder().state(JobState.CANCELLED).build() : s;
    }

    @Override
    public JobStatus poll() {
        if (!terminal.isDone()) {
            describeNow();
        }
        return status();
    }

    @Override
    public ScoringSummary await(Duration timeout) {
        return Futures.await(result, timeout, "transform job " + spec.jobName());
    }

    @Override
    public CompletableFuture<ScoringSummary> future() {
        return result;
    }

    /**
     * Stops waiting locally; the job goes on in SageMaker (use {@link #stopRemote()} to stop it), and its token can
     * resume the wait.
     *
     * @return whether this call cancelled the wait
     */
    @Override
    public boolean cancel() {
        return result.cancel(true);
    }

    @Override
    public void stopRemote() {
        if (terminal.isDone()) {
            return;
        }
        ControlPlane.Stop stop = client.control().stop(spec.jobName());
        if (!stop.accepted()) {
            // the Python SDK tolerates a ValidationException here: the job has already finished or is stopping
            describeNow();
            JobState s = status.state();
            if (!s.isTerminal() && s != JobState.STOPPING) {
                throw new InferenceException("StopTransformJob " + spec.jobName() + " was refused: " + stop.refusal(),
                        null, false);
            }
            LOG.debug("StopTransformJob {} refused ({}); the job is already {}", spec.jobName(), stop.refusal(), s);
        }
        stopping = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        schedule(client.options().pollInitialInterval());
        Duration limit = client.options().stopTimeout();
        try {
            terminal.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InferenceTimeoutException(InferenceTimeoutException.Budget.AWAIT, limit, "transform job "
                    + spec.jobName() + " accepted StopTransformJob but did not reach Stopped within " + limit
                    + "; it is " + status.state() + ". Poll it, or raise TransformJobOptions.stopTimeout", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while transform job " + spec.jobName()
                    + " was stopping", e);
        } catch (ExecutionException e) {
            throw Futures.rethrow(e.getCause());
        }
    }

    @Override
    public RecordStream records() {
        if (spec.splitType() == null) {
            throw new NotSupportedException("records()", InvocationMode.BATCH, "transform job " + spec.jobName()
                    + " split its input as " + spec.split() + ", which this library cannot cut into records; read"
                    + " the .out objects listed in the summary");
        }
        if (!recordsOpened.compareAndSet(false, true)) {
            throw new IllegalStateException("the records of transform job " + spec.jobName() + " were already"
                    + " opened; a RecordStream is one-shot");
        }
        TransformRecordStream[] self = new TransformRecordStream[1];
        self[0] = new TransformRecordStream(client.s3(), client.io(), this::items, spec.splitType(), spec.joined(),
                spec.gzip(), client.options().prefetchObjects(), () -> awaitEnd(self[0]::isClosed));
        return self[0];
    }

    @Override
    public String toString() {
        return "ScoringJob[BATCH " + spec.model() + " job=" + spec.jobName() + ", " + status() + "]";
    }
}
