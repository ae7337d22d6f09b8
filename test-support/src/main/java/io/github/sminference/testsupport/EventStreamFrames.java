package io.github.sminference.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Builds the AWS event-stream frames of an {@code InvokeEndpointWithResponseStream} response body, and splits
 * payloads into parts at chosen byte offsets.
 *
 * <p>Wire format, as the AWS SDK for Java v2 (restJson1 event stream) decodes it:
 * <ul>
 *   <li>{@code PayloadPart}: headers {@code :message-type=event}, {@code :event-type=PayloadPart},
 *       {@code :content-type=application/octet-stream}; the frame payload is the raw part bytes (the {@code Bytes}
 *       member is the event payload: no JSON, no base64).</li>
 *   <li>{@code ModelStreamError}: headers {@code :message-type=exception}, {@code :exception-type=ModelStreamError},
 *       {@code :content-type=application/json}; payload {@code {"Message":"...","ErrorCode":"..."}}.</li>
 *   <li>{@code InternalStreamFailure}: the same with {@code :exception-type=InternalStreamFailure} and payload
 *       {@code {"Message":"..."}}.</li>
 * </ul>
 * The HTTP response carrying the frames has {@code Content-Type: application/vnd.amazon.eventstream}; see
 * {@link ResponseStreamReply}.
 */
public final class EventStreamFrames {

    /** The HTTP {@code Content-Type} of an event-stream response body. */
    public static final String EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

    /** {@code :event-type} of a payload part. */
    public static final String PAYLOAD_PART = "PayloadPart";

    /** {@code :exception-type} of a model stream error. */
    public static final String MODEL_STREAM_ERROR = "ModelStreamError";

    /** {@code :exception-type} of an internal stream failure. */
    public static final String INTERNAL_STREAM_FAILURE = "InternalStreamFailure";

    /** Error code SageMaker sends when the model did not finish the response in time. */
    public static final String MODEL_INVOCATION_TIME_EXCEEDED = "ModelInvocationTimeExceeded";

    /** Error code SageMaker sends when the connection to the model was reset or closed. */
    public static final String STREAM_BROKEN = "StreamBroken";

    private EventStreamFrames() {
    }

    /**
     * A {@code PayloadPart} event carrying {@code bytes} as they are.
     *
     * @param bytes the part's bytes
     * @return the frame
     */
    public static Message payloadPart(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return event(PAYLOAD_PART, "application/octet-stream", bytes.clone());
    }

    /**
     * A {@code PayloadPart} event carrying the UTF-8 bytes of {@code text}.
     *
     * @param text the part's text
     * @return the frame
     */
    public static Message payloadPart(String text) {
        return payloadPart(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One {@code PayloadPart} event per part, in order.
     *
     * @param parts the parts
     * @return the frames
     */
    public static List<Message> payloadParts(List<byte[]> parts) {
        List<Message> frames = new ArrayList<>(parts.size());
        for (byte[] part : parts) {
            frames.add(payloadPart(part));
        }
        return frames;
    }

    /**
     * A {@code ModelStreamError} exception event.
     *
     * @param errorCode e.g. {@value #MODEL_INVOCATION_TIME_EXCEEDED} or {@value #STREAM_BROKEN}
     * @param message the error message
     * @return the frame
     */
    public static Message modelStreamError(String errorCode, String message) {
        String json = "{\"Message\":" + Json.quote(message) + ",\"ErrorCode\":" + Json.quote(errorCode) + "}";
        return exception(MODEL_STREAM_ERROR, json);
    }

    /**
     * An {@code InternalStreamFailure} exception event.
     *
     * @param message the error message
     * @return the frame
     */
    public static Message internalStreamFailure(String message) {
        return exception(INTERNAL_STREAM_FAILURE, "{\"Message\":" + Json.quote(message) + "}");
    }

    /**
     * Any event frame ({@code :message-type=event}).
     *
     * @param eventType the {@code :event-type} header
     * @param contentType the {@code :content-type} header
     * @param payload the frame payload
     * @return the frame
     */
    public static Message event(String eventType, String contentType, byte[] payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString(contentType));
        return new Message(headers, payload);
    }

    /**
     * Any modeled exception frame ({@code :message-type=exception}) with a JSON payload.
     *
     * @param exceptionType the {@code :exception-type} header, the error shape's name
     * @param json the JSON payload
     * @return the frame
     */
    public static Message exception(String exceptionType, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("exception"));
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        return new Message(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encodes frames back to back, as they travel in the HTTP response body.
     *
     * @param frames the frames
     * @return the encoded bytes
     */
    public static byte[] encode(List<Message> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message frame : frames) {
            frame.encode(out);
        }
        return out.toByteArray();
    }

    /**
     * Encodes frames back to back, as they travel in the HTTP response body.
     *
     * @param frames the frames
     * @return the encoded bytes
     */
    public static byte[] encode(Message... frames) {
        return encode(Arrays.asList(frames));
    }

    /**
     * Decodes frames encoded back to back.
     *
     * @param encoded the bytes
     * @return the frames, in order
     * @throws IllegalArgumentException if the bytes are not whole, valid frames
     */
    public static List<Message> decode(byte[] encoded) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        List<Message> frames = new ArrayList<>();
        try {
            while (buffer.hasRemaining()) {
                frames.add(Message.decode(buffer));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a sequence of event-stream frames at byte "
                    + buffer.position() + ": " + e.getMessage(), e);
        }
        return frames;
    }

    /**
     * Splits {@code data} at the given byte offsets. Offsets may be in any order; duplicates, 0 and
     * {@code data.length} are ignored, so every returned part is non-empty (none for empty data).
     *
     * @param data the bytes
     * @param offsets where to cut, each in {@code [0, data.length]}
     * @return the parts, whose concatenation is {@code data}
     */
    public static List<byte[]> splitAt(byte[] data, int... offsets) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int offset : offsets) {
            if (offset < 0 || offset > data.length) {
                throw new IllegalArgumentException("offset " + offset + " outside [0, " + data.length + "]");
            }
            if (offset > 0 && offset < data.length) {
                cuts.add(offset);
            }
        }
        List<byte[]> parts = new ArrayList<>(cuts.size() + 1);
        int start = 0;
        for (int cut : cuts) {
            parts.add(Arrays.copyOfRange(data, start, cut));
            start = cut;
        }
        if (start < data.length) {
            parts.add(Arrays.copyOfRange(data, start, data.length));
        }
        return parts;
    }

    /**
     * Splits the UTF-8 bytes of {@code text} at the given <em>byte</em> offsets, which may fall inside a line, a
     * JSON record or a multi-byte character: exactly the case a stream reassembler must handle.
     *
     * @param text the text
     * @param byteOffsets where to cut the UTF-8 bytes
     * @return the parts, whose concatenation is the UTF-8 encoding of {@code text}
     */
    public static List<byte[]> splitText(String text, int... byteOffsets) {
        return splitAt(text.getBytes(StandardCharsets.UTF_8), byteOffsets);
    }

    /**
     * Splits {@code data} into parts of {@code partSize} bytes (the last may be shorter).
     *
     * @param data the bytes
     * @param partSize the size of each part, at least 1
     * @return the parts
     */
    public static List<byte[]> splitEvery(byte[] data, int partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("partSize must be at least 1: " + partSize);
        }
        List<byte[]> parts = new ArrayList<>();
        for (int start = 0; start < data.length; start += partSize) {
            parts.add(Arrays.copyOfRange(data, start, Math.min(data.length, start + partSize)));
        }
        return parts;
    }

    /**
     * Splits {@code data} into at most {@code maxParts} non-empty parts at offsets drawn from {@code seed}
     * (reproducible).
     *
     * @param data the bytes
     * @param maxParts the largest number of parts, at least 1
     * @param seed the random seed
     * @return the parts
     */
    public static List<byte[]> splitRandomly(byte[] data, int maxParts, long seed) {
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts must be at least 1: " + maxParts);
        }
        if (data.length == 0) {
            return Collections.emptyList();
        }
        Random random = new Random(seed);
        int[] offsets = new int[Math.min(maxParts - 1, data.length - 1)];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = 1 + random.nextInt(data.length - 1);
        }
        return splitAt(data, offsets);
    }

    /**
     * Concatenates parts (the inverse of the split methods).
     *
     * @param parts the parts
     * @return their concatenation
     */
    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
