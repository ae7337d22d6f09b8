package io.github.sminference.internal;

import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.ResponseStream;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.spi.ResumeToken;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a request submitted to a synchronous endpoint: the in-flight call's future. Its token names the
 * call but cannot be resumed (the result exists only in this JVM). Thread-safe.
 */
public final class FutureInferenceJob implements InferenceJob {
    private final String id;
    private final InvocationMode mode;
    private final String endpoint;
    private final CompletableFuture<InferenceResult> future;
    private final Instant submittedAt;
    private volatile Instant endedAt;

    /**
     * Wraps an in-flight call.
     *
     * @param id the inference id
     * @param mode the mode
     * @param endpoint the endpoint
     * @param future the call
     * @param submittedAt when it was submitted
     * @param clock the wall clock for the end time
     */
    public FutureInferenceJob(String id, InvocationMode mode, String endpoint, CompletableFuture<InferenceResult> future,
            Instant submittedAt, java.util.function.Supplier<Instant> clock) {
        this.id = id;
        this.mode = mode;
        this.endpoint = endpoint;
        this.future = future;
        this.submittedAt = submittedAt;
        future.whenComplete((r, e) -> endedAt = clock.get());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InvocationMode mode() {
        return mode;
    }

    @Override
    public String token() {
        return ResumeToken.builder(ResumeToken.Kind.INFERENCE, mode, endpoint, id).build().encode();
    }

    @Override
    public JobStatus status() {
        JobState state;
        String reason = null;
        if (!future.isDone()) {
            state = JobState.RUNNING;
        } else if (future.isCancelled()) {
            state = JobState.CANCELLED;
        } else if (future.isCompletedExceptionally()) {
            state = JobState.FAILED;
            reason = future.handle((r, e) -> Futures.unwrap(e).getMessage()).join();
        } else {
            state = JobState.COMPLETED;
        }
        return JobStatus.builder().state(state).failureReason(reason).submittedAt(submittedAt).startedAt(submittedAt)
                .endedAt(endedAt).build();
    }

    @Override
    public JobStatus poll() {
        return status();
    }

    @Override
    public InferenceResult await(Duration timeout) {
        return Futures.await(future, timeout, "inference " + id);
    }

    @Override
    public ResponseStream awaitStream(Duration timeout) {
        return new BufferedResponseStream(await(timeout));
    }

    @Override
    public CompletableFuture<InferenceResult> future() {
        return future;
    }

    @Override
    public boolean cancel() {
        return future.cancel(true);
    }

    @Override
    public void stopRemote() {
        throw new NotSupportedException("stopRemote()", mode,
                "a " + mode + " invocation cannot be stopped on the service once sent; cancel() stops waiting");
    }

    @Override
    public String toString() {
        return "InferenceJob[" + mode + " " + endpoint + " id=" + id + ", " + status().state() + "]";
    }
}
