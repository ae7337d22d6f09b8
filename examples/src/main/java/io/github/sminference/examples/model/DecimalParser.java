package io.github.sminference.examples.model;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from request bytes, strictly and without allocating.
 *
 * <p>Grammar: optional spaces or tabs, an optional sign, digits with at most one decimal point (at least one digit),
 * an optional exponent ({@code e} or {@code E}, optional sign, digits), optional spaces or tabs. Unlike {@link
 * Double#parseDouble}, it rejects {@code NaN}, {@code Infinity}, hexadecimal and {@code 1d}/{@code 1f} suffixes.
 *
 * <p>Numbers with at most 18 significant digits and a decimal exponent within ±22 take Clinger's fast path: the
 * digits and the power of ten are both exact doubles, so one IEEE multiplication or division rounds correctly. Every
 * other number that matches the grammar is handed to {@link Double#parseDouble}, so results always equal its.
 */
final class DecimalParser {
    /** Integers up to 2^53 are exact doubles. */
    private static final long EXACT_LIMIT = 1L << 53;

    private DecimalParser() {
    }

    /**
     * Parses {@code bytes[from, to)}.
     *
     * @return the value ({@code ±Infinity} if it overflows a double), or {@code NaN} if the text is not a number
     */
    static double parse(byte[] bytes, int from, int to) {
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        int i = from;
        boolean negative = false;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;          // decimal exponent to apply to mantissa
        int digits = 0;
        boolean point = false;
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                digits++;
                if (mantissa == 0 && b == '0') {
                    if (point) {
                        exponent--;    // a leading zero after the point
                    }
                } else if (significant < 18) {
                    mantissa = mantissa * 10 + (b - '0');
                    significant++;
                    if (point) {
                        exponent--;
                    }
                } else {
                    significant++;     // beyond what the fast path keeps: the slow path takes over
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < to) {
            if (bytes[i] != 'e' && bytes[i] != 'E') {
                return Double.NaN;
            }
            i++;
            boolean negativeExponent = false;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            if (i == to) {
                return Double.NaN;
            }
            int e = 0;
            for (; i < to; i++) {
                byte b = bytes[i];
                if (b < '0' || b > '9') {
                    return Double.NaN;
                }
                e = Math.min(e * 10 + (b - '0'), 100_000);   // saturates; far beyond any double either way
            }
            exponent += negativeExponent ? -e : e;
        }
        double value;
        if (significant <= 18 && mantissa <= EXACT_LIMIT && Math.abs(exponent) <= 22) {
            value = exponent < 0 ? mantissa / ByteBuilder.POWERS_OF_TEN[-exponent]
                    : mantissa * ByteBuilder.POWERS_OF_TEN[exponent];
        } else if (mantissa == 0) {
            value = 0.0;
        } else {
            return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return negative ? -value : value;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
