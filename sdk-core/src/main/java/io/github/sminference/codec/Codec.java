package io.github.sminference.codec;

/**
 * Turns values into request bodies and response bodies into values: the SDK's serializer/deserializer SPI, like
 * the SageMaker Python SDK's serializers. Implement it for formats the built-in codecs ({@link Codecs}) don't
 * cover (NumPy arrays, protobuf, images).
 *
 * <p>Implementations must be thread-safe and stateless: one instance serves many requests at once.
 *
 * @param <T> the type of value
 */
public interface Codec<T> {

    /**
     * The MIME type this codec writes, sent as the request's {@code Content-Type} (and a sensible {@code Accept}
     * when reading the same format back), e.g. {@code "text/csv"}.
     *
     * @return the content type
     */
    String contentType();

    /**
     * Encodes a value as a request body.
     *
     * @param value the value; not {@code null}
     * @return the bytes
     * @throws io.github.sminference.exception.CodecException if the value cannot be encoded
     */
    byte[] encode(T value);

    /**
     * Decodes a response body.
     *
     * @param body the bytes; not {@code null}, may be empty
     * @param contentType the response's content type, or {@code null} if the service sent none
     * @return the value
     * @throws io.github.sminference.exception.CodecException if the body is malformed for this codec
     */
    T decode(byte[] body, String contentType);
}
