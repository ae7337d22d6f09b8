package io.github.sminference.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.JobFailedException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local batch transform: splitting, mini-batches by bytes, concurrency, assembly, join, layout, order, progress. */
class LocalBatchTest {
    @TempDir
    Path work;

    /** A CSV model: for each line "i,x" it answers "i:score". Counts requests and records per request. */
    static class CsvModel implements ModelHandler {
        final List<Integer> recordsPerRequest = new CopyOnWriteArrayList<>();
        final List<Integer> bytesPerRequest = new CopyOnWriteArrayList<>();

        @Override
        public ModelOutput handle(ModelInput in) {
            String text = in.text();
            bytesPerRequest.add(in.size());
            StringBuilder sb = new StringBuilder();
            int n = 0;
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String id = line.substring(0, line.indexOf(','));
                sb.append(id).append(":s").append('\n');
                n++;
            }
            recordsPerRequest.add(n);
            return ModelOutput.of(sb.toString(), "text/csv");
        }
    }

    private InferenceClient client(ModelHandler h) {
        return LocalInferenceClient.builder().endpointName("batch-model").mode(InvocationMode.BATCH).workDir(work)
                .handler(h).build();
    }

    private Path csv(Path dir, String name, int from, int rows) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (int i = from; i < from + rows; i++) {
                w.write(i + ",0." + (i % 97) + ",x" + "y".repeat(i % 13) + "\n");
            }
        }
        return f;
    }

    @Test
    void score_hundredThousandRowsMultiRecord_everyRecordInOrderPairedWithItsInput() throws IOException {
        Path in = csv(work.resolve("in"), "applicants.csv", 0, 100_000);
        CsvModel model = new CsvModel();
        try (InferenceClient c = client(model)) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("text/csv"), ScoringOptions.builder()
                    .batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD).maxPayloadInMb(1)
                    .maxConcurrentTransforms(4).build());
            long expected = 0;
            try (RecordStream rs = job.records()) {
                while (rs.hasNext()) {
                    ScoredRecord r = rs.next();
                    assertThat(r.index()).isEqualTo(expected);
                    String input = r.inputText().orElseThrow();
                    assertThat(input).startsWith(expected + ",");
                    assertThat(r.outputText()).contains(expected + ":s");
                    assertThat(r.source()).isEqualTo(in.toString());
                    expected++;
                }
            }
            assertThat(expected).isEqualTo(100_000);
            ScoringSummary s = job.await(Duration.ofSeconds(60));
            assertThat(s.recordsSucceeded()).isEqualTo(100_000);
            assertThat(s.outputLocations()).hasSize(1);
            JobStatus st = job.status();
            assertThat(st.state()).isEqualTo(JobState.COMPLETED);
            assertThat(st.recordsDone()).hasValue(100_000);
            assertThat(st.recordsTotal()).hasValue(100_000);
        }
        // MultiRecord packed many records per request, each request at most 1 MiB, never empty
        assertThat(model.recordsPerRequest.size()).isLessThan(100);
        assertThat(model.recordsPerRequest).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(model.bytesPerRequest).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(1_048_576));
    }

    @Test
    void score_singleRecord_oneRequestPerRecord() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 50);
        CsvModel model = new CsvModel();
        try (InferenceClient c = client(model)) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("text/csv"), ScoringOptions.builder()
                    .batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD).build());
            assertThat(job.await(Duration.ofSeconds(30)).recordsSucceeded()).isEqualTo(50);
        }
        assertThat(model.recordsPerRequest).hasSize(50).containsOnly(1);
    }

    @Test
    void score_outputsLaidOutAsTheServiceDoes_inputDotOutInTheMatchingSubfolder() throws IOException {
        Path root = work.resolve("data");
        Path a = csv(root.resolve("2024/jan"), "a.csv", 0, 10);
        Path b = csv(root.resolve("2024/feb"), "b.csv", 10, 10);
        Path out = work.resolve("results");
        try (InferenceClient c = client(new CsvModel())) {
            ScoringSummary s = c.score(Dataset.ofFiles(a, b).withContentType("text/csv"),
                    ScoringOptions.builder().outputLocation(out.toString()).build()).await(Duration.ofSeconds(30));
            assertThat(s.outputLocations()).containsExactly(out.resolve("jan/a.csv.out").toUri().toString(),
                    out.resolve("feb/b.csv.out").toUri().toString());
        }
        assertThat(Files.readAllLines(out.resolve("jan/a.csv.out"))).hasSize(10).first().isEqualTo("0:s");
        assertThat(Files.readAllLines(out.resolve("feb/b.csv.out"))).hasSize(10).first().isEqualTo("10:s");
    }

    @Test
    void score_maxConcurrentTransforms_requestsRunExactlyThatManyAtOnce() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 40);
        ScriptedModel model = new ScriptedModel();
        model.stall(Duration.ofMillis(50), "ok\n".getBytes(StandardCharsets.UTF_8));
        try (InferenceClient c = client(model)) {
            c.score(Dataset.ofFiles(in).withContentType("text/csv"), ScoringOptions.builder()
                    .batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD).maxConcurrentTransforms(3).build())
                    .await(Duration.ofSeconds(30));
        }
        assertThat(model.received()).hasSize(40);
        assertThat(model.maxInFlight()).isEqualTo(3);
    }

    @Test
    void score_recordLargerThanMaxPayload_failsTheJobNamingTheRecordAndWritesNoOutput() throws IOException {
        Path in = work.resolve("big.csv");
        Files.writeString(in, "0,small\n1," + "x".repeat(2 * 1024 * 1024) + "\n2,small\n");
        try (InferenceClient c = client(new CsvModel())) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("text/csv"),
                    ScoringOptions.builder().maxPayloadInMb(1).build());
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> assertThat(e.getMessage())
                            .contains("record").contains("1048576").contains("big.csv"));
            assertThat(job.status().state()).isEqualTo(JobState.FAILED);
            assertThat(job.status().failureReason()).isPresent();
        }
        assertThat(work.resolve("batch")).isDirectory();
        try (var s = Files.walk(work.resolve("batch"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".out")).count()).isZero();
        }
    }

    @Test
    void score_joinInputCsv_outputRowsAreInputRowsWithTheScoreAppended() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 5);
        try (InferenceClient c = client(in2 -> {
            long n = in2.text().lines().count();
            return ModelOutput.of("0.5\n".repeat((int) n), "text/csv");
        })) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("text/csv"),
                    ScoringOptions.builder().joinSource(ScoringOptions.JoinSource.INPUT).build());
            List<String> outputs = new ArrayList<>();
            try (RecordStream rs = job.records()) {
                rs.forEachRemaining(r -> {
                    assertThat(r.input()).isEmpty(); // the output already holds it
                    outputs.add(r.outputText().orElseThrow());
                });
            }
            assertThat(outputs).hasSize(5);
            assertThat(outputs.get(3)).isEqualTo(Files.readAllLines(in).get(3) + ",0.5");
        }
    }

    @Test
    void score_joinInputJsonLines_addsSageMakerOutput() throws IOException {
        Path in = work.resolve("a.jsonl");
        Files.writeString(in, "{\"id\":1,\"x\":[1,2]}\n{\"id\":2,\"x\":[3,4]}\n");
        try (InferenceClient c = client(in2 -> ModelOutput.of("{\"p\":0.1}\n".repeat((int) in2.text().lines()
                .count()), "application/jsonlines"))) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("application/jsonlines"),
                    ScoringOptions.builder().joinSource(ScoringOptions.JoinSource.INPUT).build());
            List<String> out = new ArrayList<>();
            try (RecordStream rs = job.records()) {
                rs.forEachRemaining(r -> out.add(r.outputText().orElseThrow()));
            }
            assertThat(out).containsExactly("{\"id\":1,\"x\":[1,2],\"SageMakerOutput\":{\"p\":0.1}}",
                    "{\"id\":2,\"x\":[3,4],\"SageMakerOutput\":{\"p\":0.1}}");
        }
    }

    @Test
    void score_joinOnABinaryContentType_rejectedBeforeTheJobStarts() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 5);
        try (InferenceClient c = client(new CsvModel())) {
            assertThatThrownBy(() -> c.score(Dataset.ofFiles(in).withContentType("application/x-image"),
                    ScoringOptions.builder().joinSource(ScoringOptions.JoinSource.INPUT).build()))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("joinSource"));
        }
    }

    @Test
    void score_assembleWithNone_concatenatesResponsesAsTheyAre() throws IOException {
        Path in = work.resolve("whole.bin");
        Files.writeString(in, "abc");
        Path out = work.resolve("o");
        try (InferenceClient c = client(x -> ModelOutput.of("[" + x.text() + "]", "text/plain"))) {
            c.score(Dataset.ofFiles(in).withSplitType(Dataset.SplitType.NONE), ScoringOptions.builder()
                    .assembleWith(ScoringOptions.AssembleWith.NONE).outputLocation(out.toString()).build())
                    .await(Duration.ofSeconds(30));
        }
        assertThat(out.resolve("whole.bin.out")).hasContent("[abc]");
    }

    @Test
    void status_whileRunning_showsRecordsDoneOfTotal() throws Exception {
        Path in = csv(work.resolve("in"), "a.csv", 0, 20);
        CountDownLatch gate = new CountDownLatch(1);
        try (InferenceClient c = client(x -> {
            if (x.text().startsWith("10,")) {
                gate.await();
            }
            return ModelOutput.of("ok\n", "text/plain");
        })) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("text/csv"), ScoringOptions.builder()
                    .batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD).build());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (job.status().recordsDone().orElse(0) < 10 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            JobStatus running = job.poll();
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.recordsDone()).hasValue(10);
            assertThat(running.recordsTotal()).hasValue(20);
            gate.countDown();
            assertThat(job.await(Duration.ofSeconds(10)).recordsSucceeded()).isEqualTo(20);
        }
    }

    @Test
    void stopRemote_stopsTheJobAndLaterFilesHaveNoOutput() throws Exception {
        Path a = csv(work.resolve("in"), "a.csv", 0, 5);
        Path b = csv(work.resolve("in"), "b.csv", 5, 5);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (InferenceClient c = client(x -> {
            started.countDown();
            never.await(200, TimeUnit.MILLISECONDS);
            return ModelOutput.of("ok\n", "text/plain");
        })) {
            ScoringJob job = c.score(Dataset.ofFiles(a, b).withContentType("text/csv"), ScoringOptions.builder()
                    .batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD).build());
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            job.stopRemote();
            assertThat(job.status().state()).isEqualTo(JobState.STOPPED);
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(5))).isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("stopped").hasMessageContaining("b.csv");
        }
    }

    @Test
    void score_sameIdempotencyKey_attachesToTheFirstJob_differentInput_isAnError() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 5);
        CsvModel model = new CsvModel();
        try (InferenceClient c = client(model)) {
            ScoringOptions o = ScoringOptions.builder().idempotencyKey("nightly-2026-11-23").build();
            ScoringJob first = c.score(Dataset.ofFiles(in).withContentType("text/csv"), o);
            first.await(Duration.ofSeconds(30));
            ScoringJob again = c.score(Dataset.ofFiles(in).withContentType("text/csv"), o);
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.await(Duration.ofSeconds(5)).recordsSucceeded()).isEqualTo(5);
            Path other = csv(work.resolve("in"), "b.csv", 0, 6);
            assertThatThrownBy(() -> c.score(Dataset.ofFiles(other).withContentType("text/csv"), o))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
        }
        assertThat(model.recordsPerRequest.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
    }

    @Test
    void resumeScoring_fromAnotherClient_seesTheFinishedJobAndItsRecords() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 7);
        String token;
        try (InferenceClient c = client(new CsvModel())) {
            ScoringJob job = c.score(Dataset.ofFiles(in).withContentType("text/csv"));
            job.await(Duration.ofSeconds(30));
            token = job.token();
        }
        try (InferenceClient c = client(new CsvModel())) {
            ScoringJob job = c.resumeScoring(token);
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
            try (RecordStream rs = job.records()) {
                assertThat(rs.stream().count()).isEqualTo(7);
            }
        }
    }

    @Test
    void resumeScoring_whileAnotherClientOfThisJvmRunsIt_followsItInsteadOfRunningItTwice() throws Exception {
        Path a = csv(work.resolve("in"), "a.csv", 0, 3);
        Path b = csv(work.resolve("in"), "b.csv", 3, 3);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CsvModel slow = new CsvModel() {
            @Override
            public ModelOutput handle(ModelInput in) {
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.handle(in);
            }
        };
        CsvModel other = new CsvModel();
        try (InferenceClient first = client(slow); InferenceClient second = client(other)) {
            ScoringJob running = first.score(Dataset.ofFiles(a, b).withContentType("text/csv"));
            ScoringJob followed = second.resumeScoring(running.token());
            release.countDown();
            followed.await(Duration.ofSeconds(30));
            assertThat(followed.status().state()).isEqualTo(JobState.COMPLETED);
            try (RecordStream rs = followed.records()) {
                assertThat(rs.stream().map(r -> r.outputText().orElseThrow()).toList())
                        .containsExactly("0:s", "1:s", "2:s", "3:s", "4:s", "5:s");
            }
        }
        assertThat(other.recordsPerRequest).as("the second client ran nothing").isEmpty();
        assertThat(slow.recordsPerRequest.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    }

    @Test
    void resumeScoring_ofAJobWhoseProcessDied_finishesTheRemainingFiles() throws IOException {
        Path a = csv(work.resolve("in"), "a.csv", 0, 3);
        Path b = csv(work.resolve("in"), "b.csv", 3, 3);
        String token;
        try (InferenceClient c = client(new CsvModel())) {
            ScoringJob job = c.score(Dataset.ofFiles(a, b).withContentType("text/csv"));
            job.await(Duration.ofSeconds(30));
            token = job.token();
        }
        // simulate a crash after the first file: second output gone, record says RUNNING, owner process dead
        Path jobDir = Path.of(io.github.sminference.spi.ResumeToken.parse(token).get("root").orElseThrow());
        Path record = jobDir.resolve("job.properties");
        java.util.Properties p = AsyncStore.readProperties(record);
        Files.delete(Path.of(p.getProperty("output.1")));
        p.setProperty("state", "RUNNING");
        p.setProperty("owner", "999999999");
        AsyncStore.writeProperties(record, p);
        CsvModel model = new CsvModel();
        try (InferenceClient c = client(model)) {
            ScoringJob job = c.resumeScoring(token);
            assertThat(job.await(Duration.ofSeconds(30)).recordsSucceeded()).isEqualTo(6);
        }
        assertThat(model.recordsPerRequest.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3); // only b
        assertThat(Path.of(p.getProperty("output.1"))).exists();
    }

    @Test
    void predict_onBatch_runsAJobOverTheOnePayload() {
        try (InferenceClient c = client(x -> ModelOutput.of(x.text().length() + " chars", "text/plain"))) {
            assertThat(c.predict(b -> b.body("hello").contentType("text/plain")).text()).isEqualTo("5 chars");
        }
    }

    @Test
    void predict_onBatch_payloadOverMaxPayloadInMb_rejectedBeforeTheModelSeesIt() {
        ScriptedModel model = new ScriptedModel();
        try (InferenceClient c = LocalInferenceClient.builder().endpointName("batch-model").mode(InvocationMode.BATCH)
                .workDir(work).handler(model).scoringDefaults(ScoringOptions.builder().maxPayloadInMb(1).build())
                .build()) {
            assertThatThrownBy(() -> c.predict(b -> b.body(new byte[1_048_577])))
                    .isInstanceOf(io.github.sminference.exception.PayloadTooLargeException.class)
                    .hasMessageContaining("1048576");
        }
        assertThat(model.received()).isEmpty();
    }

    @Test
    void score_s3Dataset_inLocalMode_isAClearError() {
        try (InferenceClient c = client(new CsvModel())) {
            assertThatThrownBy(() -> c.score(Dataset.ofS3Prefix("s3://bucket/in/")))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.getMessage()).contains("Dataset.ofFiles"));
        }
    }

    @Test
    void score_executionParametersOfTheContainer_usedWhenTheJobSetsNone() throws IOException {
        Path in = csv(work.resolve("in"), "a.csv", 0, 30);
        CsvModel model = new CsvModel();
        try (FakeContainer container = new FakeContainer(model)) {
            container.executionParameters("{\"MaxConcurrentTransforms\": 2, \"BatchStrategy\": \"SINGLE_RECORD\","
                    + " \"MaxPayloadInMB\": 1}");
            try (InferenceClient c = LocalInferenceClient.builder().endpointName("batch-model")
                    .mode(InvocationMode.BATCH).workDir(work).container(container.uri()).build()) {
                c.score(Dataset.ofFiles(in).withContentType("text/csv")).await(Duration.ofSeconds(30));
            }
        }
        assertThat(model.recordsPerRequest).hasSize(30).containsOnly(1); // SINGLE_RECORD from the container
    }
}
