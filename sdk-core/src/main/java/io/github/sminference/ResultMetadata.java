package io.github.sminference;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service said about a result, and what it took: the inference id, the variant that answered, session
 * ids, the number of attempts and the latency. Immutable and thread-safe. {@code toString()} omits the custom
 * attributes.
 */
public final class ResultMetadata {
    private final InvocationMode mode;
    private final String endpointName;
    private final String inferenceId;
    private final String invokedVariant;
    private final String customAttributes;
    private final String newSessionId;
    private final String closedSessionId;
    private final String outputLocation;
    private final int attempts;
    private final Duration latency;

    private ResultMetadata(Builder b) {
        this.mode = Objects.requireNonNull(b.mode, "mode");
        this.endpointName = b.endpointName;
        this.inferenceId = b.inferenceId;
        this.invokedVariant = b.invokedVariant;
        this.customAttributes = b.customAttributes;
        this.newSessionId = b.newSessionId;
        this.closedSessionId = b.closedSessionId;
        this.outputLocation = b.outputLocation;
        this.attempts = b.attempts;
        this.latency = b.latency == null ? Duration.ZERO : b.latency;
    }

    /**
     * A new builder (for adapters and test fakes).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.endpointName = endpointName;
        b.inferenceId = inferenceId;
        b.invokedVariant = invokedVariant;
        b.customAttributes = customAttributes;
        b.newSessionId = newSessionId;
        b.closedSessionId = closedSessionId;
        b.outputLocation = outputLocation;
        b.attempts = attempts;
        b.latency = latency;
        return b;
    }

    /**
     * The mode that produced the result.
     *
     * @return the mode
     */
    public InvocationMode mode() {
        return mode;
    }

    /**
     * The endpoint (or transform job) that produced the result.
     *
     * @return the name, or empty
     */
    public Optional<String> endpointName() {
        return Optional.ofNullable(endpointName);
    }

    /**
     * The inference id sent with the request (the caller's or the client-generated one).
     *
     * @return the id, or empty
     */
    public Optional<String> inferenceId() {
        return Optional.ofNullable(inferenceId);
    }

    /**
     * The production variant that answered ({@code x-Amzn-Invoked-Production-Variant}).
     *
     * @return the variant, or empty
     */
    public Optional<String> invokedVariant() {
        return Optional.ofNullable(invokedVariant);
    }

    /**
     * Custom attributes the model returned ({@code X-Amzn-SageMaker-Custom-Attributes}); treated as sensitive.
     *
     * @return the value, or empty
     */
    public Optional<String> customAttributes() {
        return Optional.ofNullable(customAttributes);
    }

    /**
     * The id of a session the request opened ({@code X-Amzn-SageMaker-New-Session-Id}).
     *
     * @return the session id and its expiry as the service formats them, or empty
     */
    public Optional<String> newSessionId() {
        return Optional.ofNullable(newSessionId);
    }

    /**
     * The id of a session the request closed.
     *
     * @return the session id, or empty
     */
    public Optional<String> closedSessionId() {
        return Optional.ofNullable(closedSessionId);
    }

    /**
     * Where the result was read from, for modes that store results ({@code s3://...} or a local file URI).
     *
     * @return the location, or empty for real-time and serverless
     */
    public Optional<String> outputLocation() {
        return Optional.ofNullable(outputLocation);
    }

    /**
     * How many attempts the call took, 1 when the first one succeeded.
     *
     * @return attempts, at least 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * The call's wall time: from the first attempt to the result, retries and waiting included.
     *
     * @return the latency
     */
    public Duration latency() {
        return latency;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ResultMetadata)) {
            return false;
        }
        ResultMetadata m = (ResultMetadata) o;
        return attempts == m.attempts && mode == m.mode && Objects.equals(endpointName, m.endpointName)
                && Objects.equals(inferenceId, m.inferenceId) && Objects.equals(invokedVariant, m.invokedVariant)
                && Objects.equals(customAttributes, m.customAttributes)
                && Objects.equals(newSessionId, m.newSessionId) && Objects.equals(closedSessionId, m.closedSessionId)
                && Objects.equals(outputLocation, m.outputLocation) && latency.equals(m.latency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, endpointName, inferenceId, invokedVariant, customAttributes, newSessionId,
                closedSessionId, outputLocation, attempts, latency);
    }

    @Override
    public String toString() {
        return "ResultMetadata[" + mode + (endpointName == null ? "" : ", endpoint=" + endpointName)
                + (inferenceId == null ? "" : ", inferenceId=" + inferenceId)
                + (invokedVariant == null ? "" : ", invokedVariant=" + invokedVariant)
                + (newSessionId == null ? "" : ", newSessionId=" + newSessionId)
                + (closedSessionId == null ? "" : ", closedSessionId=" + closedSessionId)
                + (outputLocation == null ? "" : ", outputLocation=" + outputLocation)
                + ", attempts=" + attempts + ", latency=" + latency + "]";
    }

    /** Builds {@link ResultMetadata}. Not thread-safe. */
    public static final class Builder {
        private InvocationMode mode;
        private String endpointName;
        private String inferenceId;
        private String invokedVariant;
        private String customAttributes;
        private String newSessionId;
        private String closedSessionId;
        private String outputLocation;
        private int attempts = 1;
        private Duration latency;

        private Builder() {
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
         * Sets the variant that answered.
         *
         * @param invokedVariant the variant
         * @return this builder
         */
        public Builder invokedVariant(String invokedVariant) {
            this.invokedVariant = invokedVariant;
            return this;
        }

        /**
         * Sets the custom attributes the model returned.
         *
         * @param customAttributes the value
         * @return this builder
         */
        public Builder customAttributes(String customAttributes) {
            this.customAttributes = customAttributes;
            return this;
        }

        /**
         * Sets the new session id.
         *
         * @param newSessionId the value
         * @return this builder
         */
        public Builder newSessionId(String newSessionId) {
            this.newSessionId = newSessionId;
            return this;
        }

        /**
         * Sets the closed session id.
         *
         * @param closedSessionId the value
         * @return this builder
         */
        public Builder closedSessionId(String closedSessionId) {
            this.closedSessionId = closedSessionId;
            return this;
        }

        /**
         * Sets where the result was read from.
         *
         * @param outputLocation the location
         * @return this builder
         */
        public Builder outputLocation(String outputLocation) {
            this.outputLocation = outputLocation;
            return this;
        }

        /**
         * Sets the number of attempts.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /**
         * Sets the latency.
         *
         * @param latency the wall time
         * @return this builder
         */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /**
         * Builds the metadata.
         *
         * @return the metadata
         * @throws NullPointerException if the mode is not set
         */
        public ResultMetadata build() {
            return new ResultMetadata(this);
        }
    }
}
