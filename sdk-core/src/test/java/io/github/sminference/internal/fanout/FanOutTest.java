package io.github.sminference.internal.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.RecordStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.Listeners;
import io.github.sminference.spi.RecordSource;
import io.github.sminference.spi.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out engine over a scripted non-blocking endpoint that answers out of order. */
class FanOutTest {
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(4);
    private final ClientResources resources = ClientResources.create(
            new io.github.sminference.fake.FakeClientBuilder(new io.github.sminference.fake.FakeEndpointTransport())
                    .endpointName("e").mode(InvocationMode.REAL_TIME).settingsForTest());
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void tearDown() {
        answers.shutdownNow();
        resources.close();
    }

    private static ResultMetadata md() {
        return ResultMetadata.builder().mode(InvocationMode.REAL_TIME).build();
    }

    /** An endpoint that upper-cases each line of the body, after a random delay (so answers complete out of order). */
    private Function<InferenceRequest, CompletableFuture<InferenceResult>> upper(int maxDelayMicros) {
        return req -> {
            requests.incrementAndGet();
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            byte[] body;
            try {
                body = req.payload().openStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            CompletableFuture<InferenceResult> f = new CompletableFuture<>();
            answers.schedule(() -> {
                outstanding.decrementAndGet();
                f.complete(InferenceResult.of(new String(body, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8), "text/plain", md()));
            }, ThreadLocalRandom.current().nextInt(maxDelayMicros + 1), TimeUnit.MICROSECONDS);
            return f;
        };
    }

    private ScoringJob start(List<RecordSource> sources, ScoringOptions options, int concurrency, long maxPayload,
            Function<InferenceRequest, CompletableFuture<InferenceResult>> endpoint, InferenceListener... ls) {
        return FanOut.start(new FanOutSpec("fanout-test", InvocationMode.REAL_TIME, "e", sources,
                Dataset.SplitType.LINE, "text/csv", null, options, maxPayload, concurrency, endpoint, resources,
                new Listeners(List.of(ls)), TimeSource.system()));
    }

    private static RecordSource lines(String name, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append("row-").append(i).append(",x\n");
        }
        return RecordSource.ofBytes(name, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void score_hundredThousandRecordsSingleRecord_allInInputOrderPairedWithTheirInputs() {
        ScoringJob job = start(List.of(lines("a", 0, 60_000), lines("b", 60_000, 40_000)),
                ScoringOptions.defaults(), 64, 6_291_456, upper(200));
        long i = 0;
        try (RecordStream rs = job.records()) {
            while (rs.hasNext()) {
                ScoredRecord r = rs.next();
                assertThat(r.index()).isEqualTo(i);
                assertThat(r.inputText()).contains("row-" + i + ",x");
                assertThat(r.outputText()).contains("ROW-" + i + ",X");
                assertThat(r.source()).isEqualTo(i < 60_000 ? "a" : "b");
                i++;
            }
        }
        assertThat(i).isEqualTo(100_000);
        ScoringSummary s = job.await(Duration.ofSeconds(30));
        assertThat(s.recordsTotal()).isEqualTo(100_000);
        assertThat(s.recordsSucceeded()).isEqualTo(100_000);
        assertThat(requests.get()).isEqualTo(100_000);
        assertThat(maxOutstanding.get()).isLessThanOrEqualTo(64);
        assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void score_multiRecord_packsUnderThePayloadLimitAndSplitsTheAnswers() {
        ScoringJob job = start(List.of(lines("a", 0, 1_000)), ScoringOptions.builder()
                .batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD).build(), 4, 1_024, upper(100));
        List<String> out = new ArrayList<>();
        try (RecordStream rs = job.records()) {
            rs.forEachRemaining(r -> out.add(r.outputText().orElseThrow()));
        }
        assertThat(out).hasSize(1_000);
        assertThat(out.get(999)).isEqualTo("ROW-999,X");
        assertThat(requests.get()).isBetween(10, 100); // ~10 bytes a record, 1 KiB a request
    }

    @Test
    void score_multiRecordAnswerWithTheWrongLineCount_failsNamingTheRecords() {
        Function<InferenceRequest, CompletableFuture<InferenceResult>> oneLine = req -> CompletableFuture
                .completedFuture(InferenceResult.of("only-one\n".getBytes(StandardCharsets.UTF_8), "text/plain", md()));
        ScoringJob job = start(List.of(lines("a", 0, 10)), ScoringOptions.builder()
                .batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD).build(), 2, 1_024, oneLine);
        try (RecordStream rs = job.records()) {
            assertThatThrownBy(rs::hasNext).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("answered 1 line(s) for the 10 records 0-9 of a");
        }
        assertThat(job.status().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void score_slowReader_buffersAtMostTheConcurrency() throws Exception {
        ScoringJob job = start(List.of(lines("a", 0, 200)), ScoringOptions.defaults(), 8, 6_291_456, upper(0));
        try (RecordStream rs = job.records()) {
            rs.next();
            Thread.sleep(300); // the dispatcher runs ahead only as far as the window lets it
            assertThat(requests.get()).isLessThanOrEqualTo(1 + 8);
            rs.forEachRemaining(r -> { });
        }
        assertThat(requests.get()).isEqualTo(200);
    }

    @Test
    void score_rateLimit_spacesTheRequests() {
        long t0 = System.nanoTime();
        ScoringJob job = start(List.of(lines("a", 0, 21)), ScoringOptions.builder().requestsPerSecond(100.0)
                .build(), 16, 6_291_456, upper(0));
        try (RecordStream rs = job.records()) {
            assertThat(rs.stream().count()).isEqualTo(21);
        }
        // 21 requests at 100 per second need at least 200 ms (no upper bound: the machine may be busy)
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(195));
    }

    private Function<InferenceRequest, CompletableFuture<InferenceResult>> failing(String badRow) {
        Function<InferenceRequest, CompletableFuture<InferenceResult>> ok = upper(0);
        return req -> {
            String body;
            try {
                body = new String(req.payload().openStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (body.startsWith(badRow)) {
                return CompletableFuture.failedFuture(new ModelErrorException("bad row", 424, null, 400, "bad row",
                        null, null));
            }
            return ok.apply(InferenceRequest.of(body, "text/csv"));
        };
    }

    @Test
    void score_recordErrorsFailJob_theFirstFailureFailsTheJob() {
        ScoringJob job = start(List.of(lines("a", 0, 50)), ScoringOptions.defaults(), 4, 6_291_456,
                failing("row-20,"));
        try (RecordStream rs = job.records()) {
            assertThatThrownBy(() -> rs.forEachRemaining(r -> { })).isInstanceOf(ModelErrorException.class);
        }
        assertThatThrownBy(() -> job.await(Duration.ofSeconds(5))).isInstanceOf(ModelErrorException.class);
        assertThat(job.status().state()).isEqualTo(JobState.FAILED);
        assertThat(job.status().recordsDone()).hasValue(20);
    }

    @Test
    void score_recordErrorsReport_theFailedRecordIsReportedAndTheRestScored() {
        ScoringJob job = start(List.of(lines("a", 0, 50)), ScoringOptions.builder()
                .recordErrors(ScoringOptions.RecordErrors.REPORT).build(), 4, 6_291_456, failing("row-20,"));
        List<ScoredRecord> all;
        try (RecordStream rs = job.records()) {
            all = rs.stream().toList();
        }
        assertThat(all).hasSize(50);
        assertThat(all.get(20).isSuccess()).isFalse();
        assertThat(all.get(20).error()).containsInstanceOf(ModelErrorException.class);
        assertThat(all.get(20).inputText()).contains("row-20,x");
        assertThat(all).filteredOn(ScoredRecord::isSuccess).hasSize(49);
        ScoringSummary s = job.await(Duration.ofSeconds(5));
        assertThat(s.recordsFailed()).isEqualTo(1);
        assertThat(s.recordsSucceeded()).isEqualTo(49);
    }

    @Test
    void await_withoutReadingTheRecords_drainsThemAndCompletes() {
        ScoringJob job = start(List.of(lines("a", 0, 500)), ScoringOptions.defaults(), 8, 6_291_456, upper(10));
        assertThat(job.await(Duration.ofSeconds(10)).recordsSucceeded()).isEqualTo(500);
        assertThatThrownBy(job::records).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("open records() before awaiting");
    }

    @Test
    void stopRemote_stopsSendingAndEndsStopped() throws Exception {
        ScoringJob job = start(List.of(lines("a", 0, 100_000)), ScoringOptions.builder().requestsPerSecond(1_000.0)
                .build(), 4, 6_291_456, upper(0));
        RecordStream rs = job.records();
        for (int i = 0; i < 10; i++) {
            rs.next();
        }
        job.stopRemote();
        assertThatThrownBy(() -> rs.forEachRemaining(r -> { })).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("stopped");
        assertThat(job.status().state()).isEqualTo(JobState.STOPPED);
        assertThat(requests.get()).isLessThan(100_000);
    }

    @Test
    void cancel_stopsTheLocalWorkAndTheFutureIsCancelled() {
        ScoringJob job = start(List.of(lines("a", 0, 100_000)), ScoringOptions.builder().requestsPerSecond(1_000.0)
                .build(), 4, 6_291_456, upper(0));
        assertThat(job.cancel()).isTrue();
        assertThat(job.future()).isCancelled();
        assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void score_joinInput_outputsAreInputRowsWithTheAnswerAppended() {
        ScoringJob job = start(List.of(lines("a", 0, 3)), ScoringOptions.builder()
                .joinSource(ScoringOptions.JoinSource.INPUT).build(), 2, 6_291_456, upper(0));
        try (RecordStream rs = job.records()) {
            assertThat(rs.stream().map(r -> r.outputText().orElseThrow()).toList())
                    .containsExactly("row-0,x,ROW-0,X", "row-1,x,ROW-1,X", "row-2,x,ROW-2,X");
        }
    }

    @Test
    void score_multiRecordOnWholeObjects_isRejected() {
        assertThatThrownBy(() -> FanOut.start(new FanOutSpec("x", InvocationMode.REAL_TIME, "e",
                List.of(lines("a", 0, 3)), Dataset.SplitType.NONE, "text/csv", null, ScoringOptions.builder()
                        .batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD).build(), 1_024, 1, upper(0),
                resources, new Listeners(List.of()), TimeSource.system())))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("batchStrategy"));
    }

    @Test
    void progress_listenerSeesRunningThenCompleted() {
        List<JobState> seen = new CopyOnWriteArrayList<>();
        InferenceListener l = new InferenceListener() {
            @Override
            public void onJobProgress(String jobId, InvocationMode mode, JobStatus status) {
                seen.add(status.state());
            }
        };
        ScoringJob job = start(List.of(lines("a", 0, 10)), ScoringOptions.defaults(), 2, 6_291_456, upper(0), l);
        job.await(Duration.ofSeconds(10));
        assertThat(seen).first().isEqualTo(JobState.RUNNING);
        assertThat(seen).last().isEqualTo(JobState.COMPLETED);
    }

    @Test
    void localSources_recordsWithALineBreak_rejectedForLineSplit() {
        assertThatThrownBy(() -> FanOut.localSources(Dataset.ofRecords(List.of("a\nb")), InvocationMode.REAL_TIME))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("SplitType.NONE");
        assertThatThrownBy(() -> FanOut.localSources(Dataset.ofS3Prefix("s3://bucket/p/"), InvocationMode.REAL_TIME))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Dataset.ofFiles");
    }
}
