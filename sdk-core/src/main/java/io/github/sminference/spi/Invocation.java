package io.github.sminference.spi;

import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import java.time.Duration;
import java.util.Objects;

/**
 * One attempt of a validated request, as handed to an {@link EndpointTransport}: the request, its resolved inference
 * id and body, the attempt number and the attempt's timeout. Built by the client's pipeline; for adapters.
 *
 * <p>Immutable. The body array is shared, never copied: transports must not modify it.
 */
public final class Invocation {
    private final String endpointName;
    private final InvocationMode mode;
    private final InferenceRequest request;
    private final String inferenceId;
    private final byte[] body;
    private final int attempt;
    private final Duration attemptTimeout;

    private Invocation(String endpointName, InvocationMode mode, InferenceRequest request, String inferenceId,
            byte[] body, int attempt, Duration attemptTimeout) {
        this.endpointName = endpointName;
        this.mode = mode;
        this.request = request;
        this.inferenceId = inferenceId;
        this.body = body;
        this.attempt = attempt;
        this.attemptTimeout = attemptTimeout;
    }

    /**
     * Creates an invocation.
     *
     * @param endpointName the endpoint
     * @param mode the mode
     * @param request the validated request
     * @param inferenceId the inference id to send (the request's or a generated one)
     * @param body the body to send, shared (not copied)
     * @param attempt the attempt number, from 1
     * @param attemptTimeout the time this attempt may take
     * @return the invocation
     */
    public static Invocation of(String endpointName, InvocationMode mode, InferenceRequest request,
            String inferenceId, byte[] body, int attempt, Duration attemptTimeout) {
        return new Invocation(Objects.requireNonNull(endpointName, "endpointName"), Objects.requireNonNull(mode),
                Objects.requireNonNull(request), inferenceId, Objects.requireNonNull(body), attempt,
                Objects.requireNonNull(attemptTimeout));
    }

    /**
     * This invocation as another attempt.
     *
     * @param attempt the attempt number
     * @param attemptTimeout its timeout
     * @return a new invocation sharing the body
     */
    public Invocation withAttempt(int attempt, Duration attemptTimeout) {
        return new Invocation(endpointName, mode, request, inferenceId, body, attempt, attemptTimeout);
    }

    /**
     * The endpoint to invoke.
     *
     * @return the name
     */
    public String endpointName() {
        return endpointName;
    }

    /**
     * The mode.
     *
     * @return the mode
     */
    public InvocationMode mode() {
        return mode;
    }

    /**
     * The validated request (for its headers; read the body from {@link #body()}).
     *
     * @return the request
     */
    public InferenceRequest request() {
        return request;
    }

    /**
     * The inference id to send; the same on every attempt.
     *
     * @return the id, or {@code null} if the client was configured not to generate one and the request has none
     */
    public String inferenceId() {
        return inferenceId;
    }

    /**
     * The body, shared: do not modify.
     *
     * @return the bytes
     */
    public byte[] body() {
        return body;
    }

    /**
     * The attempt number, 1 for the first.
     *
     * @return the attempt
     */
    public int attempt() {
        return attempt;
    }

    /**
     * How long this attempt may take: the attempt timeout, shortened to what is left of the total budget.
     *
     * @return the timeout
     */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    @Override
    public String toString() {
        return "Invocation[" + mode + " " + endpointName + " id=" + inferenceId + " attempt=" + attempt + " "
                + body.length + " bytes, timeout " + attemptTimeout + "]";
    }
}
