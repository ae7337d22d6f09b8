package io.github.sminference;

import io.github.sminference.codec.Codec;
import io.github.sminference.internal.codec.TextCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A buffered result: the whole body in memory, its content type and {@link ResultMetadata}. Needs no closing.
 * For bodies too large to hold, use {@link InferenceClient#predictStream} or
 * {@link InferenceJob#awaitStream(java.time.Duration)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class InferenceResult {
    private final byte[] body;
    private final String contentType;
    private final ResultMetadata metadata;

    private InferenceResult(byte[] body, String contentType, ResultMetadata metadata) {
        this.body = body;
        this.contentType = contentType;
        this.metadata = metadata;
    }

    /**
     * Creates a result (for adapters and test fakes). The array is copied.
     *
     * @param body the body
     * @param contentType the content type, or {@code null}
     * @param metadata the metadata
     * @return the result
     */
    public static InferenceResult of(byte[] body, String contentType, ResultMetadata metadata) {
        return new InferenceResult(Objects.requireNonNull(body, "body").clone(), contentType,
                Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * Creates a result that takes ownership of the array, without copying. For adapters that allocated the array
     * themselves and never touch it again.
     *
     * @param body the body, owned by the result from now on
     * @param contentType the content type, or {@code null}
     * @param metadata the metadata
     * @return the result
     */
    public static InferenceResult ofOwned(byte[] body, String contentType, ResultMetadata metadata) {
        return new InferenceResult(Objects.requireNonNull(body, "body"), contentType,
                Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * A copy of the body.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return body.clone();
    }

    /**
     * The body as a read-only buffer, without copying.
     *
     * @return a read-only view
     */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /**
     * The body's length.
     *
     * @return bytes
     */
    public int size() {
        return body.length;
    }

    /**
     * The body as text, in the charset the content type names, else UTF-8.
     *
     * @return the text
     */
    public String text() {
        return new String(body, TextCodec.charsetOf(contentType));
    }

    /**
     * The body as a stream, without copying.
     *
     * @return a new stream over the body
     */
    public InputStream inputStream() {
        return new ByteArrayInputStream(body);
    }

    /**
     * The body decoded by a codec.
     *
     * @param codec the codec
     * @param <T> the value type
     * @return the value
     * @throws io.github.sminference.exception.CodecException if the body is malformed for the codec
     */
    public <T> T as(Codec<T> codec) {
        return Objects.requireNonNull(codec, "codec").decode(body, contentType);
    }

    /**
     * The body's MIME type as the model or service returned it.
     *
     * @return the content type, or empty
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * What the service said and what the call took.
     *
     * @return the metadata
     */
    public ResultMetadata metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InferenceResult)) {
            return false;
        }
        InferenceResult r = (InferenceResult) o;
        return Arrays.equals(body, r.body) && Objects.equals(contentType, r.contentType)
                && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(contentType, metadata) + Arrays.hashCode(body);
    }

    /** Names the size and content type, never the body. */
    @Override
    public String toString() {
        return "InferenceResult[" + body.length + " bytes, contentType=" + contentType + ", " + metadata + "]";
    }
}
