package io.github.sminference.reliability.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.sminference.internal.json.MiniJson;

/**
 * Fuzzes {@link MiniJson#parse}, the JSON reader for untrusted text, against an independent reader
 * ({@link JsonReference}). Property: for any text, {@code MiniJson} either returns the same value as the reference
 * reader, or throws its {@link MiniJson.JsonException}; it throws that exception for every text the reference
 * rejects, and rejects a valid text only for one of its documented limits (nesting deeper than
 * {@link MiniJson#MAX_DEPTH}, a number over 400 characters or with an exponent over 6 digits). Never another
 * exception, never a stack overflow (the reference accepts nesting far deeper than the limit).
 *
 * <p>The input bytes are decoded as UTF-8 (malformed sequences become U+FFFD).
 */
class MiniJsonFuzzTest {
    /** MiniJson's limit on a number token's length, in characters. */
    static final int MAX_NUMBER_CHARS = 400;
    /** MiniJson's limit on an exponent's length, in digits. */
    static final int MAX_EXPONENT_DIGITS = 6;

    @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r",
        "\\t", "\\u", "\\u0000", "\\ud800", "\\udc00", "true", "false", "null", "-", "0", "1.5", "e+", "E-", "1e9",
        "\u0660", "\uff11", "\ufeff", "\u00a0"})
    @FuzzTest(maxDuration = "60s")
    void parse_anyText_sameValueAsReferenceOrJsonException(byte[] input) {
        String text = new String(input, UTF_8);
        JsonReference.Result ref = JsonReference.read(text);
        Object value;
        try {
            value = MiniJson.parse(text);
        } catch (MiniJson.JsonException e) {
            if (ref.valid) {
                assertThat(overLimits(ref)).as("rejected valid JSON %s: %s", Texts.lazyShow(text), e.getMessage())
                        .isTrue();
            }
            return;
        }
        assertThat(ref.valid).as("accepted invalid JSON %s as %s", Texts.lazyShow(text), value).isTrue();
        assertThat(JsonReference.same(value, ref.value))
                .as("read %s as %s, the reference as %s", Texts.lazyShow(text), value, ref.value).isTrue();
    }

    /** Whether {@code MiniJson} may refuse a valid text for one of its limits. */
    static boolean overLimits(JsonReference.Result ref) {
        return ref.depth > MiniJson.MAX_DEPTH || ref.longestNumber > MAX_NUMBER_CHARS
                || ref.longestExponent > MAX_EXPONENT_DIGITS || ref.hugeExponent;
    }
}
