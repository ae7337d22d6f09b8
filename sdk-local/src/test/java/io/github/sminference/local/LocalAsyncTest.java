package io.github.sminference.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.Payload;
import io.github.sminference.ResponseStream;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.limits.ModeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local asynchronous endpoints: staging, the disk queue, output and failure files, limits, resume in a new JVM. */
class LocalAsyncTest {
    @TempDir
    Path work;

    private InferenceClient client(ModelHandler model, int concurrency) {
        return LocalInferenceClient.builder().endpointName("async-ep").mode(InvocationMode.ASYNC_ENDPOINT)
                .workDir(work).asyncConcurrency(concurrency).handler(model).build();
    }

    private Path root() {
        return work.resolve("async").resolve("async-ep");
    }

    private static ModelOutput upper(ModelInput in) {
        return ModelOutput.of(in.text().toUpperCase(java.util.Locale.ROOT), "text/plain");
    }

    @Test
    void submit_largePayload_isStagedProcessedAndWrittenAsTheServiceWritesIt() throws IOException {
        byte[] big = new byte[30 * 1024 * 1024]; // 30 MiB, far over the 6 MiB real-time limit
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        try (InferenceClient c = client(in -> ModelOutput.of(("bytes=" + in.size()).getBytes(StandardCharsets.UTF_8),
                "text/plain"), 2)) {
            InferenceJob job = c.submit(InferenceRequest.builder().payload(Payload.ofBytes(big))
                    .contentType("application/octet-stream").build());
            InferenceResult r = job.await(Duration.ofSeconds(30));
            assertThat(r.text()).isEqualTo("bytes=" + big.length);
            assertThat(Files.size(root().resolve("requests").resolve(job.id()).resolve("input")))
                    .isEqualTo(big.length);
            Path out = root().resolve("output").resolve(job.id() + ".out");
            assertThat(out).hasContent("bytes=" + big.length);
            assertThat(r.metadata().outputLocation()).contains(out.toUri().toString());
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void submit_failingModel_writesTheFailureFileAndFailsWithItsReasonAndContent() {
        try (InferenceClient c = client(in -> ModelOutput.error(500, "out of memory"), 1)) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.failureReason()).hasValueSatisfying(
                                r -> assertThat(r).contains("Received server error (500) from model"));
                        assertThat(e.failureText()).contains("out of memory");
                    });
            assertThat(root().resolve("failure").resolve(job.id() + "-error.out")).hasContent("out of memory");
            assertThat(job.status().state()).isEqualTo(JobState.FAILED);
        }
    }

    @Test
    void submit_knownLengthOverOneGigabyte_rejectedBeforeStaging() throws IOException {
        long limit = ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT).maxRequestBytes();
        try (InferenceClient c = client(LocalAsyncTest::upper, 1)) {
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder()
                    .payload(Payload.ofStream(InputStream.nullInputStream(), limit + 1)).build()))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class,
                            e -> assertThat(e.limit()).isEqualTo(1_000_000_000L));
        }
        try (Stream<Path> s = Files.list(root().resolve("requests"))) {
            assertThat(s.collect(Collectors.toList())).isEmpty();
        }
    }

    @Test
    void submit_unknownLengthStreamCrossingTheLimit_leavesNothingBehind() throws IOException {
        try (InferenceClient c = LocalInferenceClient.builder().endpointName("async-ep")
                .mode(InvocationMode.ASYNC_ENDPOINT).workDir(work).handler(LocalAsyncTest::upper)
                .limits(l -> l.maxRequestBytes(1_000_000)).build()) {
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    return 'z';
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                    return len;
                }
            };
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().payload(Payload.ofStream(endless)).build()))
                    .isInstanceOf(PayloadTooLargeException.class);
        }
        try (Stream<Path> s = Files.walk(root().resolve("requests"))) {
            assertThat(s.filter(Files::isRegularFile).collect(Collectors.toList())).isEmpty();
        }
    }

    @Test
    void queue_runsAtMostAsyncConcurrencyAtOnce() {
        ScriptedModel model = new ScriptedModel();
        model.stall(Duration.ofMillis(100), "done".getBytes(StandardCharsets.UTF_8));
        try (InferenceClient c = client(model, 2)) {
            List<InferenceJob> jobs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                jobs.add(c.submit(InferenceRequest.of("r" + i, "text/plain")));
            }
            for (InferenceJob j : jobs) {
                assertThat(j.await(Duration.ofSeconds(10)).text()).isEqualTo("done");
            }
        }
        assertThat(model.received()).hasSize(8);
        assertThat(model.maxInFlight()).isEqualTo(2);
    }

    @Test
    void submit_sameIdempotencyKeyAgain_attachesToTheFirstAndDoesNotRunTwice() {
        ScriptedModel model = new ScriptedModel();
        model.answerWith(LocalAsyncTest::upper);
        try (InferenceClient c = client(model, 1)) {
            InferenceRequest r = InferenceRequest.builder().body("once").idempotencyKey("order-42").build();
            InferenceJob first = c.submit(r);
            assertThat(first.await(Duration.ofSeconds(10)).text()).isEqualTo("ONCE");
            InferenceJob retry = c.submit(r);
            assertThat(retry.id()).isEqualTo(first.id()).isEqualTo("order-42");
            assertThat(retry.await(Duration.ofSeconds(10)).text()).isEqualTo("ONCE");
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("other").idempotencyKey("order-42")
                    .build())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
        }
        assertThat(model.received()).hasSize(1);
    }

    @Test
    void submit_queueTtlAndModelTime_validatedAgainstTheServiceRanges() {
        try (InferenceClient c = client(LocalAsyncTest::upper, 1)) {
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").queueTtl(Duration.ofSeconds(59))
                    .build())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("queueTtl"));
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").queueTtl(Duration.ofHours(7))
                    .build())).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").modelTimeout(Duration.ofSeconds(
                    3601)).build())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("modelTimeout"));
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").targetModel("m").build()))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.getMessage()).contains("InvokeEndpointAsync has no targetModel"));
        }
    }

    @Test
    void submit_modelSlowerThanItsInvocationTimeout_failsWithATimeoutReason() {
        ScriptedModel model = new ScriptedModel();
        model.stall(Duration.ofSeconds(5), "late".getBytes(StandardCharsets.UTF_8));
        try (InferenceClient c = client(model, 1)) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").modelTimeout(Duration.ofSeconds(1))
                    .build());
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> assertThat(e.failureReason())
                            .hasValueSatisfying(r -> assertThat(r).contains("InvocationTimeoutSeconds")));
        }
    }

    @Test
    void awaitStream_readsTheOutputFileWithoutBufferingIt() throws IOException {
        try (InferenceClient c = client(in -> ModelOutput.of("line1\nline2\n", "text/plain"), 1)) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            try (ResponseStream s = job.awaitStream(Duration.ofSeconds(10))) {
                assertThat(s.contentType()).contains("text/plain");
                assertThat(s.lines()).containsExactly("line1", "line2");
            }
        }
    }

    @Test
    void resume_inANewJvm_finishesRequestsThatHadNotRunAndCompletesFromTheFiles() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        List<String> tokens = new ArrayList<>();
        String doneToken;
        // JVM 1: one request completes; two stay queued because the model blocks and the client closes
        InferenceClient first = client(in -> {
            if (in.text().equals("finished")) {
                return upper(in);
            }
            never.await();
            return upper(in);
        }, 1);
        try {
            InferenceJob done = first.submit(InferenceRequest.of("finished", "text/plain"));
            assertThat(done.await(Duration.ofSeconds(10)).text()).isEqualTo("FINISHED");
            doneToken = done.token();
            tokens.add(first.submit(InferenceRequest.of("pending one", "text/plain")).token());
            tokens.add(first.submit(InferenceRequest.of("pending two", "text/plain")).token());
        } finally {
            first.close();
        }
        assertThat(Files.list(root().resolve("output")).filter(p -> p.toString().endsWith(".out")).count())
                .isEqualTo(1);

        // JVM 2: a new process with nothing but the tokens
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ResumeMain.class.getName(), work.toString(), "async-ep"));
        cmd.add(doneToken);
        cmd.addAll(tokens);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(" FINISHED").contains(" PENDING ONE").contains(" PENDING TWO");
        assertThat(Files.list(root().resolve("output")).filter(x -> x.toString().endsWith(".out")).count())
                .isEqualTo(3);
    }

    @Test
    void resume_tokenOfAnotherEndpointOrMode_isRejectedClearly() {
        String token;
        try (InferenceClient c = client(LocalAsyncTest::upper, 1)) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            job.await(Duration.ofSeconds(10));
            token = job.token();
        }
        try (InferenceClient other = LocalInferenceClient.builder().endpointName("other-ep")
                .mode(InvocationMode.ASYNC_ENDPOINT).workDir(work).handler(LocalAsyncTest::upper).build()) {
            assertThatThrownBy(() -> other.resume(token)).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.getMessage()).contains("async-ep").contains("other-ep"));
        }
        try (InferenceClient batch = LocalInferenceClient.builder().endpointName("async-ep")
                .mode(InvocationMode.BATCH).workDir(work).handler(LocalAsyncTest::upper).build()) {
            assertThatThrownBy(() -> batch.resume(token)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("ASYNC_ENDPOINT");
        }
    }

    @Test
    void resume_pastTheDeadlineWithNoResult_failsWithADeadlineTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        String token;
        InferenceClient first = client(in -> {
            never.await();
            return upper(in);
        }, 1);
        // the blocked request occupies the only worker; this one stays queued
        first.submit(InferenceRequest.of("blocker", "text/plain"));
        InferenceJob job = first.submit(InferenceRequest.builder().body("x").queueTtl(Duration.ofSeconds(60))
                .modelTimeout(Duration.ofSeconds(1)).build());
        token = job.token();
        first.close();
        // a clock 2 minutes ahead: the deadline (60 s TTL + 1 s) has passed
        io.github.sminference.testing.FakeTimeSource later = new io.github.sminference.testing.FakeTimeSource(
                java.time.Instant.now().plus(Duration.ofMinutes(2)));
        try (InferenceClient c = LocalInferenceClient.builder().endpointName("async-ep")
                .mode(InvocationMode.ASYNC_ENDPOINT).workDir(work).timeSource(later).handler(LocalAsyncTest::upper)
                .build()) {
            InferenceJob resumed = c.resume(token);
            assertThatThrownBy(() -> resumed.await(Duration.ofSeconds(10))).satisfiesAnyOf(
                    e -> assertThat(e).isInstanceOfSatisfying(InferenceTimeoutException.class,
                            t -> assertThat(t.budget()).isEqualTo(InferenceTimeoutException.Budget.DEADLINE)),
                    e -> assertThat(e).isInstanceOfSatisfying(JobFailedException.class,
                            f -> assertThat(f.failureReason()).hasValueSatisfying(
                                    r -> assertThat(r).contains("RequestTTLSeconds"))));
        }
    }
}
