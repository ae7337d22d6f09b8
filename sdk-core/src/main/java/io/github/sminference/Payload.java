package io.github.sminference;

import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.PayloadAccess;
import io.github.sminference.internal.RequestValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of an {@link InferenceRequest}: bytes in memory, a file, a stream (of known or unknown length), or
 * data that is already remote (an {@code s3://} location, for asynchronous endpoints and batch).
 *
 * <p>In-memory and file payloads are <em>repeatable</em>: a retry resends them from the first byte. Stream
 * payloads are one-shot: real-time and serverless modes read them into memory first (they are at most a few MB),
 * so those retries resend the buffered bytes; modes that stream a payload to S3 never retry a stream. A payload's
 * {@code toString()} names its kind and length, never its content.
 *
 * <p>Instances are immutable and thread-safe, except that a stream payload can be opened only once.
 */
public final class Payload {

    /** What a payload is made of. */
    public enum Kind {
        /** Bytes held in memory. */
        BYTES,
        /** A local file, read when sent. */
        FILE,
        /** A one-shot input stream, of known or unknown length. */
        STREAM,
        /** Data already stored remotely ({@code s3://bucket/key} or {@code https://...}); nothing is uploaded. */
        LOCATION
    }

    private final Kind kind;
    private final byte[] bytes;
    private final Path file;
    private final InputStream stream;
    private final long length;
    private final String location;
    private final AtomicBoolean opened = new AtomicBoolean();

    static {
        // Lets adapters read in-memory bytes without a copy; see PayloadAccess.
        PayloadAccess.install(p -> p.bytes);
    }

    private Payload(Kind kind, byte[] bytes, Path file, InputStream stream, long length, String location) {
        this.kind = kind;
        this.bytes = bytes;
        this.file = file;
        this.stream = stream;
        this.length = length;
        this.location = location;
    }

    /**
     * A payload of the given bytes. The array is copied, so later changes to it do not affect the request.
     *
     * @param bytes the body; may be empty but not {@code null}
     * @return the payload
     * @throws InvalidRequestException if {@code bytes} is {@code null}
     */
    public static Payload ofBytes(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidRequestException("payload", null, "pass a byte array (it may be empty)");
        }
        byte[] copy = bytes.clone();
        return new Payload(Kind.BYTES, copy, null, null, copy.length, null);
    }

    /**
     * A payload of the remaining bytes of a buffer, copied.
     *
     * @param buffer the body; its position and limit select the bytes; it is not modified
     * @return the payload
     * @throws InvalidRequestException if {@code buffer} is {@code null}
     */
    public static Payload ofBuffer(ByteBuffer buffer) {
        if (buffer == null) {
            throw new InvalidRequestException("payload", null, "pass a ByteBuffer (it may be empty)");
        }
        ByteBuffer view = buffer.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return new Payload(Kind.BYTES, copy, null, null, copy.length, null);
    }

    /**
     * A payload of a string encoded as UTF-8.
     *
     * @param text the body; not {@code null}
     * @return the payload
     * @throws InvalidRequestException if {@code text} is {@code null}
     */
    public static Payload ofString(String text) {
        return ofString(text, StandardCharsets.UTF_8);
    }

    /**
     * A payload of a string in the given charset.
     *
     * @param text the body; not {@code null}
     * @param charset the encoding; not {@code null}
     * @return the payload
     * @throws InvalidRequestException if {@code text} is {@code null}
     * @throws NullPointerException if {@code charset} is {@code null}
     */
    public static Payload ofString(String text, Charset charset) {
        if (text == null) {
            throw new InvalidRequestException("payload", null, "pass a string (it may be empty)");
        }
        byte[] encoded = text.getBytes(Objects.requireNonNull(charset, "charset"));
        return new Payload(Kind.BYTES, encoded, null, null, encoded.length, null);
    }

    /**
     * A payload read from a file when the request is sent. Its length is read now, so a missing file fails here.
     * The file must not change until the request completes.
     *
     * @param file a readable regular file
     * @return the payload
     * @throws InvalidRequestException if the file is {@code null}, missing, not a regular file, or unreadable
     */
    public static Payload ofFile(Path file) {
        if (file == null) {
            throw new InvalidRequestException("payload", null, "pass the path of a readable file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidRequestException("payload", file.toString(),
                    "the file does not exist or is not a readable regular file; pass an existing file");
        }
        try {
            return new Payload(Kind.FILE, null, file, null, Files.size(file), null);
        } catch (IOException e) {
            throw new InvalidRequestException("payload", file.toString(), "the file's size cannot be read: " + e, e);
        }
    }

    /**
     * A one-shot stream payload of known length. The stream is read once, when the request is sent, and closed
     * afterwards (see the class comment for how retries treat it).
     *
     * @param stream the body
     * @param length the exact number of bytes the stream yields, {@code >= 0}
     * @return the payload
     * @throws InvalidRequestException if {@code stream} is {@code null} or {@code length} is negative
     */
    public static Payload ofStream(InputStream stream, long length) {
        if (stream == null) {
            throw new InvalidRequestException("payload", null, "pass an InputStream");
        }
        if (length < 0) {
            throw new InvalidRequestException("payload.length", Long.toString(length),
                    "pass the stream's exact length, or use Payload.ofStream(stream) for an unknown length");
        }
        return new Payload(Kind.STREAM, null, null, stream, length, null);
    }

    /**
     * A one-shot stream payload of unknown length. Synchronous modes read it into memory up to their payload limit
     * and reject it (before sending anything) once it crosses the limit; asynchronous endpoints stage it with a
     * multipart upload that is aborted, leaving nothing behind, if it crosses theirs.
     *
     * @param stream the body
     * @return the payload
     * @throws InvalidRequestException if {@code stream} is {@code null}
     */
    public static Payload ofStream(InputStream stream) {
        if (stream == null) {
            throw new InvalidRequestException("payload", null, "pass an InputStream");
        }
        return new Payload(Kind.STREAM, null, null, stream, -1, null);
    }

    /**
     * A payload already stored remotely, used as it is (asynchronous endpoints and batch only; synchronous modes
     * reject it before sending). Accepted forms: {@code s3://bucket/key} and {@code https://...}, at most 1024
     * characters (the service's {@code InputLocation} limit).
     *
     * @param uri the location
     * @return the payload
     * @throws InvalidRequestException if the URI is {@code null}, too long, or not {@code s3://} or {@code https://}
     */
    public static Payload ofLocation(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidRequestException("payload.location", uri == null ? null
                    : RequestValidator.abbreviate(uri), "pass s3://bucket/key or an https:// URL");
        }
        if (uri.length() > 1024) {
            throw new InvalidRequestException("payload.location", RequestValidator.abbreviate(uri),
                    "a location is at most 1024 characters (InputLocation); it has " + uri.length());
        }
        if (!uri.matches("^(https|s3)://([^/]+)/?(.*)$")) {
            throw new InvalidRequestException("payload.location", RequestValidator.abbreviate(uri),
                    "a location must look like s3://bucket/key or https://host/path");
        }
        return new Payload(Kind.LOCATION, null, null, null, -1, uri);
    }

    /**
     * What this payload is made of.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The payload's length in bytes, when known before reading it.
     *
     * @return the length, or empty for a stream of unknown length and for a remote location
     */
    public OptionalLong knownLength() {
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /**
     * Whether the payload can be sent more than once (in-memory bytes and files), so a failed attempt can be
     * retried from the first byte.
     *
     * @return {@code true} unless the payload is a one-shot stream
     */
    public boolean isRepeatable() {
        return kind != Kind.STREAM;
    }

    /**
     * The remote location of a {@link Kind#LOCATION} payload.
     *
     * @return the URI, or empty for other kinds
     */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /**
     * The file of a {@link Kind#FILE} payload.
     *
     * @return the path, or empty for other kinds
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * Opens the payload's bytes. In-memory and file payloads open a new stream on each call; a stream payload
     * returns its stream the first time and fails after that.
     *
     * @return a stream of the payload's bytes, which the caller closes
     * @throws IllegalStateException if a one-shot stream was already opened, or for a remote location
     * @throws UncheckedIOException if the file cannot be opened
     */
    public InputStream openStream() {
        switch (kind) {
            case BYTES:
                return new ByteArrayInputStream(bytes);
            case FILE:
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open payload file " + file, e);
                }
            case STREAM:
                if (!opened.compareAndSet(false, true)) {
                    throw new IllegalStateException("a stream payload can be read only once");
                }
                return stream;
            default:
                throw new IllegalStateException("a remote payload (" + location + ") has no local bytes");
        }
    }


    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Payload)) {
            return false;
        }
        Payload other = (Payload) o;
        if (kind != other.kind) {
            return false;
        }
        switch (kind) {
            case BYTES:
                return Arrays.equals(bytes, other.bytes);
            case FILE:
                return file.equals(other.file) && length == other.length;
            case LOCATION:
                return location.equals(other.location);
            default:
                return false; // one-shot streams are equal only to themselves
        }
    }

    @Override
    public int hashCode() {
        switch (kind) {
            case BYTES:
                return Arrays.hashCode(bytes);
            case FILE:
                return file.hashCode();
            case LOCATION:
                return location.hashCode();
            default:
                return System.identityHashCode(this);
        }
    }

    /** Names the kind and length (and the path or location), never the content. */
    @Override
    public String toString() {
        switch (kind) {
            case FILE:
                return "Payload[FILE " + file + ", " + length + " bytes]";
            case LOCATION:
                return "Payload[LOCATION " + location + "]";
            case STREAM:
                return "Payload[STREAM, " + (length >= 0 ? length + " bytes" : "unknown length") + "]";
            default:
                return "Payload[BYTES, " + length + " bytes]";
        }
    }
}
