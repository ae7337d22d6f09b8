package io.github.sminference.fake;

import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.spi.EndpointResponse;
import io.github.sminference.spi.EndpointTransport;
import io.github.sminference.spi.Invocation;
import io.github.sminference.testing.RecordedRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory endpoint: a scripted model that answers, fails, stalls, throttles or streams, and records what it
 * received. Honours attempt timeouts the way an HTTP client does. Thread-safe.
 */
public final class FakeEndpointTransport implements EndpointTransport {

    /** What the model does. */
    public enum Behaviour { ANSWER, FAIL, STALL, THROTTLE_THEN_ANSWER, STREAM }

    private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-io");
        t.setDaemon(true);
        return t;
    });
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile byte[] body = new byte[0];
    private volatile String contentType = "application/octet-stream";
    private volatile String variant;
    private volatile int originalStatus;
    private volatile String message;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicLong throttlesLeft = new AtomicLong();
    private volatile List<byte[]> parts = List.of();

    /**
     * Answers with a body.
     *
     * @param body the body
     * @param contentType the content type
     * @param variant the variant, or {@code null}
     */
    public void answer(byte[] body, String contentType, String variant) {
        this.body = body;
        this.contentType = contentType;
        this.variant = variant;
        this.delay = Duration.ZERO;
        this.behaviour = Behaviour.ANSWER;
    }

    /**
     * Fails with a model error.
     *
     * @param status the original status
     * @param message the original message
     */
    public void fail(int status, String message) {
        this.originalStatus = status;
        this.message = message;
        this.behaviour = Behaviour.FAIL;
    }

    /**
     * Answers after a delay.
     *
     * @param delay the delay
     * @param body the body
     */
    public void stall(Duration delay, byte[] body) {
        this.body = body;
        this.contentType = "text/plain";
        this.delay = delay;
        this.behaviour = Behaviour.STALL;
    }

    /**
     * Throttles some requests, then answers.
     *
     * @param times how many
     * @param body the body after that
     */
    public void throttleThenAnswer(int times, byte[] body) {
        this.body = body;
        this.contentType = "text/plain";
        this.delay = Duration.ZERO;
        this.throttlesLeft.set(times);
        this.behaviour = Behaviour.THROTTLE_THEN_ANSWER;
    }

    /**
     * Streams parts.
     *
     * @param parts the parts
     * @param contentType the content type
     */
    public void stream(List<byte[]> parts, String contentType) {
        this.parts = new ArrayList<>(parts);
        this.contentType = contentType;
        this.behaviour = Behaviour.STREAM;
    }

    /**
     * Requests received so far.
     *
     * @return the requests
     */
    public List<RecordedRequest> received() {
        return List.copyOf(received);
    }

    /**
     * The most requests that were in flight at once.
     *
     * @return the peak
     */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void record(Invocation inv) {
        Map<String, String> h = new LinkedHashMap<>();
        inv.request().contentType().ifPresent(v -> h.put("Content-Type", v));
        inv.request().accept().ifPresent(v -> h.put("Accept", v));
        inv.request().customAttributes().ifPresent(v -> h.put("X-Amzn-SageMaker-Custom-Attributes", v));
        if (inv.inferenceId() != null) {
            h.put("X-Amzn-SageMaker-Inference-Id", inv.inferenceId());
        }
        received.add(new RecordedRequest("/endpoints/" + inv.endpointName() + "/invocations", h, inv.body()));
    }

    private EndpointResponse response() {
        return EndpointResponse.builder().body(body.clone()).contentType(contentType).invokedVariant(variant).build();
    }

    /** The outcome of an attempt, decided when it arrives: a response, an error, or a delay first. */
    private Object decide() {
        switch (behaviour) {
            case FAIL:
                return new ModelErrorException("Received server error (" + originalStatus + ") from model", 424,
                        "req-1", originalStatus, message, "arn:aws:logs:us-east-1:1:log-group:x", null);
            case THROTTLE_THEN_ANSWER:
                if (throttlesLeft.getAndDecrement() > 0) {
                    return new ThrottlingException("Rate exceeded", 429, "ThrottlingException", "req-t", null);
                }
                return response();
            default:
                return response();
        }
    }

    private InferenceTimeoutException attemptTimeout(Invocation inv) {
        return new InferenceTimeoutException(InferenceTimeoutException.Budget.ATTEMPT, inv.attemptTimeout(),
                "attempt timed out after " + inv.attemptTimeout(), null);
    }

    @Override
    public EndpointResponse invoke(Invocation inv) {
        record(inv);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Duration d = behaviour == Behaviour.STALL ? delay : Duration.ZERO;
            if (d.compareTo(inv.attemptTimeout()) > 0) {
                sleep(inv.attemptTimeout());
                throw attemptTimeout(inv);
            }
            sleep(d);
            Object o = decide();
            if (o instanceof InferenceException) {
                throw (InferenceException) o;
            }
            return (EndpointResponse) o;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeAsync(Invocation inv) {
        record(inv);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        CompletableFuture<EndpointResponse> f = new CompletableFuture<>();
        AtomicInteger counted = new AtomicInteger(1);
        // like a server, finish the bookkeeping before the client sees the answer
        Runnable done = () -> {
            if (counted.getAndSet(0) == 1) {
                inFlight.decrementAndGet();
            }
        };
        f.whenComplete((r, e) -> done.run());
        Duration d = behaviour == Behaviour.STALL ? delay : Duration.ZERO;
        if (d.compareTo(inv.attemptTimeout()) > 0) {
            io.schedule(() -> {
                done.run();
                f.completeExceptionally(attemptTimeout(inv));
            }, inv.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return f;
        }
        io.schedule(() -> {
            done.run();
            Object o = decide();
            if (o instanceof InferenceException) {
                f.completeExceptionally((InferenceException) o);
            } else {
                f.complete((EndpointResponse) o);
            }
        }, d.toNanos(), TimeUnit.NANOSECONDS);
        return f;
    }

    @Override
    public CompletableFuture<EndpointResponse> invokeStream(Invocation inv, Flow.Subscriber<ByteBuffer> sink) {
        record(inv);
        CompletableFuture<EndpointResponse> headers = new CompletableFuture<>();
        Object o = decide();
        if (o instanceof InferenceException) {
            headers.completeExceptionally((InferenceException) o);
            return headers;
        }
        List<byte[]> toSend = behaviour == Behaviour.STREAM ? parts : List.of(body);
        headers.complete(EndpointResponse.builder().contentType(contentType).invokedVariant(variant).build());
        sink.onSubscribe(new Flow.Subscription() {
            private int next;
            private boolean cancelled;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !cancelled; i++) {
                    if (next < toSend.size()) {
                        sink.onNext(ByteBuffer.wrap(toSend.get(next++)));
                    }
                    if (next == toSend.size()) {
                        next++;
                        sink.onComplete();
                        return;
                    }
                }
            }

            @Override
            public synchronized void cancel() {
                cancelled = true;
            }
        });
        return headers;
    }

    /**
     * The last request.
     *
     * @return the request, or empty
     */
    public Optional<RecordedRequest> last() {
        List<RecordedRequest> r = received;
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
