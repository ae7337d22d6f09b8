package io.github.sminference.event;

import io.github.sminference.InvocationMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a listener is told about one call: which endpoint and mode, which inference id and attempt, sizes, time,
 * and the error if any. Never the payload, header values or custom attributes. Immutable and thread-safe.
 */
public final class InferenceEvent {
    private final String operation;
    private final InvocationMode mode;
    private final String endpointName;
    private final String inferenceId;
    private final int attempt;
    private final long requestBytes;
    private final long responseBytes;
    private final Duration elapsed;
    private final Duration retryDelay;
    private final Throwable error;

    private InferenceEvent(Builder b) {
        this.operation = Objects.requireNonNull(b.operation, "operation");
        this.mode = Objects.requireNonNull(b.mode, "mode");
        this.endpointName = b.endpointName;
        this.inferenceId = b.inferenceId;
        this.attempt = b.attempt;
        this.requestBytes = b.requestBytes;
        this.responseBytes = b.responseBytes;
        this.elapsed = b.elapsed == null ? Duration.ZERO : b.elapsed;
        this.retryDelay = b.retryDelay;
        this.error = b.error;
    }

    /**
     * A new builder (for adapters).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client operation: {@code "predict"}, {@code "predictAsync"}, {@code "predictStream"}, {@code "submit"}...
     *
     * @return the operation
     */
    public String operation() {
        return operation;
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
     * The endpoint or job name.
     *
     * @return the name, or empty
     */
    public Optional<String> endpointName() {
        return Optional.ofNullable(endpointName);
    }

    /**
     * The inference id.
     *
     * @return the id, or empty
     */
    public Optional<String> inferenceId() {
        return Optional.ofNullable(inferenceId);
    }

    /**
     * The attempt this event is about (1 for the first), or the attempts made when the call ended.
     *
     * @return the attempt number
     */
    public int attempt() {
        return attempt;
    }

    /**
     * The request body's size.
     *
     * @return bytes, or -1 if unknown
     */
    public long requestBytes() {
        return requestBytes;
    }

    /**
     * The response body's size (success events).
     *
     * @return bytes, or -1 if unknown
     */
    public long responseBytes() {
        return responseBytes;
    }

    /**
     * Time since the call started.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * For retry events: the backoff before the next attempt.
     *
     * @return the delay, or empty
     */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }

    /**
     * For retry and failure events: the error.
     *
     * @return the error, or empty
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "InferenceEvent[" + operation + " " + mode + (endpointName == null ? "" : " " + endpointName)
                + (inferenceId == null ? "" : " id=" + inferenceId) + " attempt=" + attempt
                + (requestBytes >= 0 ? " in=" + requestBytes : "") + (responseBytes >= 0 ? " out=" + responseBytes : "")
                + " elapsed=" + elapsed + (retryDelay == null ? "" : " retryIn=" + retryDelay)
                + (error == null ? "" : " error=" + error.getClass().getSimpleName()) + "]";
    }

    /** Builds an {@link InferenceEvent}. Not thread-safe. */
    public static final class Builder {
        private String operation;
        private InvocationMode mode;
        private String endpointName;
        private String inferenceId;
        private int attempt = 1;
        private long requestBytes = -1;
        private long responseBytes = -1;
        private Duration elapsed;
        private Duration retryDelay;
        private Throwable error;

        private Builder() {
        }

        /**
         * Sets the operation (required).
         *
         * @param operation e.g. {@code "predict"}
         * @return this builder
         */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * Sets the mode (required).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(InvocationMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets the endpoint or job name.
         *
         * @param endpointName the name
         * @return this builder
         */
        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        /**
         * Sets the inference id.
         *
         * @param inferenceId the id
         * @return this builder
         */
        public Builder inferenceId(String inferenceId) {
            this.inferenceId = inferenceId;
            return this;
        }

        /**
         * Sets the attempt number.
         *
         * @param attempt 1 or more
         * @return this builder
         */
        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /**
         * Sets the request size.
         *
         * @param requestBytes bytes, or -1
         * @return this builder
         */
        public Builder requestBytes(long requestBytes) {
            this.requestBytes = requestBytes;
            return this;
        }

        /**
         * Sets the response size.
         *
         * @param responseBytes bytes, or -1
         * @return this builder
         */
        public Builder responseBytes(long responseBytes) {
            this.responseBytes = responseBytes;
            return this;
        }

        /**
         * Sets the elapsed time.
         *
         * @param elapsed the time since the call started
         * @return this builder
         */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        /**
         * Sets the backoff before the next attempt.
         *
         * @param retryDelay the delay
         * @return this builder
         */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        /**
         * Sets the error.
         *
         * @param error the error
         * @return this builder
         */
        public Builder error(Throwable error) {
            this.error = error;
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         * @throws NullPointerException if the operation or mode is missing
         */
        public InferenceEvent build() {
            return new InferenceEvent(this);
        }
    }
}
