package io.github.sminference.reliability.fuzz;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.core.StreamReadConstraints;

/**
 * An independent JSON reader to check {@code MiniJson} against: Jackson's streaming parser (the copy the AWS SDK
 * ships, already on the test classpath), with strict defaults and the same value model as {@code MiniJson}
 * (objects as insertion-ordered maps where a repeated name keeps its first position and its last value, arrays as
 * lists, numbers as {@link BigDecimal}). It also reports the features {@code MiniJson} is allowed to refuse by its
 * limits: container depth, number length and exponent length.
 */
final class JsonReference {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build())
            .build();

    /** The outcome of reading a text. */
    static final class Result {
        final boolean valid;
        final Object value;
        /** The deepest container nesting (1 for {@code []}). */
        final int depth;
        /** The longest number token, in characters. */
        final int longestNumber;
        /** The longest exponent of a number token, in digits. */
        final int longestExponent;
        /** Whether a number has a value BigDecimal cannot hold (an exponent beyond the int range). */
        final boolean hugeExponent;

        Result(boolean valid, Object value, int depth, int longestNumber, int longestExponent,
                boolean hugeExponent) {
            this.valid = valid;
            this.value = value;
            this.depth = depth;
            this.longestNumber = longestNumber;
            this.longestExponent = longestExponent;
            this.hugeExponent = hugeExponent;
        }
    }

    private int depth;
    private int maxDepth;
    private int longestNumber;
    private int longestExponent;
    private boolean hugeExponent;

    private JsonReference() {
    }

    /**
     * Reads exactly one JSON value.
     *
     * @param text the text
     * @return the outcome; {@code valid} is false when the text is not exactly one JSON value
     */
    static Result read(String text) {
        JsonReference r = new JsonReference();
        if (!asciiHexEscapes(text)) {
            return r.result(false, null);
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return r.result(false, null);
            }
            Object v = r.value(p, t);
            if (p.nextToken() != null) {
                return r.result(false, null);
            }
            return r.result(true, v);
        } catch (IOException | RuntimeException e) {
            return r.result(false, null);
        }
    }

    /**
     * Whether every {@code \\u} escape inside a string has four ASCII hex digits, as JSON requires. Jackson's own
     * check masks a character to its low byte before looking it up ({@code CharTypes.charToHex}), so it reads
     * {@code \\ude0} followed by U+0663 (an Arabic-Indic digit three) as {@code \\ude0c}: the reference must not.
     */
    static boolean asciiHexEscapes(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!inString) {
                inString = c == '"';
            } else if (c == '"') {
                inString = false;
            } else if (c == '\\') {
                if (i + 1 < text.length() && text.charAt(i + 1) == 'u') {
                    for (int k = i + 2; k < i + 6; k++) {
                        char h = k < text.length() ? text.charAt(k) : 'x';
                        if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                            return false;
                        }
                    }
                    i += 5;
                } else {
                    i++;
                }
            }
        }
        return true;
    }

    private Result result(boolean valid, Object value) {
        return new Result(valid, value, maxDepth, longestNumber, longestExponent, hugeExponent);
    }

    private Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                enter();
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                if (n != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected " + n);
                }
                depth--;
                return m;
            }
            case START_ARRAY: {
                enter();
                List<Object> a = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new IOException("unterminated array");
                    }
                    a.add(value(p, n));
                }
                depth--;
                return a;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                String s = p.getText();
                longestNumber = Math.max(longestNumber, s.length());
                int e = Math.max(s.indexOf('e'), s.indexOf('E'));
                if (e >= 0) {
                    int digits = s.length() - e - 1;
                    if (digits > 0 && (s.charAt(e + 1) == '+' || s.charAt(e + 1) == '-')) {
                        digits--;
                    }
                    longestExponent = Math.max(longestExponent, digits);
                }
                try {
                    return new BigDecimal(s);
                } catch (NumberFormatException nfe) {
                    hugeExponent = true;
                    return s;
                }
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + t);
        }
    }

    private void enter() {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
    }

    /**
     * Compares two values of the shared model; numbers by numeric value.
     *
     * @param a one value
     * @param b the other
     * @return whether they are the same JSON value
     */
    static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal && b instanceof BigDecimal) {
            return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (!new ArrayList<>(x.keySet()).equals(new ArrayList<>(y.keySet()))) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
