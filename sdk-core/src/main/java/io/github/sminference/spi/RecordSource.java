package io.github.sminference.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One input of a dataset, in input order: a local file, an S3 object, or records in memory. Scoring engines read
 * records from it; adapters supply it (sdk-aws lists S3 prefixes and manifests into sources). Implementations must be
 * safe to open more than once (each open is a new stream from the start).
 */
public interface RecordSource {

    /**
     * The source's name, reported as {@link io.github.sminference.ScoredRecord#source()}: a path or an
     * {@code s3://} URI.
     *
     * @return the name
     */
    String name();

    /**
     * Opens the source's bytes from the start.
     *
     * @return a stream the caller closes
     * @throws IOException if it cannot be opened
     */
    InputStream open() throws IOException;

    /**
     * The source's size, when known without reading it.
     *
     * @return bytes, or empty
     */
    OptionalLong size();

    /**
     * A local file.
     *
     * @param file the file
     * @return the source
     */
    static RecordSource ofFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new RecordSource() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public OptionalLong size() {
                try {
                    return OptionalLong.of(Files.size(file));
                } catch (IOException e) {
                    return OptionalLong.empty();
                }
            }

            @Override
            public String toString() {
                return "RecordSource[" + file + "]";
            }
        };
    }

    /**
     * Bytes in memory (shared, not copied: do not modify them).
     *
     * @param name the name to report
     * @param bytes the content
     * @return the source
     */
    static RecordSource ofBytes(String name, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new RecordSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.of(bytes.length);
            }

            @Override
            public String toString() {
                return "RecordSource[" + name + ", " + bytes.length + " bytes]";
            }
        };
    }
}
