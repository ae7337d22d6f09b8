package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.examples.model.CreditDataset;
import io.github.sminference.examples.model.CreditModel;
import io.github.sminference.examples.model.ModelServer;
import io.github.sminference.local.LocalInferenceClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out example gives the same count on a real-time endpoint and on a batch transform job. */
class FanOutExampleTest {
    @Test
    void highRisk_sameCountOverARealTimeEndpointAndABatchJob(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("applicants.csv");
        CreditDataset.writeCsv(file, 3_000, 5L);
        CreditModel model = CreditModel.trainDefault();
        long expected = 0;
        for (double[] a : CreditDataset.applicants(3_000, 5L)) {
            if (Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6f", model.score(a))) > 0.5) {
                expected++;
            }
        }
        try (ModelServer server = ModelServer.start(model)) {
            long realTime;
            try (InferenceClient c = LocalInferenceClient.builder().endpointName("credit").mode(
                    InvocationMode.REAL_TIME).container(server.uri()).build()) {
                realTime = FanOutExample.highRisk(c, file);
            }
            long batch;
            try (InferenceClient c = LocalInferenceClient.builder().endpointName("credit").mode(InvocationMode.BATCH)
                    .workDir(dir.resolve("work")).container(server.uri()).build()) {
                batch = FanOutExample.highRisk(c, file);
            }
            assertThat(realTime).isEqualTo(expected).isEqualTo(batch).isPositive();
        }
    }
}
