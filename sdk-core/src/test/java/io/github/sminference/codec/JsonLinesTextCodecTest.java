package io.github.sminference.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTextCodecTest {
    private final Codec<List<String>> codec = Codecs.jsonLines();

    @Test
    void contentType_isJsonLines() {
        assertThat(codec.contentType()).isEqualTo("application/jsonlines");
    }

    @Test
    void encode_elements_oneLineEach() {
        byte[] out = codec.encode(List.of("{\"a\":1}", "[1,2]", "\"s\""));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n[1,2]\n\"s\"\n");
    }

    @Test
    void encode_elementWithNewline_throwsNamingTheElement() {
        assertThatThrownBy(() -> codec.encode(List.of("{}", "{\"a\":\n1}")))
                .isInstanceOf(CodecException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> codec.encode(List.of("{\"a\":\r1}")))
                .isInstanceOf(CodecException.class).hasMessageContaining("line 0");
    }

    @Test
    void encode_nullListOrElement_throwsCodecException() {
        assertThatThrownBy(() -> codec.encode(null)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.encode(Arrays.asList("{}", null))).isInstanceOf(CodecException.class);
    }

    @Test
    void decode_blankLines_skipped() {
        byte[] body = "{\"a\":1}\n\n   \n[2]\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(body, null)).containsExactly("{\"a\":1}", "[2]");
    }

    @Test
    void decode_missingFinalNewline_lastLineKept() {
        assertThat(codec.decode("1\n2".getBytes(StandardCharsets.UTF_8), null)).containsExactly("1", "2");
    }

    @Test
    void roundTrip_compactElements_preserved() {
        List<String> lines = List.of("{\"k\":\"v,\\\"q\\\"\"}", "{\"u\":\"\u00e9\u20ac\"}", "null");
        assertThat(codec.decode(codec.encode(lines), "application/jsonlines")).isEqualTo(lines);
    }
}
