package io.github.sminference.internal;

import io.github.sminference.InferenceResult;
import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** A {@link ResponseStream} over a buffered result (modes whose result is already in memory). */
public final class BufferedResponseStream implements ResponseStream {
    private final InferenceResult result;
    private final AtomicBoolean taken = new AtomicBoolean();

    /**
     * Wraps a result.
     *
     * @param result the result
     */
    public BufferedResponseStream(InferenceResult result) {
        this.result = result;
    }

    @Override
    public Optional<String> contentType() {
        return result.contentType();
    }

    @Override
    public ResultMetadata metadata() {
        return result.metadata();
    }

    @Override
    public InputStream inputStream() {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("the response body was already taken; a ResponseStream is one-shot");
        }
        return result.inputStream();
    }

    @Override
    public Stream<String> lines() {
        return new BufferedReader(new InputStreamReader(inputStream(), StandardCharsets.UTF_8)).lines();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
