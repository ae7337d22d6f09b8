package io.github.sminference.local;

import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobStatus;
import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.ScoringSummary;
import io.github.sminference.internal.Futures;
import io.github.sminference.spi.ResumeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One payload's transform job, seen as an inference: the result is the job's single {@code .out}. Thread-safe. */
final class LocalBatchInferenceJob implements InferenceJob {
    private final LocalScoringJob job;
    private final LocalBatchClient client;
    private final CompletableFuture<InferenceResult> result = new CompletableFuture<>();

    LocalBatchInferenceJob(LocalScoringJob job, LocalBatchClient client) {
        this.job = job;
        this.client = client;
        job.future().whenComplete((s, e) -> {
            if (e != null) {
                result.completeExceptionally(Futures.rethrow(e));
                return;
            }
            try {
                result.complete(InferenceResult.ofOwned(Files.readAllBytes(output()), contentType(),
                        metadata()));
            } catch (IOException x) {
                result.completeExceptionally(new UncheckedIOException("cannot read " + output(), x));
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                job.cancel();
            }
        });
    }

    private String contentType() {
        String ct = job.outputContentType();
        return ct != null ? ct : job.plan().accept();
    }

    private Path output() {
        return job.plan().outputs().get(0);
    }

    private ResultMetadata metadata() {
        JobStatus s = job.status();
        Duration took = s.endedAt().isPresent() && s.submittedAt().isPresent()
                ? Duration.between(s.submittedAt().get(), s.endedAt().get()) : Duration.ZERO;
        return ResultMetadata.builder().mode(InvocationMode.BATCH).endpointName(client.endpointName())
                .inferenceId(job.id()).outputLocation(output().toUri().toString()).attempts(1).latency(took).build();
    }

    @Override
    public String id() {
        return job.id();
    }

    @Override
    public InvocationMode mode() {
        return InvocationMode.BATCH;
    }

    @Override
    public String token() {
        return ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.BATCH, client.endpointName(), job.id())
                .put("root", job.jobDir().toString()).put("output", output().toUri().toString()).build().encode();
    }

    @Override
    public JobStatus status() {
        return job.status();
    }

    @Override
    public JobStatus poll() {
        return job.poll();
    }

    @Override
    public InferenceResult await(Duration timeout) {
        return Futures.await(result, timeout, "transform job " + job.id());
    }

    @Override
    public ResponseStream awaitStream(Duration timeout) {
        ScoringSummary s = job.await(timeout);
        return new FileResponseStream(output(), contentType(), metadata());
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
        job.stopRemote();
    }

    @Override
    public String toString() {
        return "InferenceJob[local BATCH " + job.id() + ", " + job.status().state() + "]";
    }
}
