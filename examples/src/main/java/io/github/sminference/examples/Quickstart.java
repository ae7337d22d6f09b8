package io.github.sminference.examples;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobStatus;
import io.github.sminference.Payload;
import io.github.sminference.RecordStream;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.examples.model.CreditDataset;
import io.github.sminference.examples.model.CreditModel;
import io.github.sminference.examples.model.ModelServer;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.local.LocalInferenceClient;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The quickstart: all four modes, end to end, on this machine. A real model (a logistic-regression credit scorer it
 * trains on synthetic applicants) is served over the SageMaker model-container contract on a free localhost port,
 * and one {@link InferenceClient} per mode talks to it: the same calls as against AWS, the same limits, the same
 * exceptions.
 */
public final class Quickstart {
    private final PrintStream out;
    private final Path work;
    private final int batchRows;
    private final long asyncBytes;

    /** What a run produced, for the test. */
    record Outcome(List<String> realTimeScores, long asyncRows, long asyncOutputLines, long batchRecords,
            Path batchOutput) {
    }

    Quickstart(PrintStream out, Path work, int batchRows, long asyncBytes) {
        this.out = out;
        this.work = work;
        this.batchRows = batchRows;
        this.asyncBytes = asyncBytes;
    }

    /**
     * Entry point.
     *
     * @param args none
     * @throws IOException if the work folder cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("sagemaker-inference-quickstart-");
        new Quickstart(System.out, work, 100_000, 40_000_000L).run();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    Outcome run() throws IOException {
        long start = System.nanoTime();
        long t = System.nanoTime();
        CreditModel model = CreditModel.trainDefault();
        CreditModel.Evaluation eval = model.evaluate(7L, 20_000);
        out.printf(Locale.ROOT, "Model  logistic-regression credit scorer, trained on %,d synthetic applicants in %d ms"
                + " (held-out AUC %.3f, accuracy %.1f%%)%n", CreditModel.DEFAULT_TRAINING_ROWS, ms(t), eval.auc(),
                eval.accuracy() * 100);
        try (ModelServer server = ModelServer.start(model)) {
            out.printf("Serving it over the SageMaker container contract at %s (GET /ping, POST /invocations)%n%n",
                    server.uri());
            List<String> scores = realTime(server.uri());
            serverless(server.uri());
            long[] async = async(server.uri());
            long[] batch = new long[1];
            Path batchOut = batch(server.uri(), batch);
            out.printf("%nAll four modes ran against the same model in %.1f s. Work folder: %s%n",
                    ms(start) / 1000.0, work);
            return new Outcome(scores, async[0], async[1], batch[0], batchOut);
        }
    }

    private LocalInferenceClient.Builder client(URI model, InvocationMode mode) {
        // --8<-- [start:local]
        return LocalInferenceClient.builder()
                .endpointName("credit-scorer")
                .mode(mode)                // REAL_TIME, SERVERLESS, ASYNC_ENDPOINT or BATCH
                .container(model)          // a model container, e.g. http://localhost:8080
                .workDir(work);            // where async requests and transform jobs keep their files
        // --8<-- [end:local]
    }

    private List<String> realTime(URI model) {
        out.println("== REAL_TIME  (InvokeEndpoint: <= 6 MiB, 60 s)");
        List<String> scores = new ArrayList<>();
        try (InferenceClient client = client(model, InvocationMode.REAL_TIME).build()) {
            String applicants = CreditDataset.csvRows(3, 1L);
            long t = System.nanoTime();
            InferenceResult r = client.predict(InferenceRequest.of(applicants, "text/csv"));
            String[] in = applicants.split("\n");
            String[] p = r.text().split("\n");
            for (int i = 0; i < p.length; i++) {
                out.printf("   applicant %-40s -> P(default) = %s%n", in[i], p[i]);
                scores.add(p[i]);
            }
            out.printf("   predict: %d ms, %s, variant %s, inference id %s%n", ms(t), r.contentType().orElse("?"),
                    r.metadata().invokedVariant().orElse("?"), r.metadata().inferenceId().orElse("?"));
            try {
                client.predict(InferenceRequest.of(new byte[7_000_000], "text/csv"));
            } catch (PayloadTooLargeException e) {
                out.println("   a 7 MB request is rejected before it is sent: " + e.getMessage());
            }
        }
        return scores;
    }

    private void serverless(URI model) {
        out.println("\n== SERVERLESS  (InvokeEndpoint: <= 4 MB, cold starts retried)");
        try (InferenceClient client = client(model, InvocationMode.SERVERLESS).maxConcurrency(8).build()) {
            String[] applicants = CreditDataset.csvRows(50, 2L).split("\n");
            long t = System.nanoTime();
            List<CompletableFuture<InferenceResult>> calls = new ArrayList<>();
            for (String a : applicants) {
                calls.add(client.predictAsync(InferenceRequest.of(a + "\n", "text/csv")));
            }
            int risky = 0;
            for (CompletableFuture<InferenceResult> c : calls) {
                if (Double.parseDouble(c.join().text().trim()) > 0.5) {
                    risky++;
                }
            }
            out.printf("   %d predictAsync calls, 8 in flight at most: %d ms; %d of %d applicants above 0.5%n",
                    applicants.length, ms(t), risky, applicants.length);
        }
    }

    private long[] async(URI model) throws IOException {
        out.println("\n== ASYNC_ENDPOINT  (payload staged, queued on disk, result written as a file: <= 1 GB, 1 h)");
        Path payload = work.resolve("async-applicants.csv");
        long rows;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(payload))) {
            rows = CreditDataset.writeCsvUpTo(os, asyncBytes, 3L);
        }
        long size = Files.size(payload);
        try (InferenceClient client = client(model, InvocationMode.ASYNC_ENDPOINT).build()) {
            long t = System.nanoTime();
            // --8<-- [start:async]
            InferenceJob job = client.submit(InferenceRequest.builder().payload(Payload.ofFile(payload))
                    .contentType("text/csv").accept("text/csv").build());
            String token = job.token(); // store it: resume(token) re-attaches after a restart
            try (ResponseStream result = job.awaitStream(Duration.ofMinutes(5))) {
                // read result.inputStream() without holding the whole output in memory
            }
            // --8<-- [end:async]
            out.printf(Locale.ROOT, "   submitted %,d bytes (%,d applicants, %.0fx the real-time limit) as %s;"
                    + " returned in %d ms%n", size, rows, size / 6_291_456.0, job.id(), ms(t));
            out.println("   resume token (survives a restart): " + token.substring(0, 40) + "...");
            long lines = 0;
            String first;
            try (ResponseStream result = job.awaitStream(Duration.ofMinutes(5));
                    BufferedReader r = new BufferedReader(new InputStreamReader(result.inputStream(),
                            StandardCharsets.UTF_8))) {
                first = r.readLine();
                lines = first == null ? 0 : 1;
                while (r.readLine() != null) {
                    lines++;
                }
                out.printf(Locale.ROOT, "   completed in %d ms: %,d scores streamed from %s (first: %s)%n", ms(t),
                        lines, result.metadata().outputLocation().orElse("?"), first);
            }
            return new long[] {rows, lines};
        }
    }

    private Path batch(URI model, long[] records) throws IOException {
        out.println("\n== BATCH  (transform job: split by line, MultiRecord mini-batches, <input>.out)");
        Path input = work.resolve("batch-input").resolve("applicants.csv");
        Files.createDirectories(input.getParent());
        CreditDataset.writeCsv(input, batchRows, 4L);
        try (InferenceClient client = client(model, InvocationMode.BATCH).build()) {
            long t = System.nanoTime();
            // --8<-- [start:batch]
            ScoringJob job = client.score(Dataset.ofFiles(input).withContentType("text/csv"),
                    ScoringOptions.builder().batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD)
                            .maxPayloadInMb(1).maxConcurrentTransforms(4)
                            .outputLocation(work.resolve("batch-output").toString()).build());
            // --8<-- [end:batch]
            out.printf(Locale.ROOT, "   transform job %s over %,d rows (%,d bytes): MultiRecord, MaxPayloadInMB=1,"
                    + " MaxConcurrentTransforms=4%n", job.id(), batchRows, Files.size(input));
            long count = 0;
            List<String> shown = new ArrayList<>();
            try (RecordStream rs = job.records()) {
                while (rs.hasNext()) {
                    ScoredRecord r = rs.next();
                    if (r.index() < 3) {
                        shown.add(String.format(Locale.ROOT, "   record %d: %-40s -> %s", r.index(),
                                r.inputText().orElse(""), r.outputText().orElse("")));
                    }
                    count++;
                }
            }
            ScoringSummary s = job.await(Duration.ofMinutes(5));
            JobStatus st = job.status();
            shown.forEach(out::println);
            out.printf(Locale.ROOT, "   %s: %,d of %,d records in input order, each paired with its input, in %d ms%n",
                    st.state(), st.recordsDone().orElse(-1), st.recordsTotal().orElse(-1), ms(t));
            out.println("   output: " + s.outputLocations().get(0));
            records[0] = count;
            return Path.of(URI.create(s.outputLocations().get(0)));
        }
    }
}
