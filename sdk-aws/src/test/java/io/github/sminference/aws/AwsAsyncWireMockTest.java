package io.github.sminference.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.Payload;
import io.github.sminference.aws.internal.asyncendpoint.AsyncEndpointClient;
import io.github.sminference.exception.AccessDeniedException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.SageMakerError;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * InvokeEndpointAsync on the wire (WireMock plays the runtime, so every header and answer can be checked and shaped),
 * with S3 on moto or, for 403 answers, on WireMock too.
 */
class AwsAsyncWireMockTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);
    private static final String EP = "async-endpoint";
    private static final String PATH = "/endpoints/" + EP + "/async-invocations";

    private SageMakerWireMock sm;
    private S3Client s3;
    private AsyncTestSupport.Recorder recorder;

    @BeforeEach
    void setUp(MotoServer moto) {
        sm = SageMakerWireMock.of(WireMockFixture.server());
        sm.reset();
        recorder = new AsyncTestSupport.Recorder();
        s3 = AsyncTestSupport.s3(moto.endpoint(), recorder);
        s3.createBucket(b -> b.bucket("staging"));
        s3.createBucket(b -> b.bucket("results"));
    }

    @AfterEach
    void tearDown() {
        s3.close();
        sm.reset();
    }

    /** InvokeEndpointAsync's answer: 202, the locations as headers, the inference id in the body. */
    private static ResponseDefinitionBuilder accepted(String id, String output, String failure) {
        ResponseDefinitionBuilder r = aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withHeader("X-Amzn-SageMaker-OutputLocation", output).withBody("{\"InferenceId\":\"" + id + "\"}");
        return failure == null ? r : r.withHeader("X-Amzn-SageMaker-FailureLocation", failure);
    }

    private InferenceClient client(AsyncEndpointOptions options) {
        return AsyncTestSupport.builder(sm.endpoint(), s3, options).build();
    }

    @Test
    void submit_everyFieldOfTheSdkVersion_isSentAsItsHeader() {
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("id-7", "s3://results/out/id-7.out",
                "s3://results/failures/id-7-error.out"));
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("1,2").contentType("text/csv")
                    .accept("application/json").customAttributes("trace=9").inferenceId("id-7")
                    .queueTtl(Duration.ofMinutes(10)).modelTimeout(Duration.ofSeconds(120)).build());
            assertThat(job.id()).isEqualTo("id-7");
            job.cancel();
        }
        LoggedRequest req = sm.requests(SageMakerWireMock.Operation.INVOKE_ASYNC, EP).get(0);
        assertThat(req.getHeader("X-Amzn-SageMaker-InputLocation")).isEqualTo("s3://staging/in/id-7");
        assertThat(req.getHeader("X-Amzn-SageMaker-Content-Type")).isEqualTo("text/csv");
        assertThat(req.getHeader("X-Amzn-SageMaker-Accept")).isEqualTo("application/json");
        assertThat(req.getHeader("X-Amzn-SageMaker-Custom-Attributes")).isEqualTo("trace=9");
        assertThat(req.getHeader("X-Amzn-SageMaker-Inference-Id")).isEqualTo("id-7");
        assertThat(req.getHeader("X-Amzn-SageMaker-RequestTTLSeconds")).isEqualTo("600");
        assertThat(req.getHeader("X-Amzn-SageMaker-InvocationTimeoutSeconds")).isEqualTo("120");
    }

    @Test
    void submit_withoutAnInferenceId_getsOneGeneratedOnTheClient() {
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("echo", "s3://results/o.out", null));
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            c.submit(InferenceRequest.of("x", "text/plain")).cancel();
        }
        String sent = sm.requests(SageMakerWireMock.Operation.INVOKE_ASYNC, EP).get(0)
                .getHeader("X-Amzn-SageMaker-Inference-Id");
        assertThat(sent).matches("[0-9a-f-]{36}");
    }

    @Test
    void submit_throttledThenAccepted_isRetried() {
        sm.stubSequence(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, List.of(SageMakerError.throttling().toResponse(),
                accepted("r1", "s3://results/r1.out", null)));
        s3.putObject(b -> b.bucket("results").key("r1.out"), RequestBody.fromString("ok"));
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            assertThat(c.predict(InferenceRequest.builder().body("x").inferenceId("r1").build()).text())
                    .isEqualTo("ok");
        }
        assertThat(sm.requestCount(SageMakerWireMock.Operation.INVOKE_ASYNC, EP)).isEqualTo(2);
    }

    @Test
    void submit_rejectedByTheService_deletesTheStagedInput() {
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, SageMakerError.validationError("bad").toResponse());
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").inferenceId("orphan").build()))
                    .isInstanceOf(io.github.sminference.exception.ValidationException.class);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket("staging")).contents()).isEmpty();
    }

    @Test
    void polling_outputAppearsLater_detectedWithBackoffAndFewRequests() throws Exception {
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("slow", "s3://results/slow.out",
                "s3://results/slow-error.out"));
        try (InferenceClient c = client(AsyncEndpointOptions.builder().stagingLocation("s3://staging/in")
                .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).pollBackoff(2.0, 0).build())) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("slow").build());
            long t0 = System.nanoTime();
            Thread.sleep(2_500);
            s3.putObject(b -> b.bucket("results").key("slow.out"), RequestBody.fromString("late result"));
            assertThat(job.await(Duration.ofSeconds(10)).text()).isEqualTo("late result");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long heads = ((AsyncEndpointClient) c).headRequests();
            // 200, 400, 800, 1000, 1000 ms...: 4 checks before the object exists, then the one that finds it;
            // each check that finds nothing also looks at the failure location
            assertThat(heads).isBetween(5L, 12L);
            assertThat(ms).isLessThan(5_000);
        }
    }

    @Test
    void head403_failsFastNamingTheIamFix_unlessTreatedAsMissing() {
        WireMockServer fakeS3 = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .bindAddress("127.0.0.1"));
        fakeS3.start();
        try (S3Client forbidden = AsyncTestSupport.s3(java.net.URI.create(fakeS3.baseUrl()), null)) {
            sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("f1", "s3://results/f1.out", null));
            fakeS3.stubFor(head(urlPathEqualTo("/results/f1.out")).willReturn(aResponse().withStatus(403)));
            try (InferenceClient c = AsyncTestSupport.builder(sm.endpoint(), forbidden, AsyncTestSupport
                    .fastPolling(null).build()).build()) {
                InferenceJob job = c.submit(InferenceRequest.builder()
                        .payload(Payload.ofLocation("s3://inputs/x.csv")).inferenceId("f1").build());
                assertThatThrownBy(() -> job.await(Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(AccessDeniedException.class,
                                e -> assertThat(e.getMessage()).contains("s3:ListBucket")
                                        .contains("treatForbiddenAsMissing"));
            }
            // with the option, 403 means "not yet": two 403s, then the object
            fakeS3.stubFor(head(urlPathEqualTo("/results/f1.out")).inScenario("s").whenScenarioStateIs(
                    Scenario.STARTED).willReturn(aResponse().withStatus(403)).willSetStateTo("one"));
            fakeS3.stubFor(head(urlPathEqualTo("/results/f1.out")).inScenario("s").whenScenarioStateIs("one")
                    .willReturn(aResponse().withStatus(403)).willSetStateTo("two"));
            fakeS3.stubFor(head(urlPathEqualTo("/results/f1.out")).inScenario("s").whenScenarioStateIs("two")
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "2")
                            .withHeader("Content-Type", "text/plain")));
            fakeS3.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/results/f1.out"))
                    .willReturn(aResponse().withStatus(200).withBody("ok").withHeader("Content-Type", "text/plain")));
            try (InferenceClient c = AsyncTestSupport.builder(sm.endpoint(), forbidden, AsyncTestSupport
                    .fastPolling(null).treatForbiddenAsMissing(true).build()).build()) {
                InferenceJob job = c.submit(InferenceRequest.builder()
                        .payload(Payload.ofLocation("s3://inputs/x.csv")).inferenceId("f1").build());
                assertThat(job.await(Duration.ofSeconds(10)).text()).isEqualTo("ok");
            }
        } finally {
            fakeS3.stop();
        }
    }

    @Test
    void resume_pastTheDeadlineWithNothingWritten_failsWithADeadlineTimeoutAtOnce() {
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("d1", "s3://results/d1.out",
                "s3://results/d1-error.out"));
        String token;
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("d1")
                    .queueTtl(Duration.ofSeconds(60)).modelTimeout(Duration.ofSeconds(1)).build());
            token = job.token();
            job.cancel();
        }
        io.github.sminference.testing.FakeTimeSource later = new io.github.sminference.testing.FakeTimeSource(
                Instant.now().plus(Duration.ofMinutes(5)));
        try (InferenceClient c = AsyncTestSupport.builder(sm.endpoint(), s3, AsyncTestSupport
                .fastPolling("s3://staging/in").build()).timeSource(later).build()) {
            InferenceJob resumed = c.resume(token);
            assertThatThrownBy(() -> resumed.await(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(InferenceTimeoutException.class,
                            e -> assertThat(e.budget()).isEqualTo(InferenceTimeoutException.Budget.DEADLINE));
        }
    }

    @Test
    void resume_afterTheOutputAppeared_completesFromS3EvenPastTheDeadline() {
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("d2", "s3://results/d2.out", null));
        String token;
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("d2").build());
            token = job.token();
            job.cancel();
        }
        s3.putObject(b -> b.bucket("results").key("d2.out"), RequestBody.fromString("written meanwhile"));
        try (InferenceClient c = client(AsyncTestSupport.fastPolling("s3://staging/in").build())) {
            assertThat(c.resume(token).await(Duration.ofSeconds(10)).text()).isEqualTo("written meanwhile");
        }
    }
}
