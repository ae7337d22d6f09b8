package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalParserTest {
    private static double parse(String s) {
        byte[] b = ("#" + s + "#").getBytes(StandardCharsets.ISO_8859_1);   // a window inside a larger buffer
        return DecimalParser.parse(b, 1, b.length - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+7", "1", "52.3", "0.001", ".5", "5.", "007.250", "1e3", "1E-3", "-2.5e+2",
        "  3.25\t", "0.1", "0.3", "123456789012345678", "9007199254740993", "123456789012345678901234567890",
        "0.12345678901234567890123", "1e22", "1e23", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014E-308",
        "1e-400", "0e99999", "0.000000000000000000000000001"})
    void parse_validNumber_sameAsDoubleParseDouble(String text) {
        assertThat(Double.doubleToRawLongBits(parse(text)))
                .as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void parse_overflow_infinite() {
        assertThat(parse("1e400")).isInfinite();
        assertThat(parse("-1e400")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "1,0", "NaN", "Infinity", "-Infinity", "0x10", "1d", "1f", "1e", "1e+",
        "--1", "+-1", "1.2.3", ".", "-", "1 2", "1e5.5", "\"1\"", "١"})
    void parse_notANumber_nan(String text) {
        assertThat(parse(text)).as(text).isNaN();
    }

    @Test
    void parse_randomDoublesAsJavaPrintsThem_roundTripExactly() {
        SplittableRandom random = new SplittableRandom(1);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble();
                case 1 -> Math.round(random.nextDouble() * 1e6) / 1e3;
                case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (Double.isFinite(v) && parse(Double.toString(v)) != v) {
                mismatches.add(Double.toString(v));
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
