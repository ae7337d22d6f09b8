package io.github.sminference.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One attempt against a synchronous endpoint, as an adapter implements it (AWS InvokeEndpoint, a local model
 * container, an in-memory fake). The client's pipeline does everything else: validation, limits, retries, circuit
 * breaking, concurrency, budgets and listeners. A transport must therefore not retry, and must map every error to
 * an {@link io.github.sminference.exception.InferenceException} subclass (its one exception mapper).
 *
 * <p>Implementations must be thread-safe.
 */
public interface EndpointTransport extends AutoCloseable {

    /**
     * Makes one attempt on the calling thread and waits for the whole response, at most
     * {@link Invocation#attemptTimeout()}.
     *
     * @param invocation the attempt
     * @return the response
     * @throws io.github.sminference.exception.InferenceException the mapped error; an attempt timeout is an
     *     {@link io.github.sminference.exception.InferenceTimeoutException} with budget {@code ATTEMPT}
     */
    EndpointResponse invoke(Invocation invocation);

    /**
     * Makes one attempt without blocking. The future may complete on an I/O thread (the pipeline moves callers'
     * completions elsewhere). Cancelling the future should abort the attempt.
     *
     * @param invocation the attempt
     * @return the response, or a future failed with the mapped {@code InferenceException}
     */
    CompletableFuture<EndpointResponse> invokeAsync(Invocation invocation);

    /**
     * Makes one streaming attempt. The returned future completes with the response's headers (an
     * {@link EndpointResponse} with an empty body) as soon as the response starts, or fails with the mapped error
     * if the attempt fails before that. Body parts then go to {@code parts} in order, honouring its demand; an error
     * after the start goes to {@link Flow.Subscriber#onError} as an {@code InferenceException}.
     *
     * @param invocation the attempt
     * @param parts receives the body parts
     * @return the headers, or a future failed with the mapped error
     * @throws io.github.sminference.exception.NotSupportedException if this transport cannot stream
     */
    CompletableFuture<EndpointResponse> invokeStream(Invocation invocation, Flow.Subscriber<ByteBuffer> parts);

    /** Releases what the transport created (never what it was given). Idempotent. */
    @Override
    void close();
}
