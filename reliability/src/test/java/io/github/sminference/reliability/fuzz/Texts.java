package io.github.sminference.reliability.fuzz;

import java.util.function.Supplier;

/**
 * Shows fuzzed text in assertion messages: printable ASCII as it is, everything else escaped, cut at 300. The
 * {@code lazy} forms render only when a message is printed, so passing runs (thousands a second) pay nothing.
 */
final class Texts {
    private Texts() {
    }

    /** An argument for an assertion description that renders the text only if the description is shown. */
    static Object lazy(Supplier<String> text) {
        return new Object() {
            @Override
            public String toString() {
                return text.get();
            }
        };
    }

    static Object lazyShow(String s) {
        return lazy(() -> show(s));
    }

    static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.chars().limit(300).forEach(c -> sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? Character.toString(c)
                : "\\u" + hex(c, 4)));
        return sb.append(s.length() > 300 ? "...\" (" + s.length() + " chars)" : "\"").toString();
    }

    static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(b.length, 300); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? Character.toString(c) : "\\x" + hex(c, 2));
        }
        return sb.append(b.length > 300 ? "...] (" + b.length + " bytes)" : "]").toString();
    }

    private static String hex(int c, int digits) {
        String h = Integer.toHexString(c);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }
}
