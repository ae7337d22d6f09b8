package io.github.sminference;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A response read as it arrives: tokens from a streaming model, or a result too large to buffer. One-shot and
 * closeable: read it once, through {@link #inputStream()} or {@link #lines()}, then close it (closing early
 * cancels the rest of the response).
 *
 * <p>Records are reassembled across the service's part boundaries: a line split over two parts comes out of
 * {@link #lines()} whole. An error after the stream started (for example SageMaker's {@code ModelStreamError})
 * is thrown from the read as an unchecked {@link io.github.sminference.exception.ModelStreamException}; reads
 * never block past the request's total time budget
 * ({@link io.github.sminference.exception.InferenceTimeoutException}).
 *
 * <p>Not thread-safe: read from one thread. {@link #close()} may be called from any thread.
 */
public interface ResponseStream extends AutoCloseable {

    /**
     * The response's MIME type.
     *
     * @return the content type, or empty
     */
    Optional<String> contentType();

    /**
     * What the service said when the response started. {@link ResultMetadata#latency()} is the time to the first
     * byte.
     *
     * @return the metadata
     */
    ResultMetadata metadata();

    /**
     * The response's bytes, in order. May be called once; reading errors are unchecked
     * {@link io.github.sminference.exception.InferenceException}s.
     *
     * @return the stream
     * @throws IllegalStateException if the body was already taken
     */
    InputStream inputStream();

    /**
     * The response as UTF-8 lines (split on {@code \n}, a trailing {@code \r} removed), reassembled across part
     * boundaries. May be called once, instead of {@link #inputStream()}. Close the stream (or this) when done.
     *
     * @return the lines
     * @throws IllegalStateException if the body was already taken
     */
    Stream<String> lines();

    /** Releases the connection; cancels what has not been read. Idempotent. */
    @Override
    void close();
}
