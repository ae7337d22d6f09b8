package io.github.sminference.internal.codec;

import io.github.sminference.codec.Codec;
import io.github.sminference.exception.CodecException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** UTF-8 text; decoding honours a charset parameter in the content type. */
public final class TextCodec implements Codec<String> {
    /** The singleton. */
    public static final TextCodec INSTANCE = new TextCodec();

    private TextCodec() {
    }

    @Override
    public String contentType() {
        return "text/plain; charset=utf-8";
    }

    @Override
    public byte[] encode(String value) {
        if (value == null) {
            throw new CodecException("cannot encode null text", null);
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] body, String contentType) {
        return new String(body, charsetOf(contentType));
    }

    /**
     * The charset named by a content type's {@code charset} parameter, or UTF-8.
     *
     * @param contentType a content type, or {@code null}
     * @return the charset
     */
    public static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    throw new CodecException("unknown charset '" + name + "' in content type " + contentType, e);
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return "Codecs.text()";
    }
}
