package io.github.sminference.spi;

import java.util.Optional;

/**
 * What one successful attempt returned, as an {@link EndpointTransport} reports it. For adapters. Immutable; the
 * body is owned by this object from construction on.
 */
public final class EndpointResponse {
    private static final byte[] EMPTY = new byte[0];

    private final byte[] body;
    private final String contentType;
    private final String invokedVariant;
    private final String customAttributes;
    private final String newSessionId;
    private final String closedSessionId;

    private EndpointResponse(Builder b) {
        this.body = b.body == null ? EMPTY : b.body;
        this.contentType = b.contentType;
        this.invokedVariant = b.invokedVariant;
        this.customAttributes = b.customAttributes;
        this.newSessionId = b.newSessionId;
        this.closedSessionId = b.closedSessionId;
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The body (owned by this response; for a stream's headers, empty).
     *
     * @return the bytes
     */
    public byte[] body() {
        return body;
    }

    /**
     * The response content type.
     *
     * @return the content type, or empty
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * The variant that answered.
     *
     * @return the variant, or empty
     */
    public Optional<String> invokedVariant() {
        return Optional.ofNullable(invokedVariant);
    }

    /**
     * Custom attributes the model returned.
     *
     * @return the value, or empty
     */
    public Optional<String> customAttributes() {
        return Optional.ofNullable(customAttributes);
    }

    /**
     * A new session's id.
     *
     * @return the value, or empty
     */
    public Optional<String> newSessionId() {
        return Optional.ofNullable(newSessionId);
    }

    /**
     * A closed session's id.
     *
     * @return the value, or empty
     */
    public Optional<String> closedSessionId() {
        return Optional.ofNullable(closedSessionId);
    }

    @Override
    public String toString() {
        return "EndpointResponse[" + body.length + " bytes, contentType=" + contentType + ", variant="
                + invokedVariant + "]";
    }

    /** Builds an {@link EndpointResponse}. Not thread-safe. */
    public static final class Builder {
        private byte[] body;
        private String contentType;
        private String invokedVariant;
        private String customAttributes;
        private String newSessionId;
        private String closedSessionId;

        private Builder() {
        }

        /**
         * Sets the body; the response takes ownership of the array.
         *
         * @param body the bytes
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /**
         * Sets the content type.
         *
         * @param contentType the value
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets the invoked variant.
         *
         * @param invokedVariant the value
         * @return this builder
         */
        public Builder invokedVariant(String invokedVariant) {
            this.invokedVariant = invokedVariant;
            return this;
        }

        /**
         * Sets the returned custom attributes.
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
         * Builds the response.
         *
         * @return the response
         */
        public EndpointResponse build() {
            return new EndpointResponse(this);
        }
    }
}
