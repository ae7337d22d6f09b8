package io.github.sminference.examples.model;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of ASCII bytes with allocation-free number formatting: what {@link StringBuilder} plus {@link
 * String#format} would do, at a fraction of the cost, for the hundreds of thousands of numbers a payload holds.
 *
 * <p>Not thread-safe.
 */
final class ByteBuilder {
    static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long[] LONG_POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L};
    /** Largest value whose scaled form is formatted on the fast path; beyond it BigDecimal does the work. */
    private static final double FAST_LIMIT = 1e15;

    private byte[] buf;
    private int length;

    ByteBuilder(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    /** Truncates to {@code newLength} bytes (which must not exceed the current length). */
    void setLength(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IndexOutOfBoundsException("newLength " + newLength + " outside [0, " + length + "]");
        }
        length = newLength;
    }

    void clear() {
        length = 0;
    }

    ByteBuilder append(byte b) {
        ensure(1);
        buf[length++] = b;
        return this;
    }

    /** Appends {@code s}, which must be ASCII (each char is written as its low byte). */
    ByteBuilder appendAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteBuilder appendLong(long v) {
        if (v == Long.MIN_VALUE) {
            return appendAscii(Long.toString(v));
        }
        if (v < 0) {
            append((byte) '-');
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * Appends {@code v} with exactly {@code decimals} digits after the point, as {@code String.format("%.Nf", v)} does
     * in the root locale (half-up rounding of the shortest decimal that identifies the double).
     *
     * @param v a finite value
     * @param decimals 0 to 9
     */
    ByteBuilder appendFixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (decimals < 0 || decimals >= LONG_POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("decimals must be 0 to 9 but was " + decimals);
        }
        double scaled = Math.abs(v) * POWERS_OF_TEN[decimals];
        double fraction = scaled - Math.floor(scaled);
        if (scaled >= FAST_LIMIT || Math.abs(fraction - 0.5) < 1e-6) {
            // Huge, or so close to a tie that the binary product cannot tell which way the decimal rounds.
            return appendAscii(new BigDecimal(Double.toString(v)).setScale(decimals, RoundingMode.HALF_UP)
                    .toPlainString());
        }
        long units = Math.round(scaled);
        if (Math.copySign(1.0, v) < 0) {
            append((byte) '-');   // as Formatter does, also for -0.0 and values that round to zero
        }
        long unit = LONG_POWERS_OF_TEN[decimals];
        appendLong(units / unit);
        if (decimals > 0) {
            ensure(decimals + 1);
            buf[length++] = '.';
            long fractionDigits = units % unit;
            for (int i = length + decimals - 1; i >= length; i--) {
                buf[i] = (byte) ('0' + fractionDigits % 10);
                fractionDigits /= 10;
            }
            length += decimals;
        }
        return this;
    }

    /** Writes the content to {@code out}; the content stays. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }

    @Override
    public String toString() {
        return new String(buf, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int extra) {
        if (length + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + extra));
        }
    }
}
