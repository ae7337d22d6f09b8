package io.github.sminference.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an in-process {@link ModelHandler} returns: a body (or, for a streaming model, parts) and a content type; or
 * an error, as a container answering 4xx/5xx would. Immutable.
 */
public final class ModelOutput {
    private final List<byte[]> parts;
    private final String contentType;
    private final String customAttributes;
    private final int status;

    private ModelOutput(List<byte[]> parts, String contentType, String customAttributes, int status) {
        this.parts = parts;
        this.contentType = contentType;
        this.customAttributes = customAttributes;
        this.status = status;
    }

    /**
     * A successful answer.
     *
     * @param body the body (copied)
     * @param contentType its content type, or {@code null}
     * @return the output
     */
    public static ModelOutput of(byte[] body, String contentType) {
        return new ModelOutput(List.of(Objects.requireNonNull(body, "body").clone()), contentType, null, 200);
    }

    /**
     * A successful text answer, UTF-8.
     *
     * @param text the body
     * @param contentType its content type, or {@code null}
     * @return the output
     */
    public static ModelOutput of(String text, String contentType) {
        return new ModelOutput(List.of(text.getBytes(StandardCharsets.UTF_8)), contentType, null, 200);
    }

    /**
     * A streamed answer: {@code predictStream} delivers the parts one by one; other calls see them concatenated.
     *
     * @param parts the parts, in order (copied)
     * @param contentType the content type, or {@code null}
     * @return the output
     */
    public static ModelOutput ofParts(List<byte[]> parts, String contentType) {
        List<byte[]> copy = new ArrayList<>(parts.size());
        for (byte[] p : parts) {
            copy.add(p.clone());
        }
        return new ModelOutput(List.copyOf(copy), contentType, null, 200);
    }

    /**
     * An error answer, as a container answering with this status: the client reports it as SageMaker does, a
     * {@code ModelErrorException} (real-time, serverless) or a failed job (asynchronous, batch) carrying the status and
     * message.
     *
     * @param status the HTTP status, 400-599
     * @param message the error body
     * @return the output
     */
    public static ModelOutput error(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 400-599, not " + status);
        }
        return new ModelOutput(List.of(message.getBytes(StandardCharsets.UTF_8)), "text/plain", null, status);
    }

    /**
     * This output with custom attributes returned to the caller.
     *
     * @param attributes the value
     * @return a new output
     */
    public ModelOutput withCustomAttributes(String attributes) {
        return new ModelOutput(parts, contentType, attributes, status);
    }

    /**
     * The whole body.
     *
     * @return the parts concatenated
     */
    public byte[] body() {
        if (parts.size() == 1) {
            return parts.get(0).clone();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * The body's parts.
     *
     * @return copies of the parts
     */
    public List<byte[]> parts() {
        List<byte[]> copy = new ArrayList<>(parts.size());
        for (byte[] p : parts) {
            copy.add(p.clone());
        }
        return copy;
    }

    /**
     * The content type.
     *
     * @return the value, or empty
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * Custom attributes returned.
     *
     * @return the value, or empty
     */
    public Optional<String> customAttributes() {
        return Optional.ofNullable(customAttributes);
    }

    /**
     * The HTTP status this answer stands for.
     *
     * @return 200, or the error status
     */
    public int status() {
        return status;
    }

    /**
     * Whether this is an error answer.
     *
     * @return {@code true} for status 400 or more
     */
    public boolean isError() {
        return status >= 400;
    }

    @Override
    public String toString() {
        return "ModelOutput[status=" + status + ", " + parts.size() + " part(s), contentType=" + contentType + "]";
    }
}
