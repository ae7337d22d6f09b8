package io.github.sminference.internal.codec;

import io.github.sminference.codec.Codec;
import java.util.List;
import java.util.Objects;

/** Creates the Jackson codecs only when Jackson is present, so the core never needs it otherwise. */
public final class JacksonSupport {
    private static final String ARTIFACT = "com.fasterxml.jackson.core:jackson-databind";
    private static final boolean PRESENT = isPresent();

    private JacksonSupport() {
    }

    private static boolean isPresent() {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, JacksonSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void require() {
        if (!PRESENT) {
            throw new IllegalStateException("The JSON codecs need " + ARTIFACT
                    + " (2.x) on the classpath; add it as a dependency, or use Codecs.jsonLines() or Codecs.text()"
                    + " which need no JSON library.");
        }
    }

    /**
     * A JSON codec.
     *
     * @param type the value class
     * @param <T> the type
     * @return the codec
     */
    public static <T> Codec<T> json(Class<T> type) {
        require();
        return new JacksonCodecs.Json<>(Objects.requireNonNull(type, "type"));
    }

    /**
     * A JSON Lines codec.
     *
     * @param type the value class of each line
     * @param <T> the type
     * @return the codec
     */
    public static <T> Codec<List<T>> jsonLines(Class<T> type) {
        require();
        return new JacksonCodecs.JsonLines<>(Objects.requireNonNull(type, "type"));
    }
}
