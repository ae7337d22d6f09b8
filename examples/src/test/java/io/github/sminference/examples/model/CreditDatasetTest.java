package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreditDatasetTest {
    private static final String ROW = "\\d+\\.\\d,\\d+\\.\\d{3},\\d+,\\d+,[01],\\d+";

    @Test
    void csvRows_sameSeed_identical() {
        assertThat(CreditDataset.csvRows(200, 3L)).isEqualTo(CreditDataset.csvRows(200, 3L));
    }

    @Test
    void csvRows_differentSeed_different() {
        assertThat(CreditDataset.csvRows(200, 3L)).isNotEqualTo(CreditDataset.csvRows(200, 4L));
    }

    @Test
    void csvRows_anySeed_sixNumericFieldsPerLineNoHeaderNewlineEndings() {
        String csv = CreditDataset.csvRows(500, 8L);

        assertThat(csv).endsWith("\n").doesNotContain("\r");
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(500).allMatch(l -> l.matches(ROW), "matches " + ROW);
    }

    @Test
    void csvRows_parsedBack_equalApplicantsExactly() {
        double[][] parsed = CreditDataset.csvRows(300, 9L).lines()
                .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);

        assertThat(parsed).isDeepEqualTo(CreditDataset.applicants(300, 9L));
    }

    @Test
    void csvRows_zero_empty() {
        assertThat(CreditDataset.csvRows(0, 1L)).isEmpty();
    }

    @Test
    void applicants_trainingSeed_areTheRowsTheModelTrainsOn() {
        CreditModel.LabelledSample training = CreditModel.LabelledSample.draw(42L, 1_000);

        assertThat(CreditDataset.applicants(1_000, 42L)).isDeepEqualTo(training.features);
    }

    @Test
    void applicants_manyRows_plausibleValues() {
        for (double[] a : CreditDataset.applicants(50_000, 10L)) {
            assertThat(a[Applicants.INCOME_K]).isBetween(8.0, 450.0);
            assertThat(a[Applicants.DEBT_TO_INCOME]).isBetween(0.0, 1.2);
            assertThat(a[Applicants.AGE]).isBetween(21.0, 70.0);
            assertThat(a[Applicants.YEARS_EMPLOYED]).isBetween(0.0, a[Applicants.AGE] - 18);
            assertThat(a[Applicants.OPEN_CREDIT_LINES]).isBetween(0.0, 30.0);
            assertThat(a[Applicants.HAS_MORTGAGE]).isIn(0.0, 1.0);
        }
    }

    @Test
    void writeCsv_100kRows_writesEveryLineWellUnderASecond(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("applicants.csv");
        Files.writeString(file, "stale content that must be replaced\n".repeat(200_000));
        CreditDataset.writeCsv(file, 100_000, 12L);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(100_000);
        assertThat(Files.readString(file)).startsWith(CreditDataset.csvRows(50, 12L)).endsWith("\n");
        assertThat(lines.get(99_999)).matches(ROW);
    }

    @Test
    void writeCsvUpTo_20Megabytes_fillsToWithinOneRow() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(20_000_000);

        long rows = CreditDataset.writeCsvUpTo(out, 20_000_000, 13L);

        assertThat(out.size()).isLessThanOrEqualTo(20_000_000).isGreaterThan(20_000_000 - 40);
        byte[] bytes = out.toByteArray();
        long newlines = 0;
        for (byte b : bytes) {
            newlines += b == '\n' ? 1 : 0;
        }
        assertThat(newlines).isEqualTo(rows).isGreaterThan(500_000);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        assertThat(new String(bytes, 0, 4_096, StandardCharsets.US_ASCII))
                .startsWith(CreditDataset.csvRows(100, 13L).substring(0, 2_000));
    }

    @Test
    void writeCsvUpTo_lessThanOneRow_writesNothing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(CreditDataset.writeCsvUpTo(out, 10, 1L)).isZero();
        assertThat(out.size()).isZero();
    }

    @Test
    void negativeSizes_rejectedNamingTheArgument() {
        assertThatThrownBy(() -> CreditDataset.csvRows(-1, 1L)).hasMessage("rows must be at least 0 but was -1");
        assertThatThrownBy(() -> CreditDataset.writeCsvUpTo(new ByteArrayOutputStream(), -5, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBytes must be at least 0 but was -5");
    }
}
