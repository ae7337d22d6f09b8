package io.github.sminference.local;

import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** A result read from a file as a stream, never buffered whole. */
final class FileResponseStream implements ResponseStream {
    private final Path file;
    private final String contentType;
    private final ResultMetadata metadata;
    private final AtomicBoolean taken = new AtomicBoolean();
    private volatile InputStream open;

    FileResponseStream(Path file, String contentType, ResultMetadata metadata) {
        this.file = file;
        this.contentType = contentType;
        this.metadata = metadata;
    }

    @Override
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    @Override
    public ResultMetadata metadata() {
        return metadata;
    }

    @Override
    public InputStream inputStream() {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("the response body was already taken; a ResponseStream is one-shot");
        }
        try {
            open = Files.newInputStream(file);
            return open;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the result " + file, e);
        }
    }

    @Override
    public Stream<String> lines() {
        BufferedReader r = new BufferedReader(new InputStreamReader(inputStream(), StandardCharsets.UTF_8));
        return r.lines().onClose(this::close);
    }

    @Override
    public void close() {
        InputStream in = open;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
