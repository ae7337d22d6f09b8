package io.github.sminference.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.JobState;
import io.github.sminference.Payload;
import io.github.sminference.ResponseStream;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.limits.ModeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link InferenceClient} honours, whatever its adapter or mode. An adapter's test extends this
 * class and supplies a {@link ContractFixture}; the tests script the model through the fixture (answer, fail,
 * stall, throttle, stream) and check the client's behaviour, including what reached the model.
 */
public abstract class InferenceClientContractTest {

    /** A fast retry policy so the tests stay quick. */
    protected static final RetryPolicy FAST_RETRY = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).jitter(0).build();

    private ContractFixture fixture;

    /**
     * Creates a fresh fixture for one test.
     *
     * @return the fixture
     */
    protected abstract ContractFixture newFixture();

    @BeforeEach
    void createFixture() {
        fixture = newFixture();
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    /**
     * The fixture of the running test.
     *
     * @return the fixture
     */
    protected ContractFixture fixture() {
        return fixture;
    }

    private ContractFixture.Capabilities caps() {
        return fixture.capabilities();
    }

    private InferenceClient client() {
        return fixture.client(b -> b.retry(FAST_RETRY).circuitBreaker(CircuitBreakerPolicy.disabled()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mode_isTheFixturesMode() {
        try (InferenceClient c = client()) {
            assertThat(c.mode()).isEqualTo(fixture.mode());
        }
    }

    @Test
    void predict_modelAnswers_returnsBodyContentTypeAndMetadata() {
        fixture.modelAnswers(utf8("0.93"), "text/csv", "AllTraffic");
        try (InferenceClient c = client()) {
            InferenceResult r = c.predict(InferenceRequest.of("5.1,3.5,1.4,0.2", "text/csv"));
            assertThat(r.text()).isEqualTo("0.93");
            assertThat(r.contentType()).contains("text/csv");
            assertThat(r.metadata().mode()).isEqualTo(fixture.mode());
            assertThat(r.metadata().attempts()).isEqualTo(1);
            assertThat(r.metadata().inferenceId()).isPresent();
            if (caps().reportsVariant()) {
                assertThat(r.metadata().invokedVariant()).contains("AllTraffic");
            }
        }
        assertThat(fixture.requestsReceived()).isEqualTo(1);
    }

    @Test
    void predict_portableFields_reachTheModel() {
        fixture.modelAnswers(utf8("ok"), "text/plain", null);
        try (InferenceClient c = client()) {
            c.predict(b -> b.body("{\"x\":1}").contentType("application/json").accept("text/plain")
                    .customAttributes(caps().customAttributes() ? "trace=abc" : null).inferenceId("req-42"));
        }
        RecordedRequest got = fixture.lastRequest().orElseThrow();
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        assertThat(got.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(got.header("Accept")).contains("text/plain");
        if (caps().customAttributes()) {
            assertThat(got.header("X-Amzn-SageMaker-Custom-Attributes")).contains("trace=abc");
        }
        if (caps().inferenceIdHeader()) {
            assertThat(got.header("X-Amzn-SageMaker-Inference-Id")).contains("req-42");
        }
    }

    @Test
    void predictAsync_modelAnswers_completesOnTheCompletionExecutor() throws Exception {
        fixture.modelStalls(Duration.ofMillis(200), utf8("late"));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "contract-completion"));
        try (InferenceClient c = fixture.client(b -> b.retry(FAST_RETRY).completionExecutor(pool))) {
            CompletableFuture<InferenceResult> f = c.predictAsync(InferenceRequest.of("x", "text/plain"));
            CompletableFuture<String> thread = f.thenApply(r -> Thread.currentThread().getName());
            // wait on the dependent, not on f: a thread blocked in f.get() may itself run f's dependents
            assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("contract-completion");
            assertThat(f.join().text()).isEqualTo("late");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void predict_modelError_throwsTheModesModelErrorWithTheModelsMessageAndIsNotRetried() {
        fixture.modelFails(500, "division by zero");
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOf(caps().modelError())
                    .satisfies(t -> assertModelError((InferenceException) t, 500, "division by zero"));
        }
        assertThat(fixture.requestsReceived()).isEqualTo(caps().modelServerErrorRequests());
    }

    private static void assertModelError(InferenceException e, int status, String message) {
        assertThat(e.isRetryable()).isFalse();
        if (e instanceof ModelErrorException) {
            ModelErrorException m = (ModelErrorException) e;
            assertThat(m.originalStatusCode()).contains(status);
            assertThat(m.originalMessage()).hasValueSatisfying(v -> assertThat(v).contains(message));
        } else {
            io.github.sminference.exception.JobFailedException j =
                    (io.github.sminference.exception.JobFailedException) e;
            // the status is in the service's reason, or (polling, no notification) in the failure object
            assertThat(j.failureReason().orElse("") + " " + j.failureText().orElse(""))
                    .contains("(" + status + ")");
            assertThat(j.failureText()).hasValueSatisfying(v -> assertThat(v).contains(message));
        }
    }

    @Test
    void predictAsync_modelError_failsTheFutureWithModelError() {
        fixture.modelFails(400, "bad input");
        try (InferenceClient c = client()) {
            CompletableFuture<InferenceResult> f = c.predictAsync(InferenceRequest.of("x", "text/plain"));
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(caps().modelError());
        }
        assertThat(fixture.requestsReceived()).isEqualTo(1);
    }

    @Test
    void predict_payloadOverTheModeLimit_throwsBeforeSendingAnything() {
        fixture.modelAnswers(utf8("never"), "text/plain", null);
        long limit = ModeLimits.defaults(fixture.mode()).maxRequestBytes();
        try (InferenceClient c = client()) {
            // a stream that declares one byte too many: rejected on its declared length, before a byte is read
            assertThatThrownBy(() -> c.predict(InferenceRequest.builder().payload(Payload.ofStream(zeros(),
                    limit + 1)).contentType("application/octet-stream").build()))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                        assertThat(e.size()).isEqualTo(limit + 1);
                        // batch applies the job's MaxPayloadInMB (6 MiB by default), below the mode's ceiling
                        assertThat(e.limit()).isLessThanOrEqualTo(limit);
                        assertThat(e.mode()).isEqualTo(fixture.mode());
                        assertThat(e.getMessage()).contains(Long.toString(e.limit()));
                    });
            CompletableFuture<InferenceResult> f = c.predictAsync(InferenceRequest.builder()
                    .payload(Payload.ofStream(zeros(), limit + 1)).build());
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PayloadTooLargeException.class);
            if (fixture.mode().isSynchronous()) {
                byte[] big = new byte[(int) limit + 1];
                assertThatThrownBy(() -> c.predict(InferenceRequest.of(big, "application/octet-stream")))
                        .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("asynchronous endpoint");
            }
        }
        assertThat(fixture.requestsReceived()).isZero();
    }

    private static java.io.InputStream zeros() {
        return new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
    }

    @Test
    void predict_unknownLengthStreamOverTheLimit_throwsBeforeSendingAnything() {
        fixture.modelAnswers(utf8("never"), "text/plain", null);
        long limit = 10_000;
        try (InferenceClient c = fixture.client(b -> b.retry(FAST_RETRY).limits(l -> l.maxRequestBytes(limit)))) {
            java.io.InputStream endless = new java.io.InputStream() {
                @Override
                public int read() {
                    return 'a';
                }
            };
            assertThatThrownBy(() -> c.predict(InferenceRequest.builder().payload(Payload.ofStream(endless))
                    .build())).isInstanceOfSatisfying(PayloadTooLargeException.class,
                            e -> assertThat(e.size()).isGreaterThan(limit));
        }
        assertThat(fixture.requestsReceived()).isZero();
    }

    @Test
    void predict_modelTimeOverTheModeLimit_rejectedBeforeSending() {
        fixture.modelAnswers(utf8("never"), "text/plain", null);
        Duration tooLong = ModeLimits.defaults(fixture.mode()).maxModelTime().plusSeconds(1);
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predict(b -> b.body("x").modelTimeout(tooLong)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("modelTimeout");
                        assertThat(e.value()).isEqualTo(tooLong.toString());
                    });
        }
        assertThat(fixture.requestsReceived()).isZero();
    }

    @Test
    void predict_invalidField_namesFieldAndValueAndSendsNothing() {
        fixture.modelAnswers(utf8("never"), "text/plain", null);
        String id = "x".repeat(65);
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predict(b -> b.body("x").inferenceId(id)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("inferenceId");
                        assertThat(e.getMessage()).contains(id).contains("1-64");
                    });
            assertThatThrownBy(() -> c.predict(b -> b.body("x").customAttributes("secret\nvalue")))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("customAttributes");
                        assertThat(e.getMessage()).doesNotContain("secret");
                    });
        }
        assertThat(fixture.requestsReceived()).isZero();
    }

    @Test
    void predict_modelStallsPastTheAttemptTimeout_retriesThenThrowsTimeout() {
        Assumptions.assumeTrue(caps().attemptTimeoutBoundsModel(), "the mode's model time is not an attempt's");
        fixture.modelStalls(Duration.ofSeconds(5), utf8("too late"));
        TimeoutPolicy timeouts = TimeoutPolicy.builder().attemptTimeout(Duration.ofMillis(300))
                .totalTimeout(Duration.ofSeconds(20)).build();
        RetryPolicy twice = FAST_RETRY.toBuilder().maxAttempts(2).build();
        long t0 = System.nanoTime();
        try (InferenceClient c = fixture.client(b -> b.timeouts(timeouts).retry(twice))) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(InferenceTimeoutException.class,
                            e -> assertThat(e.budget()).isEqualTo(InferenceTimeoutException.Budget.ATTEMPT));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(fixture.requestsReceived()).isEqualTo(2);
    }

    @Test
    void predict_totalBudgetShorterThanTheStall_throwsTotalTimeoutInTime() {
        fixture.modelStalls(Duration.ofSeconds(5), utf8("too late"));
        long t0 = System.nanoTime();
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predict(b -> b.body("x").timeout(Duration.ofMillis(400))))
                    .isInstanceOfSatisfying(InferenceTimeoutException.class,
                            e -> assertThat(e.budget()).isEqualTo(InferenceTimeoutException.Budget.TOTAL));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void predictAsync_totalBudgetShorterThanTheStall_failsWithTotalTimeoutInTime() {
        fixture.modelStalls(Duration.ofSeconds(5), utf8("too late"));
        try (InferenceClient c = client()) {
            CompletableFuture<InferenceResult> f = c.predictAsync(InferenceRequest.builder().body("x")
                    .timeout(Duration.ofMillis(400)).build());
            assertThatThrownBy(() -> f.get(3, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(InferenceTimeoutException.class,
                            e -> assertThat(e.budget()).isEqualTo(InferenceTimeoutException.Budget.TOTAL));
        }
    }

    @Test
    void predict_throttledTwiceThenAnswers_succeedsOnTheThirdAttempt() {
        Assumptions.assumeTrue(caps().serviceThrottling(), "the mode has no service that throttles");
        fixture.throttlesThenAnswers(2, utf8("finally"));
        try (InferenceClient c = client()) {
            InferenceResult r = c.predict(InferenceRequest.of("x", "text/plain"));
            assertThat(r.text()).isEqualTo("finally");
            assertThat(r.metadata().attempts()).isEqualTo(3);
        }
        assertThat(fixture.requestsReceived()).isEqualTo(3);
    }

    @Test
    void predictAsync_throttledTwiceThenAnswers_succeedsOnTheThirdAttempt() throws Exception {
        Assumptions.assumeTrue(caps().serviceThrottling(), "the mode has no service that throttles");
        fixture.throttlesThenAnswers(2, utf8("finally"));
        try (InferenceClient c = client()) {
            InferenceResult r = c.predictAsync(InferenceRequest.of("x", "text/plain")).get(10, TimeUnit.SECONDS);
            assertThat(r.text()).isEqualTo("finally");
            assertThat(r.metadata().attempts()).isEqualTo(3);
        }
        assertThat(fixture.requestsReceived()).isEqualTo(3);
    }

    @Test
    void predict_throttledMoreThanThePolicyAllows_givesUpAfterMaxAttempts() {
        Assumptions.assumeTrue(caps().serviceThrottling(), "the mode has no service that throttles");
        fixture.throttlesThenAnswers(10, utf8("never"));
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.isRetryable()).isTrue());
        }
        assertThat(fixture.requestsReceived()).isEqualTo(FAST_RETRY.maxAttempts());
    }

    @Test
    void predictAsync_cancel_stopsTheCallAndDoesNotRetry() throws Exception {
        fixture.modelStalls(Duration.ofSeconds(2), utf8("late"));
        try (InferenceClient c = client()) {
            CompletableFuture<InferenceResult> f = c.predictAsync(InferenceRequest.of("x", "text/plain"));
            awaitRequests(1);
            assertThat(f.cancel(true)).isTrue();
            assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
            Thread.sleep(300); // give a wrongly scheduled retry the chance to show up
        }
        assertThat(fixture.requestsReceived()).isEqualTo(1);
    }

    @Test
    void submit_returnsAHandleThatCompletesWithTheResult() {
        fixture.modelStalls(Duration.ofMillis(100), utf8("done"));
        try (InferenceClient c = client()) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            assertThat(job.id()).isNotBlank();
            assertThat(job.mode()).isEqualTo(fixture.mode());
            assertThat(job.token()).startsWith("smi1.");
            assertThat(job.await(Duration.ofSeconds(10)).text()).isEqualTo("done");
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
            assertThat(job.future()).isCompleted();
        }
    }

    @Test
    void submit_awaitShorterThanTheWork_throwsAwaitTimeoutAndTheWorkGoesOn() {
        fixture.modelStalls(Duration.ofMillis(600), utf8("done"));
        try (InferenceClient c = client()) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            assertThatThrownBy(() -> job.await(Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(InferenceTimeoutException.class,
                            e -> assertThat(e.budget()).isEqualTo(InferenceTimeoutException.Budget.AWAIT));
            assertThat(job.await(Duration.ofSeconds(10)).text()).isEqualTo("done");
        }
    }

    @Test
    void submit_invalidRequest_throwsAtOnce() {
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").targetVariant(" bad").build()))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(fixture.requestsReceived()).isZero();
    }

    @Test
    void resume_malformedToken_throwsInvalidRequest() {
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.resume("not-a-token"))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("token"));
        }
    }

    @Test
    void predictStream_partsSplitMidRecord_linesComeOutWhole() {
        Assumptions.assumeTrue(fixture.supportsStreaming(), "fixture cannot stream");
        String text = "{\"token\":\"Hel\"}\n{\"token\":\"lo\"}\n{\"token\":\"ünï\"}\n";
        byte[] all = utf8(text);
        // split inside the first record, and inside the two bytes of the 'ü' in the third
        int cut1 = 7;
        int cut2 = utf8("{\"token\":\"Hel\"}\n{\"token\":\"lo\"}\n{\"token\":\"").length + 1;
        List<byte[]> parts = List.of(java.util.Arrays.copyOfRange(all, 0, cut1),
                java.util.Arrays.copyOfRange(all, cut1, cut2), java.util.Arrays.copyOfRange(all, cut2, all.length));
        fixture.modelStreams(parts, "application/jsonlines");
        try (InferenceClient c = client();
                ResponseStream s = c.predictStream(InferenceRequest.of("{\"prompt\":\"hi\"}", "application/json"))) {
            assertThat(s.contentType()).contains("application/jsonlines");
            assertThat(s.metadata().inferenceId()).isPresent();
            assertThat(s.lines().collect(Collectors.toList()))
                    .containsExactly("{\"token\":\"Hel\"}", "{\"token\":\"lo\"}", "{\"token\":\"ünï\"}");
        }
    }

    @Test
    void predictStream_targetModel_rejectedBeforeSending() {
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predictStream(InferenceRequest.builder().body("x").targetModel("m.tar.gz")
                    .build())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("targetModel"));
        }
        assertThat(fixture.requestsReceived()).isZero();
    }

    @Test
    void predictStream_modelError_thrownBeforeTheStreamIsReturned() {
        Assumptions.assumeTrue(fixture.supportsStreaming(), "fixture cannot stream");
        fixture.modelFails(500, "boom");
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.predictStream(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOf(caps().modelError());
        }
        assertThat(fixture.requestsReceived()).isEqualTo(caps().modelServerErrorRequests());
    }

    @Test
    void close_thenPredict_throwsClientClosed() {
        fixture.modelAnswers(utf8("ok"), "text/plain", null);
        InferenceClient c = client();
        c.close();
        c.close(); // idempotent
        assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                .isInstanceOf(ClientClosedException.class);
        assertThat(fixture.requestsReceived()).isZero();
    }

    @Test
    void listener_seesStartRetriesAndSuccess_withoutPayloads() {
        Assumptions.assumeTrue(caps().serviceThrottling(), "the mode has no service that throttles");
        fixture.throttlesThenAnswers(1, utf8("ok"));
        List<String> seen = new CopyOnWriteArrayList<>();
        InferenceListener l = new InferenceListener() {
            @Override
            public void onStart(InferenceEvent e) {
                seen.add("start");
            }

            @Override
            public void onRetry(InferenceEvent e) {
                seen.add("retry:" + e.attempt());
            }

            @Override
            public void onSuccess(InferenceEvent e) {
                seen.add("success:" + e.attempt() + ":" + e.requestBytes() + ":" + e.responseBytes());
                seen.add(e.toString());
            }
        };
        try (InferenceClient c = fixture.client(b -> b.retry(FAST_RETRY).addListener(l))) {
            c.predict(b -> b.body("payload-123").customAttributes("secret-attr"));
        }
        assertThat(seen).startsWith("start", "retry:1", "success:2:11:2");
        assertThat(String.join(" ", seen)).doesNotContain("payload-123").doesNotContain("secret-attr");
    }

    @Test
    void listener_seesStartAndSuccess_withoutPayloads() {
        fixture.modelAnswers(utf8("ok"), "text/plain", null);
        List<String> seen = new CopyOnWriteArrayList<>();
        InferenceListener l = new InferenceListener() {
            @Override
            public void onStart(InferenceEvent e) {
                seen.add("start " + e);
            }

            @Override
            public void onSuccess(InferenceEvent e) {
                seen.add("success " + e);
            }
        };
        try (InferenceClient c = fixture.client(b -> b.retry(FAST_RETRY).addListener(l))) {
            c.predict(b -> b.body("payload-123"));
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("start");
        assertThat(seen.get(1)).startsWith("success");
        assertThat(String.join(" ", seen)).doesNotContain("payload-123");
    }

    @Test
    void score_returnsEveryRecordInInputOrderPairedWithItsInput() {
        Assumptions.assumeTrue(caps().scoresDatasets(), "the mode does not score datasets in this version");
        fixture.modelAnswers(utf8("scored\n"), "text/plain", null);
        java.util.List<String> records = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            records.add("row-" + i);
        }
        try (InferenceClient c = client()) {
            io.github.sminference.ScoringJob job = c.score(Dataset.ofRecords(records).withContentType("text/plain"),
                    io.github.sminference.ScoringOptions.builder()
                            .batchStrategy(io.github.sminference.ScoringOptions.BatchStrategy.SINGLE_RECORD).build());
            assertThat(job.token()).startsWith("smi1.");
            try (io.github.sminference.RecordStream rs = job.records()) {
                java.util.List<io.github.sminference.ScoredRecord> got = rs.stream()
                        .collect(Collectors.toList());
                assertThat(got).extracting(io.github.sminference.ScoredRecord::index)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 25).boxed()
                                .collect(Collectors.toList()));
                assertThat(got).extracting(r -> r.inputText().orElse(null)).containsExactlyElementsOf(records);
                assertThat(got).extracting(r -> r.outputText().orElse(null)).containsOnly("scored");
            }
            assertThat(job.await(Duration.ofSeconds(30)).recordsSucceeded()).isEqualTo(25);
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void listener_seesFailureForARejectedRequest() {
        List<InferenceEvent> failures = new CopyOnWriteArrayList<>();
        InferenceListener l = new InferenceListener() {
            @Override
            public void onFailure(InferenceEvent e) {
                failures.add(e);
            }
        };
        try (InferenceClient c = fixture.client(b -> b.addListener(l))) {
            assertThatThrownBy(() -> c.predict(b -> b.body("x").modelTimeout(Duration.ofHours(2))))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).error()).containsInstanceOf(InvalidRequestException.class);
    }

    private void awaitRequests(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fixture.requestsReceived() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(fixture.requestsReceived()).isGreaterThanOrEqualTo(n);
    }
}
