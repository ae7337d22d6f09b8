package io.github.sminference.local;

import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.testing.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A model whose answers a test scripts; records every request it receives. Thread-safe. */
final class ScriptedModel implements ModelHandler {
    enum Behaviour { ANSWER, FAIL, STALL, THROTTLE_THEN_ANSWER, STREAM }

    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile byte[] body = "ok".getBytes();
    private volatile String contentType = "text/plain";
    private volatile int status;
    private volatile String message;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger throttles = new AtomicInteger();
    private volatile List<byte[]> parts = List.of();
    private volatile java.util.function.Function<ModelInput, ModelOutput> function;

    void answer(byte[] body, String contentType) {
        this.body = body;
        this.contentType = contentType;
        this.behaviour = Behaviour.ANSWER;
        this.function = null;
    }

    void answerWith(java.util.function.Function<ModelInput, ModelOutput> f) {
        this.function = f;
        this.behaviour = Behaviour.ANSWER;
    }

    void fail(int status, String message) {
        this.status = status;
        this.message = message;
        this.behaviour = Behaviour.FAIL;
    }

    void stall(Duration delay, byte[] body) {
        this.delay = delay;
        this.body = body;
        this.contentType = "text/plain";
        this.behaviour = Behaviour.STALL;
    }

    void throttleThenAnswer(int times, byte[] body) {
        this.throttles.set(times);
        this.body = body;
        this.contentType = "text/plain";
        this.behaviour = Behaviour.THROTTLE_THEN_ANSWER;
    }

    void stream(List<byte[]> parts, String contentType) {
        this.parts = List.copyOf(parts);
        this.contentType = contentType;
        this.behaviour = Behaviour.STREAM;
    }

    List<RecordedRequest> received() {
        return List.copyOf(received);
    }

    Optional<RecordedRequest> last() {
        List<RecordedRequest> r = received;
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public ModelOutput handle(ModelInput in) throws Exception {
        received.add(new RecordedRequest("/invocations", in.headers(), in.body()));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            switch (behaviour) {
                case FAIL:
                    return ModelOutput.error(status, message);
                case STALL:
                    Thread.sleep(delay.toMillis());
                    return ModelOutput.of(body, contentType);
                case THROTTLE_THEN_ANSWER:
                    if (throttles.getAndDecrement() > 0) {
                        throw new ThrottlingException("Rate exceeded (simulated)", 429, "ThrottlingException", null,
                                null);
                    }
                    return ModelOutput.of(body, contentType);
                case STREAM:
                    return ModelOutput.ofParts(parts, contentType);
                default:
                    java.util.function.Function<ModelInput, ModelOutput> f = function;
                    return f != null ? f.apply(in) : ModelOutput.of(body, contentType);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
