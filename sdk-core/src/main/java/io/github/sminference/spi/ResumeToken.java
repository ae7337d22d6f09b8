package io.github.sminference.spi;

import io.github.sminference.InvocationMode;
import io.github.sminference.exception.InvalidRequestException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The resume token format: {@code smi1.} followed by URL-safe Base64 (no padding) of UTF-8 {@code key=value} lines,
 * keys sorted, values URL-encoded. Versioned, opaque to users, readable by any JVM, never Java serialization. For
 * adapters: each puts what its {@code resume} needs (locations, deadline) and reads it back.
 *
 * <p>Immutable and thread-safe.
 */
public final class ResumeToken {
    /** The prefix of version-1 tokens. */
    public static final String V1 = "smi1.";
    private static final String CORRUPTED_FIX = "; pass the token() of a job handle exactly as it was returned";

    /** What kind of handle a token re-attaches to. */
    public enum Kind {
        /** An {@link io.github.sminference.InferenceJob}. */
        INFERENCE,
        /** A {@link io.github.sminference.ScoringJob}. */
        SCORING
    }

    private static final String KIND = "kind";
    private static final String MODE = "mode";
    private static final String NAME = "name";
    private static final String ID = "id";
    private static final String DEADLINE = "deadline";

    private final Map<String, String> fields;

    private ResumeToken(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /**
     * Starts a token.
     *
     * @param kind the handle kind
     * @param mode the mode
     * @param name the endpoint or job name
     * @param id the inference id or job name
     * @return a builder
     */
    public static Builder builder(Kind kind, InvocationMode mode, String name, String id) {
        Builder b = new Builder();
        b.fields.put(KIND, kind.name());
        b.fields.put(MODE, mode.name());
        b.fields.put(NAME, Objects.requireNonNull(name, "name"));
        b.fields.put(ID, Objects.requireNonNull(id, "id"));
        return b;
    }

    /**
     * Parses a token.
     *
     * @param token the token
     * @return the parsed token
     * @throws InvalidRequestException if the token is {@code null}, of another version, or malformed
     */
    public static ResumeToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidRequestException("token", token == null ? null : abbreviate(token),
                    "pass the token() of a job handle");
        }
        if (!token.startsWith(V1)) {
            throw new InvalidRequestException("token", abbreviate(token),
                    "not a version-1 token of this library (it must start with '" + V1
                            + "'); tokens from a newer version need that version to resume");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.substring(V1.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("token", abbreviate(token), "the token is corrupted (not Base64)"
                    + CORRUPTED_FIX, e);
        }
        Map<String, String> fields = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidRequestException("token", abbreviate(token), "the token is corrupted (bad field)"
                        + CORRUPTED_FIX);
            }
            try {
                fields.put(line.substring(0, eq), URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("token", abbreviate(token), "the token is corrupted (bad value)"
                        + CORRUPTED_FIX, e);
            }
        }
        for (String required : new String[] {KIND, MODE, NAME, ID}) {
            if (!fields.containsKey(required)) {
                throw new InvalidRequestException("token", abbreviate(token),
                        "the token is corrupted (no '" + required + "')" + CORRUPTED_FIX);
            }
        }
        try {
            Kind.valueOf(fields.get(KIND));
            InvocationMode.valueOf(fields.get(MODE));
            if (fields.containsKey(DEADLINE)) {
                Instant.parse(fields.get(DEADLINE));
            }
        } catch (RuntimeException e) {
            throw new InvalidRequestException("token", abbreviate(token), "the token is corrupted (bad value)"
                    + CORRUPTED_FIX, e);
        }
        return new ResumeToken(fields);
    }

    private static String abbreviate(String token) {
        return io.github.sminference.internal.RequestValidator.abbreviate(token.length() > 40
                ? token.substring(0, 40) + "..." : token);
    }

    /**
     * Encodes the token.
     *
     * @return {@code smi1.<base64url>}
     */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            sb.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        return V1 + Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(
                StandardCharsets.UTF_8));
    }

    /**
     * The handle kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return Kind.valueOf(fields.get(KIND));
    }

    /**
     * The mode.
     *
     * @return the mode
     */
    public InvocationMode mode() {
        return InvocationMode.valueOf(fields.get(MODE));
    }

    /**
     * The endpoint or job name.
     *
     * @return the name
     */
    public String name() {
        return fields.get(NAME);
    }

    /**
     * The inference id or job name.
     *
     * @return the id
     */
    public String id() {
        return fields.get(ID);
    }

    /**
     * The absolute deadline after which a resumed wait fails instead of waiting.
     *
     * @return the deadline, or empty if none was recorded
     */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(fields.get(DEADLINE)).map(Instant::parse);
    }

    /**
     * An adapter-specific field.
     *
     * @param key the key
     * @return the value, or empty
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResumeToken && fields.equals(((ResumeToken) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "ResumeToken" + fields;
    }

    /** Builds a {@link ResumeToken}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> fields = new TreeMap<>();

        private Builder() {
        }

        /**
         * Sets the absolute deadline.
         *
         * @param deadline the deadline
         * @return this builder
         */
        public Builder deadline(Instant deadline) {
            fields.put(DEADLINE, deadline.toString());
            return this;
        }

        /**
         * Sets an adapter-specific field.
         *
         * @param key a key of letters and digits
         * @param value the value, or {@code null} to leave it out
         * @return this builder
         */
        public Builder put(String key, String value) {
            if (!key.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("token keys are letters and digits: " + key);
            }
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        /**
         * Builds the token.
         *
         * @return the token
         */
        public ResumeToken build() {
            return new ResumeToken(fields);
        }
    }
}
