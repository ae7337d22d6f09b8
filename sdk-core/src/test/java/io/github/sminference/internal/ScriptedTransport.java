package io.github.sminference.internal;

import io.github.sminference.InferenceClient;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.spi.EndpointResponse;
import io.github.sminference.spi.EndpointTransport;
import io.github.sminference.spi.InferenceClients;
import io.github.sminference.spi.Invocation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A transport whose attempts follow a script: each attempt takes the next outcome (a response, an exception to
 * throw, or a function of the invocation); once the script is used up every attempt answers "ok". Records every
 * invocation. For error kinds the shared {@code FakeEndpointTransport} cannot produce (cold starts, 5xx, 530,
 * dropped connections).
 */
final class ScriptedTransport implements EndpointTransport {
    private final ConcurrentLinkedDeque<Object> script = new ConcurrentLinkedDeque<>();
    final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    static EndpointResponse ok(String body) {
        return EndpointResponse.builder().body(body.getBytes(StandardCharsets.UTF_8)).contentType("text/plain")
                .build();
    }

    /**
     * Appends outcomes: an {@link EndpointResponse}, a {@link RuntimeException}, a {@code Function<Invocation, ?>}, or
     * a {@link CompletableFuture} that the test completes later.
     */
    ScriptedTransport then(Object... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    ScriptedTransport thenRepeat(int times, Object outcome) {
        for (int i = 0; i < times; i++) {
            script.add(outcome);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<EndpointResponse> nextFuture(Invocation inv) {
        Object o = script.peek();
        if (o instanceof CompletableFuture) {
            script.poll();
            invocations.add(inv);
            return (CompletableFuture<EndpointResponse>) o;
        }
        try {
            return CompletableFuture.completedFuture(next(inv));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @SuppressWarnings("unchecked")
    private EndpointResponse next(Invocation inv) {
        invocations.add(inv);
        Object o = script.poll();
        if (o == null) {
            o = ok("ok");
        }
        if (o instanceof Function) {
            o = ((Function<Invocation, Object>) o).apply(inv);
        }
        if (o instanceof RuntimeException) {
            throw (RuntimeException) o;
        }
        return (EndpointResponse) o;
    }

    @Override
    public EndpointResponse invoke(Invocation invocation) {
        if (script.peek() instanceof CompletableFuture) {
            return Futures.await(nextFuture(invocation), java.time.Duration.ofSeconds(30), "scripted attempt");
        }
        return next(invocation);
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeAsync(Invocation invocation) {
        return nextFuture(invocation);
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeStream(Invocation invocation, Flow.Subscriber<ByteBuffer> parts) {
        EndpointResponse r;
        try {
            r = next(invocation);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        parts.onSubscribe(new Flow.Subscription() {
            private boolean done;

            @Override
            public synchronized void request(long n) {
                if (!done) {
                    done = true;
                    parts.onNext(ByteBuffer.wrap(r.body()));
                    parts.onComplete();
                }
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Builds a real client over a scripted transport. */
    static final class Builder extends BaseClientBuilder<Builder> {
        private final ScriptedTransport transport;

        Builder(ScriptedTransport transport) {
            this.transport = transport;
        }

        InferenceClient build() {
            return InferenceClients.synchronousEndpoint(settings(), transport, List.of());
        }
    }
}
