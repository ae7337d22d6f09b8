package io.github.sminference.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict JSON reader used on untrusted input. */
class MiniJsonTest {

    @Test
    void parse_everyValueKind() {
        Map<String, Object> m = MiniJson.parseObject(" {\"s\":\"a\\\"b\\u00e9\\n\",\"n\":-1.5e3,\"t\":true,\"f\":false,"
                + "\"z\":null,\"a\":[1,{\"x\":[]}],\"o\":{}} ");
        assertThat(m.get("s")).isEqualTo("a\"b\u00e9\n");
        assertThat(m.get("n")).isEqualTo(new BigDecimal("-1.5e3"));
        assertThat(m.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(m.get("f")).isEqualTo(Boolean.FALSE);
        assertThat(m).containsKey("z");
        assertThat(m.get("z")).isNull();
        assertThat((List<?>) m.get("a")).hasSize(2);
        assertThat(MiniJson.object(m, "o")).isEmpty();
        assertThat(MiniJson.string(m, "n")).isNull();
        assertThat(MiniJson.object(m, "missing")).isEmpty();
    }

    @Test
    void parse_keepsMemberOrder() {
        assertThat(MiniJson.parseObject("{\"b\":1,\"a\":2}").keySet()).containsExactly("b", "a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "{\"a\" 1}", "\"unterminated",
        "01", "1.", "-", "1e", "1e1234567", "tru", "nul", "{\"a\":1} x", "\"\\x\"", "\"\\u12\"", "\"a\u0001b\"",
        "[1 2]", "{\"a\":[}"})
    void parse_malformed_throwsJsonException(String text) {
        assertThatThrownBy(() -> MiniJson.parse(text)).isInstanceOf(MiniJson.JsonException.class);
    }

    @Test
    void parse_nestingDeeperThanTheLimit_throwsWithoutOverflowingTheStack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> MiniJson.parse(deep)).isInstanceOf(MiniJson.JsonException.class)
                .hasMessageContaining("nesting");
        String ok = "[".repeat(MiniJson.MAX_DEPTH) + "]".repeat(MiniJson.MAX_DEPTH);
        assertThat(MiniJson.parse(ok)).isInstanceOf(List.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1\u0660", "[0,1.5\u0663]", "1e\u0661", "\u0661", "\"\\u\uff10041\"",
        "\"\\u00\u0664\u0661\""})
    void parse_nonAsciiDigits_throwsJsonException(String text) {
        // Found by MiniJsonFuzzTest: Character.isDigit/digit took Arabic-Indic and fullwidth digits, so
        // "[0,1.5\u0663]" read as [0, 1.53]. JSON digits and \\u hex digits are ASCII only.
        assertThatThrownBy(() -> MiniJson.parse(text)).isInstanceOf(MiniJson.JsonException.class);
    }

    @Test
    void parse_asciiHexEscapesInEitherCase() {
        assertThat(MiniJson.parse("\"\\u00e9\\u00C9\\uABcd\"")).isEqualTo("\u00e9\u00c9\uabcd");
    }

    @Test
    void parseObject_nonObject_throws() {
        assertThatThrownBy(() -> MiniJson.parseObject("[1]")).isInstanceOf(MiniJson.JsonException.class);
        assertThatThrownBy(() -> MiniJson.parseObject(null)).isInstanceOf(MiniJson.JsonException.class);
    }
}
