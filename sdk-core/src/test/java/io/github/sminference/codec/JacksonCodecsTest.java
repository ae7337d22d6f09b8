package io.github.sminference.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class JacksonCodecsTest {

    /** A small record. */
    public record Prediction(String label, double score, List<Integer> ids) {
    }

    /** A small POJO with a no-arg constructor and setters. */
    public static final class Features {
        private String name;
        private int[] values;

        public Features() {
        }

        Features(String name, int... values) {
            this.name = name;
            this.values = values;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int[] getValues() {
            return values;
        }

        public void setValues(int[] values) {
            this.values = values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Features f && Objects.equals(name, f.name) && java.util.Arrays.equals(values, f.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, java.util.Arrays.hashCode(values));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void json_contentTypes_areJsonAndJsonLines() {
        assertThat(Codecs.json(Prediction.class).contentType()).isEqualTo("application/json");
        assertThat(Codecs.jsonLines(Prediction.class).contentType()).isEqualTo("application/jsonlines");
    }

    @Test
    void jsonRoundTrip_record_preserved() {
        Codec<Prediction> codec = Codecs.json(Prediction.class);
        Prediction p = new Prediction("cat \"tabby\"\n", 0.75, List.of(1, 2));
        assertThat(codec.decode(codec.encode(p), "application/json")).isEqualTo(p);
    }

    @Test
    void jsonRoundTrip_pojo_preserved() {
        Codec<Features> codec = Codecs.json(Features.class);
        Features f = new Features("f\u00e9", 3, 1, 4);
        assertThat(codec.decode(codec.encode(f), null)).isEqualTo(f);
    }

    @Test
    void jsonDecode_knownShape_readsFields() {
        Prediction p = Codecs.json(Prediction.class).decode(utf8("{\"label\":\"dog\",\"score\":0.5,\"ids\":[7]}"), null);
        assertThat(p).isEqualTo(new Prediction("dog", 0.5, List.of(7)));
    }

    @Test
    void jsonDecode_malformed_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.json(Prediction.class).decode(utf8("{\"label\": "), null))
                .isInstanceOf(CodecException.class).hasMessageContaining("Prediction").hasCauseInstanceOf(
                        com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @Test
    void jsonDecode_emptyBody_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.json(Prediction.class).decode(new byte[0], null))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void jsonDecode_trailingGarbageAfterValue_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.json(Prediction.class)
                .decode(utf8("{\"label\":\"a\",\"score\":1,\"ids\":[]} trailing-garbage"), null))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void jsonLinesRoundTrip_records_preservedOnePerLine() {
        Codec<List<Prediction>> codec = Codecs.jsonLines(Prediction.class);
        List<Prediction> values = List.of(new Prediction("a\nb", 1, List.of()), new Prediction("c", 2.5, List.of(3)));
        byte[] encoded = codec.encode(values);
        String text = new String(encoded, StandardCharsets.UTF_8);
        assertThat(text.split("\n", -1)).hasSize(3).endsWith("");
        assertThat(codec.decode(encoded, "application/jsonlines")).isEqualTo(values);
    }

    @Test
    void jsonLinesDecode_blankLinesAndCrlf_skipped() {
        Codec<List<Prediction>> codec = Codecs.jsonLines(Prediction.class);
        String body = "{\"label\":\"a\",\"score\":1,\"ids\":[]}\r\n\r\n  \n{\"label\":\"b\",\"score\":2,\"ids\":[]}";
        assertThat(codec.decode(utf8(body), null)).extracting(Prediction::label).containsExactly("a", "b");
    }

    @Test
    void jsonLinesDecode_malformedLine_throwsNamingTheLine() {
        Codec<List<Prediction>> codec = Codecs.jsonLines(Prediction.class);
        String body = "{\"label\":\"a\",\"score\":1,\"ids\":[]}\n\n{\"label\":\n";
        assertThatThrownBy(() -> codec.decode(utf8(body), null))
                .isInstanceOf(CodecException.class).hasMessageContaining("line 3");
    }

    @Test
    void jsonLinesDecode_twoValuesOnOneLine_throwsInsteadOfDroppingOne() {
        Codec<List<Prediction>> codec = Codecs.jsonLines(Prediction.class);
        String body = "{\"label\":\"a\",\"score\":1,\"ids\":[]} {\"label\":\"b\",\"score\":2,\"ids\":[]}\n";
        assertThatThrownBy(() -> codec.decode(utf8(body), null))
                .isInstanceOf(CodecException.class).hasMessageContaining("line 1");
    }

    @Test
    void jsonLinesEncode_null_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.jsonLines(Prediction.class).encode(null)).isInstanceOf(CodecException.class);
    }

    @Test
    void json_nullType_throwsNullPointerException() {
        assertThatThrownBy(() -> Codecs.json(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Codecs.jsonLines(null)).isInstanceOf(NullPointerException.class);
    }
}
