package io.github.sminference.aws.internal.batch;

import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobStatus;
import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.spi.ResumeToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A transform job over one payload ({@code predict}/{@code submit} on BATCH), seen as an inference: the result is
 * the job's single {@code .out} object, buffered by {@link #await(Duration)} and {@link #future()} (read only when
 * one of them is used), streamed by {@link #awaitStream(Duration)}. Thread-safe.
 */
final class TransformInferenceJob implements InferenceJob {
    private final TransformScoringJob job;
    private final TransformClient client;
    private final S3Uri output;
    private final CompletableFuture<InferenceResult> result = new CompletableFuture<>();
    private final AtomicBoolean buffering = new AtomicBoolean();

    TransformInferenceJob(TransformScoringJob job, TransformClient client) {
        this.job = job;
        this.client = client;
        JobSpec spec = job.spec();
        this.output = S3Uri.parse("output", OutputLayout.outputKey(spec.input(), spec.input(), spec.output()));
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                job.cancel();
            }
        });
    }

    /** The buffered result: the output is read once the job has ended, only if someone asks for it this way. */
    private CompletableFuture<InferenceResult> buffered() {
        if (!buffering.compareAndSet(false, true)) {
            return result;
        }
        job.future().whenComplete((s, e) -> {
            if (e != null) {
                client.resources().complete(() -> result.completeExceptionally(Futures.rethrow(e)));
                return;
            }
            try {
                client.io().execute(this::read);
            } catch (RejectedExecutionException closed) {
                read();
            }
        });
        return result;
    }

    private void read() {
        try (ResponseInputStream<GetObjectResponse> in = open()) {
            byte[] bytes = in.readAllBytes();
            String ct = contentType(in.response());
            client.resources().complete(() -> result.complete(InferenceResult.ofOwned(bytes, ct, metadata())));
        } catch (IOException | RuntimeException x) {
            InferenceException m = Futures.rethrow(x instanceof IOException ? new TransportException("reading "
                    + output + " failed: " + x, x) : x);
            client.resources().complete(() -> result.completeExceptionally(m));
        }
    }

    private ResponseInputStream<GetObjectResponse> open() {
        return client.s3().getIfExists(output).orElseThrow(() -> new InferenceException("transform job " + job.id()
                + " completed, but its output " + output + " is missing", null, false));
    }

    private String contentType(GetObjectResponse r) {
        String ct = r == null ? null : r.contentType();
        if (ct == null || ct.equals("binary/octet-stream")) {
            return job.spec().accept() != null ? job.spec().accept() : ct;
        }
        return ct;
    }

    private ResultMetadata metadata() {
        JobStatus s = job.status();
        Duration took = s.submittedAt().isPresent() && s.endedAt().isPresent()
                ? Duration.between(s.submittedAt().get(), s.endedAt().get()) : Duration.ZERO;
        return ResultMetadata.builder().mode(InvocationMode.BATCH).endpointName(job.spec().model())
                .inferenceId(job.id()).outputLocation(output.toString()).attempts(1)
                .latency(took.isNegative() ? Duration.ZERO : took).build();
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
        return job.spec().token(ResumeToken.Kind.INFERENCE).encode();
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
        return Futures.await(buffered(), timeout, "transform job " + job.id());
    }

    @Override
    public ResponseStream awaitStream(Duration timeout) {
        job.await(timeout);
        ResponseInputStream<GetObjectResponse> in = open();
        return new ObjectResponseStream(in, contentType(in.response()), metadata());
    }

    @Override
    public CompletableFuture<InferenceResult> future() {
        return buffered();
    }

    @Override
    public boolean cancel() {
        boolean c = result.cancel(true);
        job.cancel();
        return c;
    }

    @Override
    public void stopRemote() {
        job.stopRemote();
    }

    @Override
    public String toString() {
        return "InferenceJob[BATCH " + job.spec().model() + " job=" + job.id() + ", " + status().state() + "]";
    }

    /** An S3 object as a one-shot response stream. */
    static final class ObjectResponseStream implements ResponseStream {
        private final ResponseInputStream<GetObjectResponse> in;
        private final String contentType;
        private final ResultMetadata metadata;
        private final AtomicBoolean taken = new AtomicBoolean();

        ObjectResponseStream(ResponseInputStream<GetObjectResponse> in, String contentType, ResultMetadata metadata) {
            this.in = in;
            this.contentType = contentType;
            this.metadata = metadata;
        }

        @Override
        public Optional<String> contentType() {
            return Optional.ofNullable(contentType);
        }

        @Override
        public ResultMetadata metadata() {
            return metadata;
        }

        @Override
        public InputStream inputStream() {
            if (!taken.compareAndSet(false, true)) {
                throw new IllegalStateException("the response body was already taken; a ResponseStream is one-shot");
            }
            return in;
        }

        @Override
        public Stream<String> lines() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(inputStream(), StandardCharsets.UTF_8))
                    .lines().onClose(this::close);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
