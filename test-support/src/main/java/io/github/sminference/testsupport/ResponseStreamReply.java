package io.github.sminference.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.eventstream.Message;

/**
 * A successful {@code InvokeEndpointWithResponseStream} answer (HTTP 200) for {@link SageMakerWireMock}: a body made
 * of event-stream frames ({@link EventStreamFrames}) with {@code Content-Type: application/vnd.amazon.eventstream},
 * the model's content type in {@code X-Amzn-SageMaker-Content-Type} and the invoked variant in
 * {@code x-Amzn-Invoked-Production-Variant}. Immutable; each {@code with...} returns a copy.
 */
public final class ResponseStreamReply {

    /** Response header with the model's content type (the HTTP {@code Content-Type} is the event stream's). */
    public static final String MODEL_CONTENT_TYPE_HEADER = "X-Amzn-SageMaker-Content-Type";

    private final List<Message> frames;
    private final String contentType;
    private final String invokedProductionVariant;
    private final String customAttributes;
    private final int dribbleChunks;
    private final Duration dribbleDuration;

    private ResponseStreamReply(List<Message> frames, String contentType, String invokedProductionVariant,
            String customAttributes, int dribbleChunks, Duration dribbleDuration) {
        this.frames = List.copyOf(frames);
        this.contentType = contentType;
        this.invokedProductionVariant = invokedProductionVariant;
        this.customAttributes = customAttributes;
        this.dribbleChunks = dribbleChunks;
        this.dribbleDuration = dribbleDuration;
    }

    /**
     * A stream of the given frames, model content type {@code application/jsonlines}, variant {@code AllTraffic}.
     *
     * @param frames the frames, in order (payload parts, and possibly a final error)
     * @return the reply
     */
    public static ResponseStreamReply ofFrames(List<Message> frames) {
        return new ResponseStreamReply(frames, "application/jsonlines", "AllTraffic", null, 0, Duration.ZERO);
    }

    /**
     * A stream of one {@code PayloadPart} per part.
     *
     * @param parts the parts' bytes
     * @return the reply
     */
    public static ResponseStreamReply ofParts(List<byte[]> parts) {
        return ofFrames(EventStreamFrames.payloadParts(parts));
    }

    /**
     * A stream of the UTF-8 bytes of {@code text} cut at the given byte offsets, one {@code PayloadPart} per piece.
     *
     * @param text the whole streamed text
     * @param byteOffsets where to cut (see {@link EventStreamFrames#splitText(String, int...)})
     * @return the reply
     */
    public static ResponseStreamReply ofText(String text, int... byteOffsets) {
        return ofParts(EventStreamFrames.splitText(text, byteOffsets));
    }

    /**
     * A copy with the parts' frames followed by a {@code ModelStreamError}.
     *
     * @param errorCode e.g. {@link EventStreamFrames#MODEL_INVOCATION_TIME_EXCEEDED}
     * @param message the message
     * @return the copy
     */
    public ResponseStreamReply thenModelStreamError(String errorCode, String message) {
        return thenFrame(EventStreamFrames.modelStreamError(errorCode, message));
    }

    /**
     * A copy with the parts' frames followed by an {@code InternalStreamFailure}.
     *
     * @param message the message
     * @return the copy
     */
    public ResponseStreamReply thenInternalStreamFailure(String message) {
        return thenFrame(EventStreamFrames.internalStreamFailure(message));
    }

    /**
     * A copy with one more frame at the end.
     *
     * @param frame the frame
     * @return the copy
     */
    public ResponseStreamReply thenFrame(Message frame) {
        List<Message> more = new ArrayList<>(frames);
        more.add(Objects.requireNonNull(frame, "frame"));
        return new ResponseStreamReply(more, contentType, invokedProductionVariant, customAttributes, dribbleChunks,
                dribbleDuration);
    }

    /**
     * A copy with another model content type ({@code X-Amzn-SageMaker-Content-Type}).
     *
     * @param modelContentType the content type
     * @return the copy
     */
    public ResponseStreamReply withContentType(String modelContentType) {
        return new ResponseStreamReply(frames, modelContentType, invokedProductionVariant, customAttributes,
                dribbleChunks, dribbleDuration);
    }

    /**
     * A copy with another invoked production variant ({@code null} leaves the header out).
     *
     * @param variant the variant
     * @return the copy
     */
    public ResponseStreamReply withInvokedProductionVariant(String variant) {
        return new ResponseStreamReply(frames, contentType, variant, customAttributes, dribbleChunks,
                dribbleDuration);
    }

    /**
     * A copy with custom attributes ({@code X-Amzn-SageMaker-Custom-Attributes}).
     *
     * @param attributes the value
     * @return the copy
     */
    public ResponseStreamReply withCustomAttributes(String attributes) {
        return new ResponseStreamReply(frames, contentType, invokedProductionVariant, attributes, dribbleChunks,
                dribbleDuration);
    }

    /**
     * A copy whose body is sent in {@code chunks} HTTP chunks spread over {@code total} (a slowly generating
     * model). The chunks cut the encoded bytes evenly, so they usually fall inside frames.
     *
     * @param chunks the number of HTTP chunks, at least 1
     * @param total the time over which they are sent
     * @return the copy
     */
    public ResponseStreamReply withDribble(int chunks, Duration total) {
        if (chunks < 1) {
            throw new IllegalArgumentException("chunks must be at least 1: " + chunks);
        }
        return new ResponseStreamReply(frames, contentType, invokedProductionVariant, customAttributes, chunks,
                Objects.requireNonNull(total, "total"));
    }

    /**
     * The frames in order.
     *
     * @return the frames
     */
    public List<Message> frames() {
        return frames;
    }

    /**
     * The encoded body.
     *
     * @return the frames encoded back to back
     */
    public byte[] body() {
        return EventStreamFrames.encode(frames);
    }

    /**
     * The concatenated payload of the {@code PayloadPart} frames, i.e. what a client should reassemble.
     *
     * @return the payload bytes
     */
    public byte[] payload() {
        List<byte[]> parts = new ArrayList<>();
        for (Message frame : frames) {
            if (EventStreamFrames.PAYLOAD_PART.equals(headerString(frame, ":event-type"))) {
                parts.add(frame.getPayload());
            }
        }
        return EventStreamFrames.concat(parts);
    }

    /**
     * The concatenated payload as UTF-8 text.
     *
     * @return the payload text
     */
    public String payloadText() {
        return new String(payload(), StandardCharsets.UTF_8);
    }

    /**
     * The WireMock response for this reply.
     *
     * @return a fresh response builder
     */
    public ResponseDefinitionBuilder toResponse() {
        ResponseDefinitionBuilder response = WireMock.aResponse()
                .withStatus(200)
                .withHeader("Content-Type", EventStreamFrames.EVENT_STREAM_CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                .withBody(body());
        if (contentType != null) {
            response.withHeader(MODEL_CONTENT_TYPE_HEADER, contentType);
        }
        if (invokedProductionVariant != null) {
            response.withHeader(InvocationReply.INVOKED_VARIANT_HEADER, invokedProductionVariant);
        }
        if (customAttributes != null) {
            response.withHeader(InvocationReply.CUSTOM_ATTRIBUTES_HEADER, customAttributes);
        }
        if (dribbleChunks > 0) {
            response.withChunkedDribbleDelay(dribbleChunks, Math.toIntExact(dribbleDuration.toMillis()));
        }
        return response;
    }

    private static String headerString(Message frame, String name) {
        var value = frame.getHeaders().get(name);
        return value == null ? null : value.getString();
    }
}
