package io.github.sminference.internal.batch;

import java.util.Arrays;

/**
 * A strict JSON (RFC 8259) validator over UTF-8 bytes, small and iterative (no recursion, so deep nesting cannot
 * overflow the stack). It decides whether bytes are one complete JSON value; it builds nothing.
 */
final class JsonScan {
    private static final byte OBJECT = 1;
    private static final byte ARRAY = 2;

    private static final int VALUE = 0;
    private static final int KEY = 1;
    private static final int AFTER = 2;

    private JsonScan() {
    }

    /**
     * Whether {@code b[from, to)} is exactly one JSON value, with optional whitespace around it.
     *
     * @param b the bytes
     * @param from the first byte
     * @param to the end (exclusive)
     * @return {@code true} for an object, array, string, number, {@code true}, {@code false} or {@code null}
     */
    static boolean isValue(byte[] b, int from, int to) {
        int end = scanValue(b, skipWs(b, from, to), to);
        return end >= 0 && skipWs(b, end, to) == to;
    }

    /**
     * Whether {@code b[from, to)} is exactly one JSON object, with optional whitespace around it.
     *
     * @param b the bytes
     * @param from the first byte
     * @param to the end (exclusive)
     * @return {@code true} for an object
     */
    static boolean isObject(byte[] b, int from, int to) {
        int start = skipWs(b, from, to);
        return start < to && b[start] == '{' && isValue(b, start, to);
    }

    /**
     * Skips JSON whitespace (space, tab, CR, LF).
     *
     * @return the first index at or after {@code i} that is not whitespace, or {@code to}
     */
    static int skipWs(byte[] b, int i, int to) {
        while (i < to && isWs(b[i])) {
            i++;
        }
        return i;
    }

    /**
     * Skips JSON whitespace backwards.
     *
     * @return the index just after the last byte before {@code to} that is not whitespace, or {@code from}
     */
    static int skipWsBack(byte[] b, int from, int to) {
        while (to > from && isWs(b[to - 1])) {
            to--;
        }
        return to;
    }

    private static boolean isWs(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Scans one value starting at {@code i}; returns the index after it, or -1 if it is not valid JSON. */
    private static int scanValue(byte[] b, int i, int to) {
        byte[] stack = new byte[16];
        int depth = 0;
        int state = VALUE;
        while (true) {
            i = skipWs(b, i, to);
            if (state == AFTER && depth == 0) {
                return i;
            }
            if (i >= to) {
                return -1;
            }
            byte c = b[i];
            if (state == VALUE) {
                if (c == '{' || c == '[') {
                    if (depth == stack.length) {
                        stack = Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = c == '{' ? OBJECT : ARRAY;
                    i = skipWs(b, i + 1, to);
                    if (i < to && b[i] == (c == '{' ? '}' : ']')) {
                        depth--;
                        i++;
                        state = AFTER;
                    } else {
                        state = c == '{' ? KEY : VALUE;
                    }
                    continue;
                }
                if (c == '"') {
                    i = scanString(b, i, to);
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    i = scanNumber(b, i, to);
                } else if (c == 't') {
                    i = literal(b, i, to, "true");
                } else if (c == 'f') {
                    i = literal(b, i, to, "false");
                } else if (c == 'n') {
                    i = literal(b, i, to, "null");
                } else {
                    return -1;
                }
                if (i < 0) {
                    return -1;
                }
                state = AFTER;
            } else if (state == KEY) {
                if (c != '"') {
                    return -1;
                }
                i = scanString(b, i, to);
                if (i < 0) {
                    return -1;
                }
                i = skipWs(b, i, to);
                if (i >= to || b[i] != ':') {
                    return -1;
                }
                i++;
                state = VALUE;
            } else {
                byte top = stack[depth - 1];
                if (c == ',') {
                    i++;
                    state = top == OBJECT ? KEY : VALUE;
                } else if ((top == OBJECT && c == '}') || (top == ARRAY && c == ']')) {
                    i++;
                    depth--;
                } else {
                    return -1;
                }
            }
        }
    }

    /** Scans a string starting at its opening quote; returns the index after the closing quote, or -1. */
    private static int scanString(byte[] b, int i, int to) {
        i++;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (i + 1 >= to) {
                    return -1;
                }
                byte e = b[i + 1];
                if (e == 'u') {
                    if (i + 6 > to) {
                        return -1;
                    }
                    for (int k = i + 2; k < i + 6; k++) {
                        if (Character.digit(b[k], 16) < 0) {
                            return -1;
                        }
                    }
                    i += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    return -1;
                }
                i += 2;
                continue;
            }
            i++;
        }
        return -1;
    }

    /** Scans {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}; returns the index after it, or -1. */
    private static int scanNumber(byte[] b, int i, int to) {
        if (b[i] == '-') {
            i++;
        }
        if (i >= to) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i, to);
        } else {
            return -1;
        }
        if (i < to && b[i] == '.') {
            int d = digits(b, i + 1, to);
            if (d == i + 1) {
                return -1;
            }
            i = d;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = digits(b, i, to);
            if (d == i) {
                return -1;
            }
            i = d;
        }
        // A number must end at a delimiter, not run into letters ("1x" or "01" are not JSON).
        if (i < to && !isWs(b[i]) && b[i] != ',' && b[i] != ']' && b[i] != '}') {
            return -1;
        }
        return i;
    }

    private static int digits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int literal(byte[] b, int i, int to, String word) {
        if (i + word.length() > to) {
            return -1;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return -1;
            }
        }
        return i + word.length();
    }
}
