package io.github.sminference.internal.codec;

import io.github.sminference.codec.Codec;
import io.github.sminference.exception.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** JSON Lines as raw text lines, with no JSON library. */
public final class JsonLinesTextCodec implements Codec<List<String>> {
    /** The singleton. */
    public static final JsonLinesTextCodec INSTANCE = new JsonLinesTextCodec();

    private JsonLinesTextCodec() {
    }

    @Override
    public String contentType() {
        return "application/jsonlines";
    }

    @Override
    public byte[] encode(List<String> lines) {
        if (lines == null) {
            throw new CodecException("cannot encode null JSON lines", null);
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (String line : lines) {
            if (line == null) {
                throw new CodecException("JSON line " + i + " is null", null);
            }
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new CodecException("JSON line " + i
                        + " contains a line break, so it would be read back as two records; write it compactly", null);
            }
            sb.append(line).append('\n');
            i++;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<String> decode(byte[] body, String contentType) {
        String text = new String(body, TextCodec.charsetOf(contentType));
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "Codecs.jsonLines()";
    }
}
