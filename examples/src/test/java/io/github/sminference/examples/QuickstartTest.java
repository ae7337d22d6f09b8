package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quickstart (smaller sizes) end to end against the demo model and checks what each mode produced. */
class QuickstartTest {
    @TempDir
    Path work;

    @Test
    void run_allFourModes_produceTheirResults() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Quickstart.Outcome o = new Quickstart(new PrintStream(printed, true, StandardCharsets.UTF_8), work, 5_000,
                8_000_000L).run();
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(o.realTimeScores()).hasSize(3).allSatisfy(s -> assertThat(Double.parseDouble(s)).isBetween(0.0,
                1.0));
        assertThat(text).contains("a 7 MB request is rejected before it is sent");
        assertThat(text).contains("== SERVERLESS").contains("50 predictAsync calls");
        assertThat(o.asyncRows()).isGreaterThan(6_291_456L / 40); // far over the real-time limit in bytes
        assertThat(o.asyncOutputLines()).isEqualTo(o.asyncRows());
        assertThat(o.batchRecords()).isEqualTo(5_000);
        assertThat(Files.readAllLines(o.batchOutput())).hasSize(5_000);
        assertThat(o.batchOutput().getFileName().toString()).isEqualTo("applicants.csv.out");
        assertThat(text).contains("COMPLETED: 5,000 of 5,000 records");
    }
}
