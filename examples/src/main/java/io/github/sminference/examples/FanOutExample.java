package io.github.sminference.examples;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.examples.model.CreditDataset;
import io.github.sminference.examples.model.CreditModel;
import io.github.sminference.examples.model.ModelServer;
import io.github.sminference.local.LocalInferenceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Scores a CSV file over a real-time endpoint: {@code score(Dataset)} fans the records out from the client with
 * bounded concurrency and an optional rate limit, and hands them back in input order, each paired with its input.
 * The same code runs a transform job on a BATCH client. Here the endpoint is the demo model in local mode.
 */
public final class FanOutExample {
    private FanOutExample() {
    }

    /**
     * Scores the file and counts the applicants above a threshold.
     *
     * @param client any client: real-time, serverless, asynchronous endpoint or batch
     * @param applicants a CSV file, one applicant per line
     * @return how many scored above 0.5
     */
    static long highRisk(InferenceClient client, Path applicants) {
        long high = 0;
        // --8<-- [start:fanout]
        ScoringJob job = client.score(Dataset.ofFiles(applicants).withContentType("text/csv"),
                ScoringOptions.builder()
                        .batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD)   // or SINGLE_RECORD
                        .maxConcurrentTransforms(8)                                  // requests in flight
                        .requestsPerSecond(500.0)                                    // optional rate limit
                        .recordErrors(ScoringOptions.RecordErrors.REPORT)            // or FAIL_JOB
                        .build());
        try (RecordStream records = job.records()) {                                 // input order
            while (records.hasNext()) {
                ScoredRecord r = records.next();
                if (r.isSuccess() && Double.parseDouble(r.outputText().orElseThrow()) > 0.5) {
                    high++;                                                          // r.inputText(): its row
                }
            }
        }
        // --8<-- [end:fanout]
        job.await(Duration.ofMinutes(1));
        return high;
    }

    /**
     * Entry point: serves the demo model, scores 20,000 generated applicants over a local real-time endpoint.
     *
     * @param args none
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path file = Files.createTempFile("applicants", ".csv");
        CreditDataset.writeCsv(file, 20_000, 5L);
        try (ModelServer server = ModelServer.start(CreditModel.trainDefault());
                InferenceClient client = LocalInferenceClient.builder().endpointName("credit-scorer")
                        .mode(InvocationMode.REAL_TIME).container(server.uri()).build()) {
            long t0 = System.nanoTime();
            long high = highRisk(client, file);
            System.out.printf("20,000 applicants scored in %d ms; %d above 0.5%n", (System.nanoTime() - t0) / 1_000_000,
                    high);
        }
    }
}
