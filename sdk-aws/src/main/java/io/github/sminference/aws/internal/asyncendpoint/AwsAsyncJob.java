package io.github.sminference.aws.internal.asyncendpoint;

import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.Futures;
import io.github.sminference.spi.ResumeToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One request queued at an asynchronous endpoint: its locations, deadline and outcome. Thread-safe.
 *
 * <p>{@link #cancel()} stops only the local wait (polling and listening for this request); the endpoint still runs
 * the request, and its token can resume the wait later.
 */
final class AwsAsyncJob implements InferenceJob {
    /** Where a finished request's output is. */
    record Outcome(S3Uri output, String contentType, long size, Instant endedAt) {
    }

    private final AsyncEndpointClient client;
    private final String id;
    private final String inputLocation;
    private final S3Uri stagedInput;
    private final S3Uri output;
    private final S3Uri failure;
    private final Instant submittedAt;
    private final Instant deadline;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<InferenceResult> result = new CompletableFuture<>();
    private final AtomicInteger checks = new AtomicInteger();
    private volatile ScheduledFuture<?> timer;
    private volatile String notifiedReason;
    private volatile Instant endedAt;
    private volatile int submissionAttempts = 1;
    private volatile long requestBytes = -1;

    AwsAsyncJob(AsyncEndpointClient client, String id, String inputLocation, S3Uri stagedInput, S3Uri output,
            S3Uri failure, Instant submittedAt, Instant deadline) {
        this.client = client;
        this.id = id;
        this.inputLocation = inputLocation;
        this.stagedInput = stagedInput;
        this.output = output;
        this.failure = failure;
        this.submittedAt = submittedAt;
        this.deadline = deadline;
        outcome.whenComplete((o, e) -> {
            endedAt = o != null ? o.endedAt() : client.now();
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
            }
        });
    }

    String inputLocation() {
        return inputLocation;
    }

    Optional<S3Uri> stagedInput() {
        return Optional.ofNullable(stagedInput);
    }

    S3Uri output() {
        return output;
    }

    Optional<S3Uri> failure() {
        return Optional.ofNullable(failure);
    }

    Instant deadline() {
        return deadline;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    CompletableFuture<InferenceResult> result() {
        return result;
    }

    /** Whether anyone still waits locally. */
    boolean waiting() {
        return !outcome.isDone() && !result.isCancelled();
    }

    void timer(ScheduledFuture<?> t) {
        this.timer = t;
    }

    int nextCheck() {
        return checks.incrementAndGet();
    }

    int checks() {
        return checks.get();
    }

    void submissionAttempts(int n) {
        this.submissionAttempts = Math.max(1, n);
    }

    int submissionAttempts() {
        return submissionAttempts;
    }

    void requestBytes(long n) {
        this.requestBytes = n;
    }

    long requestBytes() {
        return requestBytes;
    }

    void notified(String failureReason) {
        if (failureReason != null) {
            this.notifiedReason = failureReason;
        }
    }

    String notifiedReason() {
        return notifiedReason;
    }

    ResultMetadata metadata(Outcome o) {
        return ResultMetadata.builder().mode(InvocationMode.ASYNC_ENDPOINT).endpointName(client.endpointName())
                .inferenceId(id).outputLocation(o.output().toString()).attempts(submissionAttempts)
                .latency(Duration.between(submittedAt, o.endedAt())).build();
    }

    /** Completes the public future from the outcome, reading the output on the client's I/O threads. */
    void publish(ClientResources resources, java.util.concurrent.Executor reader) {
        outcome.whenComplete((o, e) -> {
            if (e != null) {
                resources.complete(() -> result.completeExceptionally(Futures.rethrow(e)));
                return;
            }
            CompletableFuture.runAsync(() -> {
                try (InputStream in = client.s3().get(o.output())) {
                    byte[] bytes = in.readAllBytes();
                    resources.complete(() -> result.complete(InferenceResult.ofOwned(bytes, o.contentType(),
                            metadata(o))));
                } catch (IOException | RuntimeException x) {
                    resources.complete(() -> result.completeExceptionally(Futures.rethrow(
                            x instanceof IOException ? new TransportException(
                                    "reading " + o.output() + " failed: " + x, x) : x)));
                }
            }, reader);
        });
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
        return ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.ASYNC_ENDPOINT, client.endpointName(),
                id).deadline(deadline).put("region", client.region()).put("input", inputLocation)
                .put("staged", stagedInput == null ? null : "true").put("output", output.toString())
                .put("failure", failure == null ? null : failure.toString())
                .put("submitted", submittedAt.toString()).build().encode();
    }

    @Override
    public JobStatus status() {
        JobState state;
        String reason = null;
        if (result.isCancelled()) {
            state = JobState.CANCELLED;
        } else if (!outcome.isDone()) {
            state = JobState.PENDING; // the service has no status API: queued or running cannot be told apart
        } else if (outcome.isCompletedExceptionally()) {
            state = JobState.FAILED;
            reason = outcome.handle((o, e) -> Futures.rethrow(e).getMessage()).join();
        } else {
            state = JobState.COMPLETED;
        }
        return JobStatus.builder().state(state).failureReason(reason).submittedAt(submittedAt).endedAt(endedAt)
                .build();
    }

    @Override
    public JobStatus poll() {
        if (!outcome.isDone()) {
            client.checkNow(this);
        }
        return status();
    }

    @Override
    public InferenceResult await(Duration timeout) {
        return Futures.await(result, timeout, "asynchronous inference " + id);
    }

    @Override
    public ResponseStream awaitStream(Duration timeout) {
        Outcome o = Futures.await(outcome, timeout, "asynchronous inference " + id);
        InputStream in = client.s3().get(o.output());
        return new ResponseStream() {
            private boolean taken;

            @Override
            public Optional<String> contentType() {
                return Optional.ofNullable(o.contentType());
            }

            @Override
            public ResultMetadata metadata() {
                return AwsAsyncJob.this.metadata(o);
            }

            @Override
            public synchronized InputStream inputStream() {
                if (taken) {
                    throw new IllegalStateException("the response body was already taken; a ResponseStream is"
                            + " one-shot");
                }
                taken = true;
                return in;
            }

            @Override
            public Stream<String> lines() {
                return new java.io.BufferedReader(new java.io.InputStreamReader(inputStream(),
                        java.nio.charset.StandardCharsets.UTF_8)).lines().onClose(this::close);
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        };
    }

    @Override
    public CompletableFuture<InferenceResult> future() {
        return result;
    }

    /**
     * Stops waiting locally: the future completes cancelled and polling stops. The endpoint still runs the request
     * (asynchronous endpoints have no API to cancel it); {@link #token()} can resume the wait.
     *
     * @return whether this call cancelled the wait
     */
    @Override
    public boolean cancel() {
        return result.cancel(true);
    }

    @Override
    public void stopRemote() {
        throw new NotSupportedException("stopRemote()", InvocationMode.ASYNC_ENDPOINT,
                "SageMaker has no API to stop a queued asynchronous invocation; cancel() stops waiting, and the"
                        + " request ends by itself at its queue TTL or invocation timeout");
    }

    @Override
    public String toString() {
        return "InferenceJob[ASYNC_ENDPOINT " + client.endpointName() + " id=" + id + ", " + status().state() + "]";
    }
}
