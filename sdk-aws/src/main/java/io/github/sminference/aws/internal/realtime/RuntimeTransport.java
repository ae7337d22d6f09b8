package io.github.sminference.aws.internal.realtime;

import io.github.sminference.InferenceRequest;
import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.spi.EndpointResponse;
import io.github.sminference.spi.EndpointTransport;
import io.github.sminference.spi.Invocation;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;
import software.amazon.awssdk.services.sagemakerruntime.model.ResponseStream;

/**
 * One attempt of InvokeEndpoint (blocking: the sync client, on the caller's thread; non-blocking: the async client)
 * or InvokeEndpointWithResponseStream (async client). The AWS clients' own retries are off; each InvokeEndpoint
 * attempt is bounded by the SDK's attempt timeout, set per request unless the client already applies the same one
 * (and the whole-call timeout too, for a caller's client that retries on its own). A response stream is bounded by
 * the call's budget, not by the SDK: it lifts a client-wide SDK attempt timeout. Every error goes through
 * {@link AwsExceptionMapper}. Thread-safe.
 */
public final class RuntimeTransport implements EndpointTransport {
    private final Supplier<SageMakerRuntimeClient> sync;
    private final Supplier<SageMakerRuntimeAsyncClient> async;
    private final SdkTimeouts syncTimeouts;
    private final SdkTimeouts asyncTimeouts;

    /**
     * What an AWS client does about timeouts by itself, so that each call sets only what it needs: a per-request
     * override costs the SDK a configuration merge per call, and each SDK timeout a timer task.
     *
     * @param retries whether the client may make more than one attempt per call (a caller's client with the SDK's
     *     retries on): then the SDK's whole-call timeout is set too, so its attempts together stay within the budget
     * @param attemptTimeout the attempt timeout the client applies by itself, or {@code null} if none; a call whose
     *     attempt timeout equals it sets no per-request override
     */
    public record SdkTimeouts(boolean retries, Duration attemptTimeout) {
        /**
         * A caller's client: nothing is assumed about its own timeouts.
         *
         * @param retries whether it may make more than one attempt per call
         * @return the description
         */
        public static SdkTimeouts callers(boolean retries) {
            return new SdkTimeouts(retries, null);
        }
    }

    /**
     * Creates the transport. The suppliers are called on first use (so a service that only calls {@code predict}
     * never starts the async client's event loop) and must return the same client every time.
     *
     * @param sync the blocking client
     * @param async the non-blocking client
     * @param syncTimeouts what the blocking client does about timeouts by itself
     * @param asyncTimeouts what the non-blocking client does about timeouts by itself
     */
    public RuntimeTransport(Supplier<SageMakerRuntimeClient> sync, Supplier<SageMakerRuntimeAsyncClient> async,
            SdkTimeouts syncTimeouts, SdkTimeouts asyncTimeouts) {
        this.sync = sync;
        this.async = async;
        this.syncTimeouts = syncTimeouts;
        this.asyncTimeouts = asyncTimeouts;
    }

    /**
     * The SDK request of one attempt.
     *
     * @param inv the attempt
     * @param client what the client that sends it does about timeouts by itself
     * @return the request
     */
    static InvokeEndpointRequest toInvokeEndpoint(Invocation inv, SdkTimeouts client) {
        InferenceRequest r = inv.request();
        Duration timeout = inv.attemptTimeout();
        boolean attempt = !timeout.equals(client.attemptTimeout());
        boolean wholeCall = client.retries();
        InvokeEndpointRequest.Builder b = InvokeEndpointRequest.builder()
                .endpointName(inv.endpointName())
                .body(SdkBytes.fromByteArrayUnsafe(inv.body()))
                .contentType(r.contentType().orElse(null))
                .accept(r.accept().orElse(null))
                .customAttributes(r.customAttributes().orElse(null))
                .inferenceId(inv.inferenceId())
                .targetModel(r.targetModel().orElse(null))
                .targetVariant(r.targetVariant().orElse(null))
                .targetContainerHostname(r.targetContainerHostname().orElse(null))
                .inferenceComponentName(r.inferenceComponentName().orElse(null))
                .sessionId(r.sessionId().orElse(null))
                .enableExplanations(r.enableExplanations().orElse(null));
        if (attempt || wholeCall) {
            b.overrideConfiguration(o -> {
                if (attempt) {
                    o.apiCallAttemptTimeout(timeout);
                }
                if (wholeCall) {
                    o.apiCallTimeout(timeout);
                }
            });
        }
        return b.build();
    }

    static EndpointResponse fromInvokeEndpoint(InvokeEndpointResponse r) {
        return EndpointResponse.builder()
                .body(r.body() == null ? new byte[0] : r.body().asByteArrayUnsafe())
                .contentType(r.contentType())
                .invokedVariant(r.invokedProductionVariant())
                .customAttributes(r.customAttributes())
                .newSessionId(r.newSessionId())
                .closedSessionId(r.closedSessionId())
                .build();
    }

    @Override
    public EndpointResponse invoke(Invocation inv) {
        try {
            return fromInvokeEndpoint(sync.get().invokeEndpoint(toInvokeEndpoint(inv, syncTimeouts)));
        } catch (RuntimeException e) {
            throw AwsExceptionMapper.map(e, inv.attemptTimeout());
        }
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeAsync(Invocation inv) {
        CompletableFuture<InvokeEndpointResponse> call;
        try {
            call = async.get().invokeEndpoint(toInvokeEndpoint(inv, asyncTimeouts));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AwsExceptionMapper.map(e, inv.attemptTimeout()));
        }
        CompletableFuture<EndpointResponse> out = new CompletableFuture<>();
        call.whenComplete((r, e) -> {
            if (e != null) {
                out.completeExceptionally(AwsExceptionMapper.map(e, inv.attemptTimeout()));
            } else {
                out.complete(fromInvokeEndpoint(r));
            }
        });
        // cancelling the returned future aborts the HTTP call
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                call.cancel(true);
            }
        });
        return out;
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeStream(Invocation inv, Flow.Subscriber<ByteBuffer> parts) {
        InferenceRequest r = inv.request();
        InvokeEndpointWithResponseStreamRequest req = InvokeEndpointWithResponseStreamRequest.builder()
                .endpointName(inv.endpointName())
                .body(SdkBytes.fromByteArrayUnsafe(inv.body()))
                .contentType(r.contentType().orElse(null))
                .accept(r.accept().orElse(null))
                .customAttributes(r.customAttributes().orElse(null))
                .inferenceId(inv.inferenceId())
                .targetVariant(r.targetVariant().orElse(null))
                .targetContainerHostname(r.targetContainerHostname().orElse(null))
                .inferenceComponentName(r.inferenceComponentName().orElse(null))
                .sessionId(r.sessionId().orElse(null))
                .applyMutation(b -> {
                    if (asyncTimeouts.attemptTimeout() != null) {
                        // The SDK's attempt timeout would span the whole stream: lift the client's. The call's
                        // own budget bounds the stream (the first part within the attempt timeout, the rest within
                        // the total), as it does on any client.
                        b.overrideConfiguration(o -> o.apiCallAttemptTimeout(TimeoutPolicy.MAX_BUDGET));
                    }
                })
                .build();
        CompletableFuture<EndpointResponse> headers = new CompletableFuture<>();
        StreamHandler handler = new StreamHandler(headers, parts, inv.attemptTimeout());
        CompletableFuture<Void> call;
        try {
            call = async.get().invokeEndpointWithResponseStream(req, handler);
        } catch (RuntimeException e) {
            headers.completeExceptionally(AwsExceptionMapper.map(e, inv.attemptTimeout()));
            return headers;
        }
        call.whenComplete((v, e) -> {
            if (e != null) {
                handler.exceptionOccurred(e);
            }
        });
        headers.whenComplete((h, e) -> {
            if (headers.isCancelled()) {
                call.cancel(true);
            }
        });
        return headers;
    }

    @Override
    public void close() {
        // The AWS clients are owned (and closed) by the client that created this transport.
    }

    /** Turns the SDK's event stream into headers plus a {@link Flow} of body parts. */
    private static final class StreamHandler implements InvokeEndpointWithResponseStreamResponseHandler {
        private final CompletableFuture<EndpointResponse> headers;
        private final Flow.Subscriber<ByteBuffer> parts;
        private final Duration attemptTimeout;
        private final AtomicBoolean terminated = new AtomicBoolean();

        StreamHandler(CompletableFuture<EndpointResponse> headers, Flow.Subscriber<ByteBuffer> parts,
                Duration attemptTimeout) {
            this.headers = headers;
            this.parts = parts;
            this.attemptTimeout = attemptTimeout;
        }

        @Override
        public void responseReceived(InvokeEndpointWithResponseStreamResponse r) {
            headers.complete(EndpointResponse.builder()
                    .contentType(r.contentType())
                    .invokedVariant(r.invokedProductionVariant())
                    .customAttributes(r.customAttributes())
                    .build());
        }

        @Override
        public void onEventStream(SdkPublisher<ResponseStream> publisher) {
            publisher.subscribe(new Subscriber<ResponseStream>() {
                private volatile Subscription upstream;

                @Override
                public void onSubscribe(Subscription s) {
                    upstream = s;
                    parts.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            s.request(n);
                        }

                        @Override
                        public void cancel() {
                            s.cancel();
                        }
                    });
                }

                @Override
                public void onNext(ResponseStream event) {
                    if (event instanceof PayloadPart) {
                        SdkBytes bytes = ((PayloadPart) event).bytes();
                        parts.onNext(bytes == null ? ByteBuffer.allocate(0) : bytes.asByteBuffer());
                    } else {
                        // an event type this SDK version does not know: skip it, keep the demand
                        upstream.request(1);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    exceptionOccurred(t);
                }

                @Override
                public void onComplete() {
                    if (terminated.compareAndSet(false, true)) {
                        parts.onComplete();
                    }
                }
            });
        }

        @Override
        public void exceptionOccurred(Throwable t) {
            if (!headers.isDone()) {
                headers.completeExceptionally(AwsExceptionMapper.map(t, attemptTimeout));
                return;
            }
            if (terminated.compareAndSet(false, true)) {
                parts.onError(AwsExceptionMapper.map(t, attemptTimeout));
            }
        }

        @Override
        public void complete() {
            if (!headers.isDone()) {
                headers.complete(EndpointResponse.builder().build());
            }
        }
    }
}
