package io.github.sminference.codec;

import io.github.sminference.internal.codec.BytesCodec;
import io.github.sminference.internal.codec.CsvCodec;
import io.github.sminference.internal.codec.JacksonSupport;
import io.github.sminference.internal.codec.JsonLinesTextCodec;
import io.github.sminference.internal.codec.TextCodec;
import java.util.List;

/**
 * The built-in codecs. All are thread-safe singletons or cheap immutable instances.
 *
 * <ul>
 *   <li>{@link #bytes()}: the body as it is ({@code application/octet-stream}).</li>
 *   <li>{@link #text()}: UTF-8 text ({@code text/plain}); decoding honours a {@code charset} in the content type.</li>
 *   <li>{@link #csv()}: rows of fields ({@code text/csv}), RFC 4180: quoted fields may hold commas, quotes
 *       ({@code ""}) and line breaks; lines end with {@code \n} or {@code \r\n}.</li>
 *   <li>{@link #jsonLines()}: one JSON text per line ({@code application/jsonlines}), kept as strings, with no JSON
 *       library needed.</li>
 *   <li>{@link #json(Class)} and {@link #jsonLines(Class)}: Jackson data binding. These need
 *       {@code com.fasterxml.jackson.core:jackson-databind} on the classpath (an optional dependency of this
 *       library); without it they fail with a message naming the artifact. Nothing else needs Jackson.</li>
 * </ul>
 */
public final class Codecs {
    private Codecs() {
    }

    /**
     * The identity codec: bytes in, bytes out (copied).
     *
     * @return the codec
     */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    /**
     * UTF-8 text. Decoding uses the charset named in the response's content type, if any, else UTF-8.
     *
     * @return the codec
     */
    public static Codec<String> text() {
        return TextCodec.INSTANCE;
    }

    /**
     * CSV rows (RFC 4180). Encoding quotes a field only when it holds a comma, a quote, a line break, or leading or
     * trailing spaces (which trimming readers would otherwise drop), and ends every row with {@code \n} (SageMaker's
     * containers split on it). Decoding accepts {@code \n} and {@code \r\n},
     * quoted fields with embedded commas, doubled quotes and line breaks, and a missing final line break; an
     * unterminated quote is a {@link io.github.sminference.exception.CodecException} naming the row.
     *
     * @return the codec
     */
    public static Codec<List<List<String>>> csv() {
        return CsvCodec.INSTANCE;
    }

    /**
     * JSON Lines kept as text: each list element is one line holding one JSON value. Encoding rejects elements that
     * contain a line break (they would split into two records); decoding skips blank lines. No JSON library is
     * needed; the lines are not parsed.
     *
     * @return the codec
     */
    public static Codec<List<String>> jsonLines() {
        return JsonLinesTextCodec.INSTANCE;
    }

    /**
     * JSON through Jackson data binding ({@code application/json}).
     *
     * @param type the class to decode into (and encode from)
     * @param <T> the type
     * @return the codec
     * @throws IllegalStateException if jackson-databind is not on the classpath; the message names the artifact
     */
    public static <T> Codec<T> json(Class<T> type) {
        return JacksonSupport.json(type);
    }

    /**
     * JSON Lines through Jackson data binding ({@code application/jsonlines}): one value per line.
     *
     * @param type the class of each line's value
     * @param <T> the type
     * @return the codec
     * @throws IllegalStateException if jackson-databind is not on the classpath; the message names the artifact
     */
    public static <T> Codec<List<T>> jsonLines(Class<T> type) {
        return JacksonSupport.jsonLines(type);
    }
}
