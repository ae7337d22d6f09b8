package io.github.sminference.local;

import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.internal.Futures;
import io.github.sminference.spi.ResumeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The handle of one request on a local asynchronous endpoint. Thread-safe. */
final class LocalAsyncJob implements InferenceJob {
    /** Where a finished request's result is. */
    record Outcome(Path output, String contentType, String customAttributes, Instant endedAt) {
    }

    private final String id;
    private final LocalAsyncClient client;
    private final Instant submittedAt;
    private final Instant deadline;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<InferenceResult> result = new CompletableFuture<>();
    private volatile ScheduledFuture<?> deadlineTimer;
    private volatile ScheduledFuture<?> watcher;
    private volatile Instant endedAt;

    LocalAsyncJob(String id, LocalAsyncClient client, Instant submittedAt, Instant deadline) {
        this.id = id;
        this.client = client;
        this.submittedAt = submittedAt;
        this.deadline = deadline;
        outcome.whenComplete((o, e) -> {
            endedAt = o != null ? o.endedAt() : client.now();
            cancelTimers();
            client.resources().complete(() -> {
                if (e != null) {
                    result.completeExceptionally(Futures.rethrow(e));
                    return;
                }
                try {
                    result.complete(InferenceResult.ofOwned(Files.readAllBytes(o.output()), o.contentType(),
                            metadata(o)));
                } catch (IOException | RuntimeException x) {
                    result.completeExceptionally(new UncheckedIOException("cannot read the result " + o.output(),
                            x instanceof IOException ? (IOException) x : new IOException(x)));
                }
            });
        });
        // cancelling the public future is cancel(): stop waiting locally
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelTimers();
            }
        });
    }

    void startDeadline() {
        long wait = Duration.between(client.now(), deadline).toNanos();
        deadlineTimer = client.resources().scheduler().schedule(() -> outcome.completeExceptionally(
                new InferenceTimeoutException(InferenceTimeoutException.Budget.DEADLINE, null,
                        "asynchronous inference " + id + " did not finish by its deadline " + deadline
                                + " (queue TTL plus invocation timeout)", null)),
                Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    /** Polls the output and failure files, for a request another JVM is running. */
    void watch() {
        if (watcher == null) {
            watcher = client.resources().scheduler().scheduleWithFixedDelay(this::settleFromFiles, 250, 250,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimers() {
        ScheduledFuture<?> t = deadlineTimer;
        if (t != null) {
            t.cancel(false);
        }
        ScheduledFuture<?> w = watcher;
        if (w != null) {
            w.cancel(false);
        }
    }

    /** Completes the outcome from the output or failure file, if one exists. */
    void settleFromFiles() {
        if (outcome.isDone()) {
            return;
        }
        AsyncStore store = client.store();
        Path out = store.outputFile(id);
        Path fail = store.failureFile(id);
        if (Files.exists(out)) {
            Properties p = store.resultProperties(out);
            outcome.complete(new Outcome(out, p.getProperty("contentType"), p.getProperty("customAttributes"),
                    client.now()));
        } else if (Files.exists(fail)) {
            Properties p = store.resultProperties(fail);
            byte[] content;
            try {
                content = Files.readAllBytes(fail);
            } catch (IOException e) {
                content = null;
            }
            outcome.completeExceptionally(new JobFailedException(id, p.getProperty("failureReason"), content));
        }
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    private ResultMetadata metadata(Outcome o) {
        return ResultMetadata.builder().mode(InvocationMode.ASYNC_ENDPOINT).endpointName(client.endpointName())
                .inferenceId(id).customAttributes(o.customAttributes()).outputLocation(o.output().toUri().toString())
                .attempts(1).latency(Duration.between(submittedAt, o.endedAt())).build();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InvocationMode mode() {
        return InvocationMode.ASYNC_ENDPOINT;
    }

    @Override
    public String token() {
        AsyncStore store = client.store();
        return ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.ASYNC_ENDPOINT, client.endpointName(), id)
                .deadline(deadline).put("root", store.root().toString())
                .put("input", store.input(id).toUri().toString())
                .put("output", store.outputFile(id).toUri().toString())
                .put("failure", store.failureFile(id).toUri().toString()).build().encode();
    }

    @Override
    public JobStatus status() {
        JobState state;
        String reason = null;
        if (result.isCancelled()) {
            state = JobState.CANCELLED;
        } else if (outcome.isDone()) {
            if (outcome.isCompletedExceptionally()) {
                state = JobState.FAILED;
                reason = outcome.handle((o, e) -> Futures.rethrow(e).getMessage()).join();
            } else {
                state = JobState.COMPLETED;
            }
        } else if (client.store().isHeldByLiveProcess(id)) {
            state = JobState.RUNNING;
        } else {
            state = JobState.PENDING;
        }
        return JobStatus.builder().state(state).failureReason(reason).submittedAt(submittedAt).endedAt(endedAt)
                .build();
    }

    @Override
    public JobStatus poll() {
        settleFromFiles();
        return status();
    }

    @Override
    public InferenceResult await(Duration timeout) {
        return Futures.await(result, timeout, "asynchronous inference " + id);
    }

    @Override
    public ResponseStream awaitStream(Duration timeout) {
        Outcome o = Futures.await(outcome, timeout, "asynchronous inference " + id);
        return new FileResponseStream(o.output(), o.contentType(), metadata(o));
    }

    @Override
    public CompletableFuture<InferenceResult> future() {
        return result;
    }

    @Override
    public boolean cancel() {
        return result.cancel(true);
    }

    @Override
    public void stopRemote() {
        throw new NotSupportedException("stopRemote()", InvocationMode.ASYNC_ENDPOINT,
                "asynchronous endpoints have no API to stop a queued invocation; cancel() stops waiting, and the"
                        + " request ends by itself at its queue TTL or invocation timeout");
    }

    @Override
    public String toString() {
        return "InferenceJob[ASYNC_ENDPOINT " + client.endpointName() + " id=" + id + ", " + status().state() + "]";
    }
}
