package io.github.sminference;

import io.github.sminference.codec.Codec;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference request: a payload, its content type, and the SageMaker per-call fields. The same request works on
 * every {@link InvocationMode}; each mode checks it against its limits before sending anything.
 *
 * <h2>Fields across modes</h2>
 * <ul>
 *   <li>Portable everywhere: payload, {@code contentType}, {@code accept}, {@code customAttributes},
 *       {@code inferenceId}, {@code timeout} (the whole call's budget) and {@code modelTimeout} (model-side
 *       processing time, checked against the mode's maximum: 60 s for real-time and serverless, 3600 s for
 *       asynchronous endpoints and batch).</li>
 *   <li>Hints that modes without the concept ignore: {@code idempotencyKey} (asynchronous endpoints and batch
 *       only) and {@code queueTtl} (asynchronous endpoints only).</li>
 *   <li>Routing fields, rejected (before sending) by a mode or operation whose API lacks them, because dropping them
 *       would silently run a different model: {@code targetModel}, {@code targetVariant},
 *       {@code targetContainerHostname}, {@code inferenceComponentName}, {@code sessionId},
 *       {@code enableExplanations}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe (a {@link Payload#ofStream stream payload} can still be read only once).
 * {@code toString()} never shows the payload or the custom attributes.
 */
public final class InferenceRequest {
    private final Payload payload;
    private final String contentType;
    private final String accept;
    private final String customAttributes;
    private final String inferenceId;
    private final String targetModel;
    private final String targetVariant;
    private final String targetContainerHostname;
    private final String inferenceComponentName;
    private final String sessionId;
    private final String enableExplanations;
    private final String idempotencyKey;
    private final Duration timeout;
    private final Duration modelTimeout;
    private final Duration queueTtl;

    private InferenceRequest(Builder b) {
        this.payload = b.payload;
        this.contentType = b.contentType;
        this.accept = b.accept;
        this.customAttributes = b.customAttributes;
        this.inferenceId = b.inferenceId;
        this.targetModel = b.targetModel;
        this.targetVariant = b.targetVariant;
        this.targetContainerHostname = b.targetContainerHostname;
        this.inferenceComponentName = b.inferenceComponentName;
        this.sessionId = b.sessionId;
        this.enableExplanations = b.enableExplanations;
        this.idempotencyKey = b.idempotencyKey;
        this.timeout = TimeoutPolicy.capped(b.timeout);
        this.modelTimeout = b.modelTimeout;
        this.queueTtl = b.queueTtl;
    }

    /**
     * A new builder.
     *
     * @return a builder with no fields set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A request of UTF-8 text with the given content type, the shortest way to build one.
     *
     * @param text the body
     * @param contentType its MIME type, e.g. {@code "text/csv"}
     * @return the request
     * @throws InvalidRequestException if {@code text} is {@code null}
     */
    public static InferenceRequest of(String text, String contentType) {
        return builder().payload(Payload.ofString(text)).contentType(contentType).build();
    }

    /**
     * A request of bytes with the given content type.
     *
     * @param body the body (copied)
     * @param contentType its MIME type
     * @return the request
     * @throws InvalidRequestException if {@code body} is {@code null}
     */
    public static InferenceRequest of(byte[] body, String contentType) {
        return builder().payload(Payload.ofBytes(body)).contentType(contentType).build();
    }

    /**
     * A builder starting from this request's fields.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.payload = payload;
        b.contentType = contentType;
        b.accept = accept;
        b.customAttributes = customAttributes;
        b.inferenceId = inferenceId;
        b.targetModel = targetModel;
        b.targetVariant = targetVariant;
        b.targetContainerHostname = targetContainerHostname;
        b.inferenceComponentName = inferenceComponentName;
        b.sessionId = sessionId;
        b.enableExplanations = enableExplanations;
        b.idempotencyKey = idempotencyKey;
        b.timeout = timeout;
        b.modelTimeout = modelTimeout;
        b.queueTtl = queueTtl;
        return b;
    }

    /**
     * The body.
     *
     * @return the payload, never {@code null}
     */
    public Payload payload() {
        return payload;
    }

    /**
     * The MIME type of the body ({@code Content-Type}; at most 1024 ASCII characters).
     *
     * @return the content type, or empty to send none
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * The MIME type wanted back ({@code Accept}; at most 1024 ASCII characters).
     *
     * @return the accept value, or empty
     */
    public Optional<String> accept() {
        return Optional.ofNullable(accept);
    }

    /**
     * Opaque information passed to the model ({@code X-Amzn-SageMaker-Custom-Attributes}; at most 1024 ASCII
     * characters). Treated as sensitive: never logged, never in {@code toString()} or error messages.
     *
     * @return the custom attributes, or empty
     */
    public Optional<String> customAttributes() {
        return Optional.ofNullable(customAttributes);
    }

    /**
     * The id that identifies this inference in data capture, logs and notifications (1-64 printable characters).
     * When absent the client generates one, and retries reuse it.
     *
     * @return the inference id, or empty to let the client generate one
     */
    public Optional<String> inferenceId() {
        return Optional.ofNullable(inferenceId);
    }

    /**
     * The model to invoke on a multi-model endpoint ({@code X-Amzn-SageMaker-Target-Model}, 1-1024 characters).
     *
     * @return the target model, or empty
     */
    public Optional<String> targetModel() {
        return Optional.ofNullable(targetModel);
    }

    /**
     * The production variant to invoke, bypassing the endpoint's traffic weights (at most 63 characters).
     *
     * @return the variant, or empty
     */
    public Optional<String> targetVariant() {
        return Optional.ofNullable(targetVariant);
    }

    /**
     * The container to invoke on a multi-container endpoint with direct invocation (at most 63 characters).
     *
     * @return the hostname, or empty
     */
    public Optional<String> targetContainerHostname() {
        return Optional.ofNullable(targetContainerHostname);
    }

    /**
     * The inference component to invoke (at most 63 characters).
     *
     * @return the component name, or empty
     */
    public Optional<String> inferenceComponentName() {
        return Optional.ofNullable(inferenceComponentName);
    }

    /**
     * A stateful session id, or {@code "NEW_SESSION"} to open one (at most 256 characters).
     *
     * @return the session id, or empty
     */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /**
     * A JMESPath expression that overrides the endpoint's Clarify explanation condition (1-64 characters).
     *
     * @return the expression, or empty
     */
    public Optional<String> enableExplanations() {
        return Optional.ofNullable(enableExplanations);
    }

    /**
     * A key that makes a retried submission recognisable: on asynchronous endpoints it fixes the inference id, on
     * batch the transform job name, so a retry after a lost response does not run the work twice. Ignored by
     * real-time and serverless modes.
     *
     * @return the key, or empty
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /**
     * The whole call's time budget: attempts, backoff between retries, upload and waiting. Overrides the client's
     * total timeout for this request.
     *
     * @return the budget, or empty to use the client's
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * The model-side processing time this request needs. Checked against the mode's limit before sending (60 s for
     * real-time and serverless; 1-3600 s for asynchronous endpoints, sent as InvocationTimeoutSeconds). The
     * client's attempt timeout sits above it.
     *
     * @return the model time, or empty for the mode's default
     */
    public Optional<Duration> modelTimeout() {
        return Optional.ofNullable(modelTimeout);
    }

    /**
     * For asynchronous endpoints: how long the request may wait in the endpoint's queue (RequestTTLSeconds,
     * 60-21600 s). Ignored by modes without a queue.
     *
     * @return the queue time-to-live, or empty for the service default (6 h)
     */
    public Optional<Duration> queueTtl() {
        return Optional.ofNullable(queueTtl);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InferenceRequest)) {
            return false;
        }
        InferenceRequest r = (InferenceRequest) o;
        return payload.equals(r.payload) && Objects.equals(contentType, r.contentType)
                && Objects.equals(accept, r.accept) && Objects.equals(customAttributes, r.customAttributes)
                && Objects.equals(inferenceId, r.inferenceId) && Objects.equals(targetModel, r.targetModel)
                && Objects.equals(targetVariant, r.targetVariant)
                && Objects.equals(targetContainerHostname, r.targetContainerHostname)
                && Objects.equals(inferenceComponentName, r.inferenceComponentName)
                && Objects.equals(sessionId, r.sessionId) && Objects.equals(enableExplanations, r.enableExplanations)
                && Objects.equals(idempotencyKey, r.idempotencyKey) && Objects.equals(timeout, r.timeout)
                && Objects.equals(modelTimeout, r.modelTimeout) && Objects.equals(queueTtl, r.queueTtl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payload, contentType, accept, customAttributes, inferenceId, targetModel, targetVariant,
                targetContainerHostname, inferenceComponentName, sessionId, enableExplanations, idempotencyKey,
                timeout, modelTimeout, queueTtl);
    }

    /** Shows the fields set, except the payload's content and the custom attributes' value. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("InferenceRequest[").append(payload);
        field(sb, "contentType", contentType);
        field(sb, "accept", accept);
        if (customAttributes != null) {
            sb.append(", customAttributes=<redacted>");
        }
        field(sb, "inferenceId", inferenceId);
        field(sb, "targetModel", targetModel);
        field(sb, "targetVariant", targetVariant);
        field(sb, "targetContainerHostname", targetContainerHostname);
        field(sb, "inferenceComponentName", inferenceComponentName);
        field(sb, "sessionId", sessionId);
        field(sb, "enableExplanations", enableExplanations);
        field(sb, "idempotencyKey", idempotencyKey);
        field(sb, "timeout", timeout);
        field(sb, "modelTimeout", modelTimeout);
        field(sb, "queueTtl", queueTtl);
        return sb.append(']').toString();
    }

    private static void field(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value);
        }
    }

    /**
     * Builds an {@link InferenceRequest}. Not thread-safe. Only {@code payload} is required; values are checked for
     * their mode when the request is sent.
     */
    public static final class Builder {
        private Payload payload;
        private String contentType;
        private String accept;
        private String customAttributes;
        private String inferenceId;
        private String targetModel;
        private String targetVariant;
        private String targetContainerHostname;
        private String inferenceComponentName;
        private String sessionId;
        private String enableExplanations;
        private String idempotencyKey;
        private Duration timeout;
        private Duration modelTimeout;
        private Duration queueTtl;

        private Builder() {
        }

        /**
         * Sets the body.
         *
         * @param payload the payload
         * @return this builder
         */
        public Builder payload(Payload payload) {
            this.payload = payload;
            return this;
        }

        /**
         * Sets the body to a copy of these bytes.
         *
         * @param bytes the body
         * @return this builder
         * @throws InvalidRequestException if {@code bytes} is {@code null}
         */
        public Builder body(byte[] bytes) {
            return payload(Payload.ofBytes(bytes));
        }

        /**
         * Sets the body to this text, as UTF-8.
         *
         * @param text the body
         * @return this builder
         * @throws InvalidRequestException if {@code text} is {@code null}
         */
        public Builder body(String text) {
            return payload(Payload.ofString(text));
        }

        /**
         * Sets the body to a value encoded by a codec, and the content type to the codec's unless one is set.
         *
         * @param value the value
         * @param codec how to encode it
         * @param <T> the value type
         * @return this builder
         * @throws io.github.sminference.exception.CodecException if the codec cannot encode the value
         */
        public <T> Builder body(T value, Codec<T> codec) {
            Objects.requireNonNull(codec, "codec");
            this.payload = Payload.ofBytes(codec.encode(value));
            if (contentType == null) {
                contentType = codec.contentType();
            }
            return this;
        }

        /**
         * Sets the body's MIME type.
         *
         * @param contentType the content type, or {@code null} to send none
         * @return this builder
         */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets the MIME type wanted back.
         *
         * @param accept the accept value, or {@code null}
         * @return this builder
         */
        public Builder accept(String accept) {
            this.accept = accept;
            return this;
        }

        /**
         * Sets the custom attributes passed to the model (sensitive: never logged).
         *
         * @param customAttributes at most 1024 ASCII characters, or {@code null}
         * @return this builder
         */
        public Builder customAttributes(String customAttributes) {
            this.customAttributes = customAttributes;
            return this;
        }

        /**
         * Sets the inference id.
         *
         * @param inferenceId 1-64 printable characters, or {@code null} to let the client generate one
         * @return this builder
         */
        public Builder inferenceId(String inferenceId) {
            this.inferenceId = inferenceId;
            return this;
        }

        /**
         * Sets the model to invoke on a multi-model endpoint.
         *
         * @param targetModel the model, or {@code null}
         * @return this builder
         */
        public Builder targetModel(String targetModel) {
            this.targetModel = targetModel;
            return this;
        }

        /**
         * Sets the production variant to invoke.
         *
         * @param targetVariant the variant, or {@code null}
         * @return this builder
         */
        public Builder targetVariant(String targetVariant) {
            this.targetVariant = targetVariant;
            return this;
        }

        /**
         * Sets the container to invoke on a multi-container endpoint.
         *
         * @param targetContainerHostname the hostname, or {@code null}
         * @return this builder
         */
        public Builder targetContainerHostname(String targetContainerHostname) {
            this.targetContainerHostname = targetContainerHostname;
            return this;
        }

        /**
         * Sets the inference component to invoke.
         *
         * @param inferenceComponentName the component, or {@code null}
         * @return this builder
         */
        public Builder inferenceComponentName(String inferenceComponentName) {
            this.inferenceComponentName = inferenceComponentName;
            return this;
        }

        /**
         * Sets the stateful session id ({@code "NEW_SESSION"} to open one).
         *
         * @param sessionId the session id, or {@code null}
         * @return this builder
         */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /**
         * Sets the Clarify explanation condition.
         *
         * @param enableExplanations a JMESPath expression, or {@code null}
         * @return this builder
         */
        public Builder enableExplanations(String enableExplanations) {
            this.enableExplanations = enableExplanations;
            return this;
        }

        /**
         * Sets the idempotency key (asynchronous endpoints and batch).
         *
         * @param idempotencyKey the key, or {@code null}
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Sets the whole call's time budget.
         *
         * @param timeout a positive duration, or {@code null} for the client's; one longer than
         *     {@link TimeoutPolicy#MAX_BUDGET} (a century, no practical limit) counts as that
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the model-side processing time this request needs.
         *
         * @param modelTimeout a positive duration within the mode's limit, or {@code null} for the mode's default
         * @return this builder
         */
        public Builder modelTimeout(Duration modelTimeout) {
            this.modelTimeout = modelTimeout;
            return this;
        }

        /**
         * Sets how long the request may wait in an asynchronous endpoint's queue.
         *
         * @param queueTtl 60 s to 6 h, or {@code null} for the service default
         * @return this builder
         */
        public Builder queueTtl(Duration queueTtl) {
            this.queueTtl = queueTtl;
            return this;
        }

        /**
         * Builds the request. Only mode-independent checks run here (a payload is present; durations are
         * positive); the mode's limits are checked when the request is sent.
         *
         * @return the request
         * @throws InvalidRequestException if the payload is missing or a duration is zero or negative
         */
        public InferenceRequest build() {
            if (payload == null) {
                throw new InvalidRequestException("payload", null,
                        "set a body with payload(Payload), body(byte[]), body(String) or body(value, codec)");
            }
            positive("timeout", timeout);
            positive("modelTimeout", modelTimeout);
            positive("queueTtl", queueTtl);
            return new InferenceRequest(this);
        }

        private static void positive(String field, Duration d) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new InvalidRequestException(field, d.toString(), "pass a positive duration, or null");
            }
        }
    }
}
