package io.github.sminference.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A successful {@code InvokeEndpoint} answer (HTTP 200) for {@link SageMakerWireMock}: the model's body, its
 * {@code Content-Type} and the optional response headers {@code x-Amzn-Invoked-Production-Variant},
 * {@code X-Amzn-SageMaker-Custom-Attributes}, {@code X-Amzn-SageMaker-New-Session-Id} and
 * {@code X-Amzn-SageMaker-Closed-Session-Id}. Immutable; each {@code with...} returns a copy.
 */
public final class InvocationReply {

    /** Response header naming the production variant that served the request. */
    public static final String INVOKED_VARIANT_HEADER = "x-Amzn-Invoked-Production-Variant";

    /** Response header with the model's custom attributes. */
    public static final String CUSTOM_ATTRIBUTES_HEADER = "X-Amzn-SageMaker-Custom-Attributes";

    /** Response header with a newly opened stateful session ({@code id; Expires=...}). */
    public static final String NEW_SESSION_ID_HEADER = "X-Amzn-SageMaker-New-Session-Id";

    /** Response header with the id of a closed stateful session. */
    public static final String CLOSED_SESSION_ID_HEADER = "X-Amzn-SageMaker-Closed-Session-Id";

    private final byte[] body;
    private final String contentType;
    private final String invokedProductionVariant;
    private final String customAttributes;
    private final String newSessionId;
    private final String closedSessionId;
    private final Duration delay;

    private InvocationReply(byte[] body, String contentType, String invokedProductionVariant,
            String customAttributes, String newSessionId, String closedSessionId, Duration delay) {
        this.body = body;
        this.contentType = contentType;
        this.invokedProductionVariant = invokedProductionVariant;
        this.customAttributes = customAttributes;
        this.newSessionId = newSessionId;
        this.closedSessionId = closedSessionId;
        this.delay = delay;
    }

    /**
     * A reply with a text body (UTF-8), variant {@code AllTraffic}.
     *
     * @param contentType the {@code Content-Type}
     * @param body the body
     * @return the reply
     */
    public static InvocationReply of(String contentType, String body) {
        return of(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A reply with a binary body, variant {@code AllTraffic}.
     *
     * @param contentType the {@code Content-Type}
     * @param body the body
     * @return the reply
     */
    public static InvocationReply of(String contentType, byte[] body) {
        return new InvocationReply(body.clone(), Objects.requireNonNull(contentType, "contentType"), "AllTraffic",
                null, null, null, Duration.ZERO);
    }

    /**
     * A copy with another invoked production variant ({@code null} leaves the header out).
     *
     * @param variant the variant name
     * @return the copy
     */
    public InvocationReply withInvokedProductionVariant(String variant) {
        return new InvocationReply(body, contentType, variant, customAttributes, newSessionId, closedSessionId,
                delay);
    }

    /**
     * A copy with custom attributes.
     *
     * @param attributes the {@code X-Amzn-SageMaker-Custom-Attributes} value
     * @return the copy
     */
    public InvocationReply withCustomAttributes(String attributes) {
        return new InvocationReply(body, contentType, invokedProductionVariant, attributes, newSessionId,
                closedSessionId, delay);
    }

    /**
     * A copy that announces a new stateful session.
     *
     * @param sessionHeaderValue the {@code X-Amzn-SageMaker-New-Session-Id} value, e.g.
     *     {@code abc; Expires=2030-01-01T00:00:00Z}
     * @return the copy
     */
    public InvocationReply withNewSessionId(String sessionHeaderValue) {
        return new InvocationReply(body, contentType, invokedProductionVariant, customAttributes,
                sessionHeaderValue, closedSessionId, delay);
    }

    /**
     * A copy that announces a closed stateful session.
     *
     * @param sessionId the {@code X-Amzn-SageMaker-Closed-Session-Id} value
     * @return the copy
     */
    public InvocationReply withClosedSessionId(String sessionId) {
        return new InvocationReply(body, contentType, invokedProductionVariant, customAttributes, newSessionId,
                sessionId, delay);
    }

    /**
     * A copy that is sent only after a fixed delay (a slow model).
     *
     * @param fixedDelay the delay before the response starts
     * @return the copy
     */
    public InvocationReply withDelay(Duration fixedDelay) {
        return new InvocationReply(body, contentType, invokedProductionVariant, customAttributes, newSessionId,
                closedSessionId, Objects.requireNonNull(fixedDelay, "fixedDelay"));
    }

    /**
     * The body bytes.
     *
     * @return a copy of the body
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The WireMock response for this reply.
     *
     * @return a fresh response builder
     */
    public ResponseDefinitionBuilder toResponse() {
        ResponseDefinitionBuilder response = WireMock.aResponse()
                .withStatus(200)
                .withHeader("Content-Type", contentType)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                .withBody(body);
        if (invokedProductionVariant != null) {
            response.withHeader(INVOKED_VARIANT_HEADER, invokedProductionVariant);
        }
        if (customAttributes != null) {
            response.withHeader(CUSTOM_ATTRIBUTES_HEADER, customAttributes);
        }
        if (newSessionId != null) {
            response.withHeader(NEW_SESSION_ID_HEADER, newSessionId);
        }
        if (closedSessionId != null) {
            response.withHeader(CLOSED_SESSION_ID_HEADER, closedSessionId);
        }
        if (!delay.isZero()) {
            response.withFixedDelay(Math.toIntExact(delay.toMillis()));
        }
        return response;
    }
}
