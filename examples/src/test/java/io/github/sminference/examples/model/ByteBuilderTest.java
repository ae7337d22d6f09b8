package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteBuilderTest {
    @ParameterizedTest(name = "{0} to {1} decimals")
    @CsvSource({"0.0000005, 6", "0.1234565, 6", "0.9999995, 6", "0.125, 2", "0.15, 1", "2.5, 0", "-0.0, 1",
        "-0.0000001, 6", "1e20, 2", "123456789.123, 3", "0.5, 0", "1.0, 6", "-52.25, 1", "9.999999999, 9"})
    void appendFixed_edgeCases_sameAsStringFormat(double v, int decimals) {
        String text = new ByteBuilder(4).appendFixed(v, decimals).toString();

        assertThat(text).isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    @Test
    void appendFixed_randomProbabilities_sameAsStringFormat() {
        SplittableRandom random = new SplittableRandom(2);
        ByteBuilder b = new ByteBuilder(16);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // Half are 7-decimal values, so the sixth decimal is often a tie (…5) to round.
            double p = i % 2 == 0 ? random.nextDouble() : Math.round(random.nextDouble() * 1e7) / 1e7;
            b.clear();
            String expected = String.format(Locale.ROOT, "%.6f", p);
            if (!b.appendFixed(p, 6).toString().equals(expected)) {
                mismatches.add(p + " -> " + b + " not " + expected);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void appendLong_extremes_sameAsLongToString() {
        ByteBuilder b = new ByteBuilder(1);
        b.appendLong(0).append((byte) ' ').appendLong(-42).append((byte) ' ').appendLong(Long.MAX_VALUE)
                .append((byte) ' ').appendLong(Long.MIN_VALUE);

        assertThat(b.toString()).isEqualTo("0 -42 " + Long.MAX_VALUE + " " + Long.MIN_VALUE);
    }

    @Test
    void appendFixed_notFinite_throws() {
        assertThatThrownBy(() -> new ByteBuilder(8).appendFixed(Double.NaN, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setLength_truncates_andRejectsGrowth() {
        ByteBuilder b = new ByteBuilder(8).appendAscii("abcdef");
        b.setLength(3);

        assertThat(b.toString()).isEqualTo("abc");
        assertThatThrownBy(() -> b.setLength(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
