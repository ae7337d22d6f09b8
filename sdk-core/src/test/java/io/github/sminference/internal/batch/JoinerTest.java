package io.github.sminference.internal.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinerTest {

    static String join(String in, String out, String contentType) {
        return new String(Joiner.join(in.getBytes(UTF_8), out.getBytes(UTF_8), contentType), UTF_8);
    }

    static List<byte[]> bytes(String... s) {
        return java.util.Arrays.stream(s).map(x -> x.getBytes(UTF_8)).collect(Collectors.toList());
    }

    @Test
    void join_csv_appendsTheOutputToTheRow() {
        assertThat(join("1,2,3", "0.9\n", "text/csv")).isEqualTo("1,2,3,0.9");
        assertThat(join("1,\"a,b\"\r\n", "0.1,0.9\r\n", "Text/CSV; charset=utf-8")).isEqualTo("1,\"a,b\",0.1,0.9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/jsonlines", "application/x-jsonlines",
        "application/json; charset=UTF-8"})
    void join_jsonObject_addsSageMakerOutputAsTheLastMember(String contentType) {
        assertThat(join("{\"id\":1,\"f\":[1,2]}", "{\"score\":0.9}\n", contentType))
                .isEqualTo("{\"id\":1,\"f\":[1,2],\"SageMakerOutput\":{\"score\":0.9}}");
    }

    @Test
    void join_jsonObjectWithNestingAndTrickyStrings_splicesAtTheRealEnd() {
        String in = "  {\"a\":{\"b\":{\"c\":[{\"d\":\"}\"}]}},\"s\":\"he said \\\"{x}\\\" \\\\\",\"u\":\"\\u00e9}]\"} \n";
        assertThat(join(in, "1", "application/json")).isEqualTo(
                "{\"a\":{\"b\":{\"c\":[{\"d\":\"}\"}]}},\"s\":\"he said \\\"{x}\\\" \\\\\",\"u\":\"\\u00e9}]\","
                        + "\"SageMakerOutput\":1}");
    }

    @Test
    void join_prettyObject_dropsWhitespaceBeforeTheClosingBrace() {
        assertThat(join("{\n  \"a\": 1\n}", "true", "application/json"))
                .isEqualTo("{\n  \"a\": 1,\"SageMakerOutput\":true}");
    }

    @Test
    void join_emptyObject_getsOnlyTheOutputMember() {
        assertThat(join("{}", "[1,2]", "application/json")).isEqualTo("{\"SageMakerOutput\":[1,2]}");
        assertThat(join("{ \t}", "null", "application/json")).isEqualTo("{\"SageMakerOutput\":null}");
    }

    @Test
    void join_outputJsonValues_areInsertedRaw() {
        for (String v : new String[] {"\"label\"", "-1.5e+3", "0", "false", "null", "[]", "{\"a\":[{}]}"}) {
            assertThat(join("{\"x\":1}", v, "application/json")).isEqualTo("{\"x\":1,\"SageMakerOutput\":" + v + "}");
        }
    }

    @Test
    void join_nonJsonOutput_isQuotedAndEscaped() {
        assertThat(join("{\"x\":1}", "cat \"tabby\"\\\tmeow\u0001", "application/json"))
                .isEqualTo("{\"x\":1,\"SageMakerOutput\":\"cat \\\"tabby\\\"\\\\\\tmeow\\u0001\"}");
        // A raw control character inside a JSON string makes it invalid JSON: quoted and escaped.
        assertThat(join("{}", "\"a\tb\"", "application/json"))
                .isEqualTo("{\"SageMakerOutput\":\"\\\"a\\tb\\\"\"}");
        // Almost-JSON is not JSON: quoted.
        for (String v : new String[] {"01", "1.", "tru", "{\"a\":1", "[1,]", "{'a':1}", "\"open", "1 2", ""}) {
            assertThat(join("{}", v, "application/json")).as(v)
                    .isEqualTo("{\"SageMakerOutput\":\"" + v.replace("\"", "\\\"") + "\"}");
        }
    }

    @Test
    void join_multilineNonJsonOutput_keepsInnerLineBreaksEscaped() {
        assertThat(join("{}", "a\nb\n", "application/json")).isEqualTo("{\"SageMakerOutput\":\"a\\nb\"}");
    }

    @Test
    void join_jsonNonObjectInput_wrapsInputAndOutput() {
        assertThat(join("[1,2,3]", "0.5", "application/json"))
                .isEqualTo("{\"SageMakerInput\":[1,2,3],\"SageMakerOutput\":0.5}");
        assertThat(join("\"text\"", "{\"l\":1}", "application/jsonlines"))
                .isEqualTo("{\"SageMakerInput\":\"text\",\"SageMakerOutput\":{\"l\":1}}");
        assertThat(join("not json", "x", "application/json"))
                .isEqualTo("{\"SageMakerInput\":\"not json\",\"SageMakerOutput\":\"x\"}");
    }

    @Test
    void join_invalidObjectInput_isNotSplicedButWrapped() {
        assertThat(join("{\"a\":}", "1", "application/json"))
                .isEqualTo("{\"SageMakerInput\":\"{\\\"a\\\":}\",\"SageMakerOutput\":1}");
    }

    @Test
    void join_deeplyNestedInput_doesNotOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(join("{\"d\":" + deep + "}", "1", "application/json")).endsWith(",\"SageMakerOutput\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "application/x-recordio-protobuf", "text/plain"})
    void join_unsupportedContentType_isRejectedWithTheFix(String contentType) {
        assertThatThrownBy(() -> join("a", "b", contentType))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("joinSource");
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining(contentType)
                .hasMessageContaining("only for CSV")
                .hasMessageContaining("JSON");
    }

    @Test
    void join_missingContentType_isRejected() {
        assertThatThrownBy(() -> join("a", "b", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no content type");
    }

    @Test
    void splitLines_followsTheReaderRules() {
        assertThat(Joiner.splitLines("a\r\n\nb\nc".getBytes(UTF_8)))
                .extracting(b -> new String(b, UTF_8)).containsExactly("a", "", "b", "c");
        assertThat(Joiner.splitLines("a\n".getBytes(UTF_8))).hasSize(1);
        assertThat(Joiner.splitLines("\n".getBytes(UTF_8))).hasSize(1);
        assertThat(Joiner.splitLines(new byte[0])).isEmpty();
    }

    @Test
    void joinBatch_oneLinePerRecord_joinsRecordByRecord() {
        List<byte[]> joined = Joiner.joinBatch(bytes("1,2", "3,4"), "0.1\n0.2\n".getBytes(UTF_8), "text/csv",
                "in.csv", 7);
        assertThat(joined).extracting(b -> new String(b, UTF_8)).containsExactly("1,2,0.1", "3,4,0.2");
    }

    @Test
    void joinBatch_countMismatch_namesSourceRangeAndBothCounts() {
        assertThatThrownBy(() -> Joiner.joinBatch(bytes("1", "2", "3"), "0.1\n0.2\n".getBytes(UTF_8), "text/csv",
                "s3://b/in.csv", 40))
                .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("records 40 to 42 of 's3://b/in.csv'")
                .hasMessageContaining("3 records")
                .hasMessageContaining("2 lines")
                .hasMessageContaining("one line per record");
    }
}
