package io.github.sminference.bench;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * Scoring a CSV file over a real-time endpoint: {@code InferenceClient.score(Dataset.ofFiles(csv))} (SingleRecord, one
 * request per line) against a hand-written loop over the raw async client with the same number of calls in flight:
 * it reads the file line by line and keeps a window of futures in input order, taking the oldest answer before
 * sending past the window. Both check every answer against its input (the stub echoes).
 */
final class FanOutBench {
    private FanOutBench() {
    }

    /** Writes {@code records} CSV lines of about 40 bytes. */
    static Path writeCsv(Path file, int records) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                w.write(String.format(Locale.ROOT, "%d,%.4f,%d,%d,%.2f,%d%n", i, (i % 997) / 997.0, i % 7, i % 13,
                        (i % 89) * 1.5, i % 2));
            }
        }
        return file;
    }

    /** Ours: the records come back in input order from the job's record stream. */
    static Round ours(InferenceClient client, Path csv, int concurrency) {
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        long n = 0;
        long bad = 0;
        ScoringJob job = client.score(Dataset.ofFiles(csv).withContentType("text/csv"), ScoringOptions.builder()
                .batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD).maxConcurrentTransforms(concurrency)
                .build());
        try (RecordStream records = job.records()) {
            while (records.hasNext()) {
                ScoredRecord r = records.next();
                n++;
                if (!r.isSuccess() || r.index() != n - 1
                        || !Arrays.equals(r.input().orElse(null), r.output().orElse(null))) {
                    bad++;
                }
            }
        }
        job.await(Duration.ofMinutes(1));
        return new Round(n, bad, (System.nanoTime() - t0) / 1e9, 0, 0, Cpu.since(cpu0), -1);
    }

    /** The raw loop: a bounded window of futures, consumed oldest first. */
    static Round raw(SageMakerRuntimeAsyncClient client, Path csv, int concurrency) throws IOException {
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        long[] counts = new long[2];
        ArrayDeque<Pending> window = new ArrayDeque<>(concurrency);
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (window.size() == concurrency) {
                    take(window.poll(), counts);
                }
                byte[] record = line.getBytes(StandardCharsets.UTF_8);
                window.add(new Pending(record, client.invokeEndpoint(InvokeEndpointRequest.builder()
                        .endpointName(Clients.ENDPOINT).contentType("text/csv").body(SdkBytes.fromByteArray(record))
                        .build())));
            }
        }
        while (!window.isEmpty()) {
            take(window.poll(), counts);
        }
        return new Round(counts[0], counts[1], (System.nanoTime() - t0) / 1e9, 0, 0, Cpu.since(cpu0), -1);
    }

    private record Pending(byte[] input, CompletableFuture<InvokeEndpointResponse> answer) {
    }

    private static void take(Pending p, long[] counts) {
        counts[0]++;
        try {
            byte[] out = p.answer().join().body().asByteArrayUnsafe();
            if (!Arrays.equals(p.input(), out)) {
                counts[1]++;
            }
        } catch (RuntimeException e) {
            counts[1]++;
        }
    }
}
