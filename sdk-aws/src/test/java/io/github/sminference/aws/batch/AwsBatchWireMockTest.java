package io.github.sminference.aws.batch;

import static io.github.sminference.aws.batch.BatchTestSupport.put;
import static io.github.sminference.aws.batch.ControlPlaneStub.created;
import static io.github.sminference.aws.batch.ControlPlaneStub.describe;
import static io.github.sminference.aws.batch.ControlPlaneStub.error;
import static io.github.sminference.aws.batch.ControlPlaneStub.notFound;
import static io.github.sminference.aws.batch.ControlPlaneStub.ok;
import static io.github.sminference.aws.batch.ControlPlaneStub.op;
import static io.github.sminference.aws.batch.ControlPlaneStub.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Transform jobs on the wire, with WireMock playing the SageMaker control plane (so jobs can fail, stop, be throttled
 * or run long) and moto serving S3 (inputs and outputs).
 */
class AwsBatchWireMockTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);
    private static ControlPlaneStub cp;

    private S3Client s3;
    private SageMakerClient sm;
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Integer> pollEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStub() {
        cp = new ControlPlaneStub();
    }

    @AfterAll
    static void stopStub() {
        cp.close();
    }

    @BeforeEach
    void setUp(MotoServer moto) {
        cp.reset();
        s3 = BatchTestSupport.s3(moto.endpoint());
        sm = BatchTestSupport.sageMaker(cp.endpoint());
        s3.createBucket(b -> b.bucket("data"));
        s3.createBucket(b -> b.bucket("batch-out"));
    }

    @AfterEach
    void tearDown() {
        sm.close();
        s3.close();
    }

    private InferenceClient client(TransformJobOptions options) {
        return BatchTestSupport.builder(sm, s3, options).addListener(new InferenceListener() {
            @Override
            public void onJobProgress(String jobId, InvocationMode mode, JobStatus status) {
                progress.add(status.state().name());
            }

            @Override
            public void onPoll(InferenceEvent e) {
                pollEvents.add(e.attempt());
            }

            @Override
            public void onStart(InferenceEvent e) {
                events.add("start " + e.operation() + " " + e.inferenceId().orElse(""));
            }

            @Override
            public void onSuccess(InferenceEvent e) {
                events.add("success " + e.operation() + " " + e.inferenceId().orElse(""));
            }

            @Override
            public void onFailure(InferenceEvent e) {
                events.add("failure " + e.operation() + " " + e.inferenceId().orElse("") + " "
                        + e.error().map(x -> x.getClass().getSimpleName()).orElse(""));
            }
        }).build();
    }

    private InferenceClient client() {
        return client(BatchTestSupport.fastOptions().build());
    }

    /** Three inputs; only the first has an output (the job ended before the others). */
    private void threeInputsOneOutput(String job) {
        put(s3, "s3://data/f/a.csv", "a1\na2\n");
        put(s3, "s3://data/f/b.csv", "b1\n");
        put(s3, "s3://data/f/c.csv", "c1\n");
        put(s3, "s3://batch-out/" + job + "/a.csv.out", "0.1\n0.2\n");
    }

    private static ScoringOptions named(String job) {
        return ScoringOptions.builder().jobName(job).outputLocation("s3://batch-out/" + job + "/").build();
    }

    private void runsThen(String job, String status, String reason) {
        cp.sequence("DescribeTransformJob", List.of(notFound(job),
                describe(job, "InProgress", null, "s3://data/f/", "s3://batch-out/" + job + "/"),
                describe(job, status, reason, "s3://data/f/", "s3://batch-out/" + job + "/")));
        cp.answer("CreateTransformJob", created(job));
    }

    @Test
    void await_jobFailed_throwsTheReasonAndTheInputsWithoutOutput_andRecordsStopThere() {
        threeInputsOneOutput("failing");
        runsThen("failing", "Failed", "ClientError: See job logs for more information");
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    named("failing"));
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.jobId()).isEqualTo("failing");
                        assertThat(e.failureReason()).hasValueSatisfying(r -> assertThat(r)
                                .contains("ClientError: See job logs for more information")
                                .contains("2 of 3 inputs have no output: s3://data/f/b.csv, s3://data/f/c.csv"));
                    });
            assertThat(job.status().state()).isEqualTo(JobState.FAILED);
            assertThat(job.status().failureReason()).hasValue("ClientError: See job logs for more information");
            assertThat(job.status().startedAt()).isPresent();
            List<String> read = new ArrayList<>();
            try (RecordStream r = job.records()) {
                assertThatThrownBy(() -> r.forEachRemaining(x -> read.add(x.inputText().orElseThrow() + "="
                        + x.outputText().orElseThrow()))).isInstanceOf(JobFailedException.class)
                        .hasMessageContaining("s3://data/f/b.csv");
            }
            assertThat(read).containsExactly("a1=0.1", "a2=0.2");
        }
        assertThat(progress).containsExactly("RUNNING", "FAILED");
        assertThat(events).containsExactly("start transformJob failing",
                "failure transformJob failing JobFailedException");
    }

    @Test
    void await_jobStopped_isAJobFailedExceptionSayingSoAndNamingTheInputsWithoutOutput() {
        threeInputsOneOutput("stopped-job");
        runsThen("stopped-job", "Stopped", null);
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    named("stopped-job"));
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> assertThat(e.failureReason())
                            .hasValueSatisfying(r -> assertThat(r).contains("stopped").contains("2 of 3 inputs")));
            assertThat(job.status().state()).isEqualTo(JobState.STOPPED);
        }
    }

    @Test
    void stopRemote_running_sendsStopTransformJobAndWaitsUntilStopped() {
        threeInputsOneOutput("to-stop");
        String in = "s3://data/f/";
        String out = "s3://batch-out/to-stop/";
        cp.stub(op("DescribeTransformJob").inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(describe("to-stop", "InProgress", null, in, out)));
        cp.stub(op("StopTransformJob").inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ok("{}")).willSetStateTo("stopping"));
        cp.stub(op("DescribeTransformJob").inScenario("job").whenScenarioStateIs("stopping")
                .willReturn(describe("to-stop", "Stopping", null, in, out)).willSetStateTo("stopped"));
        cp.stub(op("DescribeTransformJob").inScenario("job").whenScenarioStateIs("stopped")
                .willReturn(describe("to-stop", "Stopped", "Stopped by the customer", in, out)));
        cp.answer("CreateTransformJob", created("to-stop"));
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix(in).withContentType("text/csv"), ScoringOptions.builder()
                    .outputLocation(out).build()); // a generated name: no existence check
            assertThat(job.poll().state()).isEqualTo(JobState.RUNNING);
            job.stopRemote();
            assertThat(job.status().state()).isEqualTo(JobState.STOPPED);
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(20))).isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("Stopped by the customer");
        }
        assertThat(cp.count("StopTransformJob")).isEqualTo(1);
        assertThat(cp.requests("StopTransformJob").get(0).getBodyAsString()).contains("\"TransformJobName\"");
        assertThat(progress).containsSubsequence("RUNNING", "STOPPING", "STOPPED");
    }

    @Test
    void stopRemote_jobAlreadyCompleted_theValidationExceptionIsTolerated() {
        put(s3, "s3://data/f/a.csv", "a1\n");
        put(s3, "s3://batch-out/done/a.csv.out", "1\n");
        cp.stub(op("DescribeTransformJob").inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(describe("done", "InProgress", null, "s3://data/f/", "s3://batch-out/done/")));
        cp.stub(op("StopTransformJob").inScenario("job").willReturn(error(400, "ValidationException",
                "The transform job done has already completed")).willSetStateTo("completed"));
        cp.stub(op("DescribeTransformJob").inScenario("job").whenScenarioStateIs("completed")
                .willReturn(describe("done", "Completed", null, "s3://data/f/", "s3://batch-out/done/")));
        cp.answer("CreateTransformJob", created("done"));
        try (InferenceClient c = client(BatchTestSupport.fastOptions().pollInterval(Duration.ofSeconds(30),
                Duration.ofSeconds(30)).build())) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    ScoringOptions.builder().outputLocation("s3://batch-out/done/").build());
            job.stopRemote();
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
            assertThat(job.await(Duration.ofSeconds(20)).outputLocations())
                    .containsExactly("s3://batch-out/done/a.csv.out");
        }
    }

    @Test
    void poll_throttledDescribeTransformJob_isRetriedWithBackoff() {
        put(s3, "s3://data/f/a.csv", "a1\n");
        put(s3, "s3://batch-out/thr/a.csv.out", "1\n");
        cp.answer("CreateTransformJob", created("thr"));
        cp.sequence("DescribeTransformJob", List.of(
                error(400, "ThrottlingException", "Rate exceeded"),
                error(400, "ThrottlingException", "Rate exceeded"),
                describe("thr", "Completed", null, "s3://data/f/", "s3://batch-out/thr/")));
        try (InferenceClient c = client(BatchTestSupport.fastOptions().pollInterval(Duration.ofSeconds(30),
                Duration.ofSeconds(30)).build())) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    ScoringOptions.builder().outputLocation("s3://batch-out/thr/").build());
            // one poll (the scheduled ones are 30 s away): its two throttled attempts are retried by the policy
            assertThat(job.poll().state()).isEqualTo(JobState.COMPLETED);
            assertThat(job.await(Duration.ofSeconds(20)).outputLocations()).hasSize(1);
        }
        assertThat(cp.count("DescribeTransformJob")).isEqualTo(3);
    }

    @Test
    void await_longJob_isPolledWithGrowingIntervalsUntilItEnds() {
        put(s3, "s3://data/f/a.csv", "a1\n");
        put(s3, "s3://batch-out/long/a.csv.out", "1\n");
        cp.answer("CreateTransformJob", created("long"));
        List<com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(describe("long", "InProgress", null, "s3://data/f/", "s3://batch-out/long/"));
        }
        answers.add(describe("long", "Completed", null, "s3://data/f/", "s3://batch-out/long/"));
        cp.sequence("DescribeTransformJob", answers);
        long t0 = System.nanoTime();
        try (InferenceClient c = client(BatchTestSupport.fastOptions().pollInterval(Duration.ofMillis(50),
                Duration.ofMillis(400)).pollMultiplier(2).build())) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    ScoringOptions.builder().outputLocation("s3://batch-out/long/").build());
            job.await(Duration.ofSeconds(20));
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        List<LoggedRequest> polls = cp.requests("DescribeTransformJob");
        assertThat(polls).hasSize(7);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            gaps.add(polls.get(i).getLoggedDate().getTime() - polls.get(i - 1).getLoggedDate().getTime());
        }
        // intervals 50, 100, 200, 400, 400, 400 ms: they grow, then stay at the cap
        System.out.println("[batch polling] gaps between DescribeTransformJob calls (ms): " + gaps + ", total "
                + ms + " ms");
        assertThat(gaps.get(0)).isBetween(70L, 400L);
        assertThat(gaps.get(2)).isBetween(150L, 700L);
        assertThat(gaps.get(5)).isBetween(300L, 900L);
        assertThat(ms).isBetween(1_500L, 6_000L);
        // one event per state change, not per poll
        assertThat(progress).containsExactly("RUNNING", "COMPLETED");
        assertThat(pollEvents).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(events).hasSize(2).first().asString().startsWith("start transformJob sminference-");
        assertThat(events.get(1)).startsWith("success transformJob sminference-");
    }

    @Test
    void cancel_stopsTheLocalWaitAndThePolling_butNotTheJob_andTheTokenResumesIt() throws Exception {
        cp.answer("CreateTransformJob", created("forever"));
        cp.answer("DescribeTransformJob", describe("forever", "InProgress", null, "s3://data/f/",
                "s3://batch-out/forever/"));
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    ScoringOptions.builder().outputLocation("s3://batch-out/forever/").build());
            long end = System.nanoTime() + 10_000_000_000L;
            while (job.status().state() != JobState.RUNNING && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(job.status().state()).isEqualTo(JobState.RUNNING);
            assertThat(job.cancel()).isTrue();
            assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(1)))
                    .isInstanceOf(io.github.sminference.exception.InferenceCancelledException.class);
            int polls = cp.count("DescribeTransformJob");
            Thread.sleep(300); // 15 poll intervals
            assertThat(cp.count("DescribeTransformJob")).isLessThanOrEqualTo(polls + 1); // at most one in flight
            assertThat(cp.count("StopTransformJob")).isZero();
            ScoringJob again = c.resumeScoring(job.token());
            assertThat(again.poll().state()).isEqualTo(JobState.RUNNING);
            again.cancel();
        }
    }

    @Test
    void records_whileTheJobRuns_waitAndACloseFromAnotherThreadEndsTheWait() throws Exception {
        cp.answer("CreateTransformJob", created("running"));
        cp.answer("DescribeTransformJob", describe("running", "InProgress", null, "s3://data/f/",
                "s3://batch-out/running/"));
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv"),
                    ScoringOptions.builder().outputLocation("s3://batch-out/running/").build());
            RecordStream records = job.records();
            java.util.concurrent.CompletableFuture<Boolean> waiting = java.util.concurrent.CompletableFuture
                    .supplyAsync(records::hasNext);
            Thread.sleep(300);
            assertThat(waiting).isNotDone(); // no record can come before the job ends
            long t0 = System.nanoTime();
            records.close();
            assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
            assertThatThrownBy(job::records).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("one-shot");
            job.cancel();
        }
    }

    /** The input digest the client tags a job with, read from a CreateTransformJob body. */
    private static String digestTag(LoggedRequest create) {
        Matcher m = Pattern.compile("\"Key\":\"sminference:input-digest\",\"Value\":\"([0-9a-f]{64})\"")
                .matcher(create.getBodyAsString());
        assertThat(m.find()).as(create.getBodyAsString()).isTrue();
        return m.group(1);
    }

    @Test
    void score_createAnsweredResourceInUse_attachesWhenTheJobIsForTheSameInput_elseFailsNamingTheKey() {
        put(s3, "s3://data/f/a.csv", "a1\n");
        ScoringOptions so = ScoringOptions.builder().idempotencyKey("run-7").outputLocation("s3://batch-out/race/")
                .build();
        Dataset data = Dataset.ofS3Prefix("s3://data/f/").withContentType("text/csv");
        // learn the job name and digest the client derives for this key and input
        cp.answer("DescribeTransformJob", notFound("x"));
        cp.answer("CreateTransformJob", created("x"));
        String name;
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(data, so);
            name = job.id();
            job.cancel();
        }
        String digest = digestTag(cp.requests("CreateTransformJob").get(0));
        // now the name is taken between our existence check and our CreateTransformJob
        cp.reset();
        cp.sequence("DescribeTransformJob", List.of(notFound(name),
                describe(name, "Completed", null, "s3://data/f/", "s3://batch-out/race/")));
        cp.answer("CreateTransformJob", error(400, "ResourceInUse", "Job name must be unique within an AWS account"
                + " and region, and a job with this name already exists"));
        cp.answer("ListTags", tags("sminference:input-digest", digest));
        put(s3, "s3://batch-out/race/a.csv.out", "1\n");
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(data, so);
            assertThat(job.id()).isEqualTo(name);
            assertThat(job.await(Duration.ofSeconds(20)).outputLocations())
                    .containsExactly("s3://batch-out/race/a.csv.out");
        }
        assertThat(cp.count("CreateTransformJob")).isEqualTo(1);
        assertThat(cp.requests("ListTags").get(0).getBodyAsString()).contains(ControlPlaneStub.ARN_PREFIX + name);
        // the same race, lost to a job made for other input
        cp.reset();
        cp.sequence("DescribeTransformJob", List.of(notFound(name),
                describe(name, "InProgress", null, "s3://data/other/", "s3://batch-out/race/")));
        cp.answer("CreateTransformJob", error(400, "ResourceInUse", "a job with this name already exists"));
        cp.answer("ListTags", tags("sminference:input-digest", "0".repeat(64)));
        try (InferenceClient c = client()) {
            assertThatThrownBy(() -> c.score(data, so)).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> {
                        assertThat(e.field()).isEqualTo("idempotencyKey");
                        assertThat(e.value()).isEqualTo("run-7");
                    });
        }
    }
}
