package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.spi.EndpointResponse;
import io.github.sminference.spi.EndpointTransport;
import io.github.sminference.spi.Invocation;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * Real-time and serverless endpoints on this machine: one attempt against the local model, with SageMaker's error
 * mapping (a failing model is a 424 ModelError) and its response limit.
 */
final class LocalEndpointTransport implements EndpointTransport {
    private final LocalModel model;
    private final long maxResponseBytes;
    private final InvocationMode mode;

    LocalEndpointTransport(LocalModel model, long maxResponseBytes, InvocationMode mode) {
        this.model = model;
        this.maxResponseBytes = maxResponseBytes;
        this.mode = mode;
    }

    private static ModelInput input(Invocation inv) {
        return ModelInput.owning(inv.body(), LocalHeaders.of(inv.request(), inv.inferenceId()));
    }

    private EndpointResponse response(ModelOutput o, Invocation inv) {
        if (o.isError()) {
            throw LocalErrors.modelError(o);
        }
        byte[] body = o.body();
        if (body.length > maxResponseBytes) {
            throw new ModelErrorException("ModelError: the model's response of " + body.length
                    + " bytes is over the " + mode + " limit of " + maxResponseBytes + " bytes (local mode)", 424,
                    null, null, "response too large", null, null);
        }
        return EndpointResponse.builder().body(body).contentType(o.contentType().orElse(null))
                .customAttributes(o.customAttributes().orElse(null)).invokedVariant(variant(inv)).build();
    }

    @Override
    public EndpointResponse invoke(Invocation inv) {
        return response(model.invoke(input(inv), inv.attemptTimeout()), inv);
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeAsync(Invocation inv) {
        CompletableFuture<ModelOutput> call = model.invokeAsync(input(inv), inv.attemptTimeout());
        CompletableFuture<EndpointResponse> out = call.thenApply(o -> {
            try {
                return response(o, inv);
            } catch (RuntimeException e) {
                throw new CompletionException(e);
            }
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                call.cancel(true);
            }
        });
        return out;
    }

    /** Local mode runs one model, reported as SageMaker's default variant, or the one the request targeted. */
    private static String variant(Invocation inv) {
        return inv.request().targetVariant().orElse("AllTraffic");
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeStream(Invocation inv, Flow.Subscriber<ByteBuffer> parts) {
        return model.stream(input(inv), inv.attemptTimeout(), parts).thenApply(h -> EndpointResponse.builder()
                .contentType(h.contentType().orElse(null)).customAttributes(h.customAttributes().orElse(null))
                .invokedVariant(variant(inv)).build());
    }

    @Override
    public void close() {
        // the model is closed by the client
    }
}
