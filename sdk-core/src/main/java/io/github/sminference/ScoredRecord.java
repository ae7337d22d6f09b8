package io.github.sminference;

import io.github.sminference.exception.InferenceException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One scored record of a dataset: its position, where it came from, its input, and its output or error.
 * Immutable and thread-safe. {@code toString()} shows neither input nor output.
 */
public final class ScoredRecord {
    private final long index;
    private final String source;
    private final byte[] input;
    private final byte[] output;
    private final InferenceException error;

    private ScoredRecord(long index, String source, byte[] input, byte[] output, InferenceException error) {
        this.index = index;
        this.source = Objects.requireNonNull(source, "source");
        this.input = input;
        this.output = output;
        this.error = error;
    }

    /**
     * A successfully scored record (for adapters). Arrays are owned by the record from now on.
     *
     * @param index position in the whole dataset, from 0
     * @param source the file or object the record came from
     * @param input the input record, or {@code null} when not available
     * @param output the model's output for it
     * @return the record
     */
    public static ScoredRecord success(long index, String source, byte[] input, byte[] output) {
        return new ScoredRecord(index, source, input, Objects.requireNonNull(output, "output"), null);
    }

    /**
     * A record that failed (when the caller asked for per-record errors instead of failing the job).
     *
     * @param index position in the whole dataset, from 0
     * @param source the file or object the record came from
     * @param input the input record, or {@code null}
     * @param error why it failed
     * @return the record
     */
    public static ScoredRecord failure(long index, String source, byte[] input, InferenceException error) {
        return new ScoredRecord(index, source, input, null, Objects.requireNonNull(error, "error"));
    }

    /**
     * The record's position in the whole dataset (input order), from 0.
     *
     * @return the index
     */
    public long index() {
        return index;
    }

    /**
     * The file or object the record came from.
     *
     * @return a path or URI
     */
    public String source() {
        return source;
    }

    /**
     * The input record, as read from the source.
     *
     * @return a copy of the bytes, or empty when the input is not available (a joined batch output)
     */
    public Optional<byte[]> input() {
        return Optional.ofNullable(input).map(byte[]::clone);
    }

    /**
     * The input record as UTF-8 text, without the line break.
     *
     * @return the text, or empty
     */
    public Optional<String> inputText() {
        return Optional.ofNullable(input).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * The model's output for this record.
     *
     * @return a copy of the bytes, or empty if the record failed
     */
    public Optional<byte[]> output() {
        return Optional.ofNullable(output).map(byte[]::clone);
    }

    /**
     * The output as UTF-8 text.
     *
     * @return the text, or empty if the record failed
     */
    public Optional<String> outputText() {
        return Optional.ofNullable(output).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Why the record failed.
     *
     * @return the error, or empty on success
     */
    public Optional<InferenceException> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Whether the record was scored.
     *
     * @return {@code true} if there is an output
     */
    public boolean isSuccess() {
        return error == null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScoredRecord)) {
            return false;
        }
        ScoredRecord r = (ScoredRecord) o;
        return index == r.index && source.equals(r.source) && Arrays.equals(input, r.input)
                && Arrays.equals(output, r.output) && Objects.equals(error, r.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, source, Arrays.hashCode(input), Arrays.hashCode(output), error);
    }

    @Override
    public String toString() {
        return "ScoredRecord[" + index + ", " + source + (error == null ? ", " + output.length + " bytes out"
                : ", failed: " + error.getClass().getSimpleName()) + "]";
    }
}
