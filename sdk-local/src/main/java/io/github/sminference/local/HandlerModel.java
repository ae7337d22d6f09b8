package io.github.sminference.local;

import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.spi.EndpointResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-process handler, run on its own threads so that timeouts can be enforced (a stalled handler is interrupted
 * when its attempt times out), like a container that stops answering.
 */
final class HandlerModel implements LocalModel {
    private final ModelHandler handler;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;

    HandlerModel(ModelHandler handler, ScheduledExecutorService timer) {
        this.handler = handler;
        this.pool = Executors.newCachedThreadPool(io.github.sminference.internal.ClientResources.daemon(
                "sminference-local-model"));
        this.timer = timer;
    }

    private ModelOutput call(ModelInput in) {
        try {
            ModelOutput out = handler.handle(in);
            if (out == null) {
                return ModelOutput.error(500, "the model handler returned null");
            }
            return out;
        } catch (InferenceException e) {
            throw e; // a simulated service-side error, passed on as it is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("the model handler was interrupted", e);
        } catch (Exception e) {
            return ModelOutput.error(500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private InferenceTimeoutException timeout(Duration timeout) {
        return new InferenceTimeoutException(InferenceTimeoutException.Budget.ATTEMPT, timeout,
                "the in-process model did not answer within " + timeout, null);
    }

    @Override
    public ModelOutput invoke(ModelInput in, Duration timeout) {
        Future<ModelOutput> f = pool.submit(() -> call(in));
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw timeout(timeout);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while the model answered", e);
        } catch (ExecutionException e) {
            throw io.github.sminference.internal.Futures.rethrow(e.getCause());
        }
    }

    @Override
    public CompletableFuture<ModelOutput> invokeAsync(ModelInput in, Duration timeout) {
        CompletableFuture<ModelOutput> out = new CompletableFuture<>();
        Future<?> task = pool.submit(() -> {
            try {
                out.complete(call(in));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        var t = timer.schedule(() -> {
            if (out.completeExceptionally(timeout(timeout))) {
                task.cancel(true);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        out.whenComplete((r, e) -> {
            t.cancel(false);
            if (out.isCancelled()) {
                task.cancel(true);
            }
        });
        return out;
    }

    @Override
    public CompletableFuture<EndpointResponse> stream(ModelInput in, Duration timeout,
            Flow.Subscriber<ByteBuffer> parts) {
        return invokeAsync(in, timeout).thenApply(o -> {
            if (o.isError()) {
                throw LocalErrors.modelError(o);
            }
            List<byte[]> chunks = o.parts();
            parts.onSubscribe(new Flow.Subscription() {
                private int next;
                private final AtomicBoolean cancelled = new AtomicBoolean();

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && !cancelled.get() && next <= chunks.size(); i++) {
                        if (next < chunks.size()) {
                            parts.onNext(ByteBuffer.wrap(chunks.get(next)));
                        }
                        next++;
                        if (next == chunks.size()) {
                            next++;
                            parts.onComplete();
                            return;
                        }
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
            return EndpointResponse.builder().contentType(o.contentType().orElse(null))
                    .customAttributes(o.customAttributes().orElse(null)).build();
        });
    }

    @Override
    public ModelOutput invokeFile(Path body, Map<String, String> headers, Path out, Duration timeout) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged input " + body, e);
        }
        ModelOutput o = invoke(ModelInput.of(bytes, headers), timeout);
        if (!o.isError()) {
            try (OutputStream os = Files.newOutputStream(out)) {
                for (byte[] p : o.parts()) {
                    os.write(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the output " + out, e);
            }
        }
        return o;
    }

    @Override
    public Optional<ExecutionParameters> executionParameters() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "in-process model handler";
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
