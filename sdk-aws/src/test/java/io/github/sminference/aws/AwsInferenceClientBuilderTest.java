package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.internal.AwsClientFactory;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.testsupport.InvocationReply;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** The builder: settings validation, caller-supplied AWS clients, ownership. */
class AwsInferenceClientBuilderTest {
    private SageMakerWireMock sm;

    @BeforeEach
    void setUp() {
        sm = SageMakerWireMock.of(WireMockFixture.server());
        sm.reset();
        sm.stubInvoke(WireMockFixture.ENDPOINT, InvocationReply.of("text/plain", "ok"));
    }

    @AfterEach
    void tearDown() {
        sm.reset();
    }

    private SageMakerRuntimeClient callersSyncClient(boolean retries) {
        var b = SageMakerRuntimeClient.builder().region(Region.US_EAST_1).endpointOverride(sm.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
        if (!retries) {
            b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return b.build();
    }

    @Test
    void build_withCallersClients_usesThemAndNeverClosesThem() throws Exception {
        SageMakerRuntimeClient sync = callersSyncClient(false);
        SageMakerRuntimeAsyncClient async = SageMakerRuntimeAsyncClient.builder().region(Region.US_EAST_1)
                .endpointOverride(sm.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        try {
            try (InferenceClient c = AwsInferenceClient.builder().endpointName(WireMockFixture.ENDPOINT)
                    .mode(InvocationMode.REAL_TIME).runtimeClient(sync).runtimeAsyncClient(async).build()) {
                assertThat(c.predict(InferenceRequest.of("x", "text/plain")).text()).isEqualTo("ok");
                assertThat(c.predictAsync(InferenceRequest.of("y", "text/plain")).get(10, TimeUnit.SECONDS).text())
                        .isEqualTo("ok");
            }
            // still usable after the InferenceClient closed: it was the caller's
            assertThat(sync.invokeEndpoint(r -> r.endpointName(WireMockFixture.ENDPOINT)
                    .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String("z"))).body().asUtf8String())
                    .isEqualTo("ok");
            assertThat(async.invokeEndpoint(r -> r.endpointName(WireMockFixture.ENDPOINT)
                    .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String("z"))).get(10, TimeUnit.SECONDS)
                    .body().asUtf8String()).isEqualTo("ok");
        } finally {
            sync.close();
            async.close();
        }
    }

    @Test
    void factory_runtimeClients_scheduleSdkTimeoutsOnTimersThatDropCancelledTasksAndStopOnClose() {
        ScheduledExecutorService timers;
        try (AwsClientFactory f = new AwsClientFactory(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), sm.endpoint(),
                Duration.ofSeconds(75), 10, false)) {
            timers = f.timers();
            assertThat(f.timers()).isSameAs(timers);
            ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) timers;
            assertThat(pool.getRemoveOnCancelPolicy()).isTrue();
            try (SageMakerRuntimeClient sync = f.runtime()) {
                for (int i = 0; i < 3; i++) {
                    // per-call timeouts, as RuntimeTransport sets them: the SDK schedules a timer task per call
                    assertThat(sync.invokeEndpoint(r -> r.endpointName(WireMockFixture.ENDPOINT)
                            .body(SdkBytes.fromUtf8String("x")).overrideConfiguration(o -> o
                                    .apiCallTimeout(Duration.ofSeconds(70))
                                    .apiCallAttemptTimeout(Duration.ofSeconds(70)))).body().asUtf8String())
                            .isEqualTo("ok");
                }
                assertThat(pool.getPoolSize()).as("the SDK scheduled its timeout tasks on these timers")
                        .isPositive();
                // cancelled when the calls ended, and dropped at once: only the timers' 1 s heartbeat is left
                assertThat(pool.getQueue()).as("tasks left").allSatisfy(t -> assertThat(
                        ((java.util.concurrent.Delayed) t).getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(1000));
            }
        }
        assertThat(timers.isShutdown()).isTrue();
    }

    @Test
    void factory_ownedAsyncClient_completesOnItsIoThreadAndTheCallersFutureOnTheCompletionExecutor()
            throws Exception {
        sm.stubInvoke(WireMockFixture.ENDPOINT, InvocationReply.of("text/plain", "ok")
                .withDelay(Duration.ofMillis(300)));
        try (AwsClientFactory f = new AwsClientFactory(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), sm.endpoint(),
                Duration.ofSeconds(75), 10, false);
                AwsClientFactory.OwnedAsync async = f.runtimeAsync(null)) {
            // no hand-off to the SDK's completion executor: the pipeline hands off to the client's own
            assertThat(async.client().invokeEndpoint(r -> r.endpointName(WireMockFixture.ENDPOINT)
                    .body(SdkBytes.fromUtf8String("x"))).thenApply(r -> Thread.currentThread().getName())
                    .get(10, TimeUnit.SECONDS)).startsWith("sminference-netty");
        }
        try (InferenceClient c = WireMockFixture.builder(sm, InvocationMode.REAL_TIME).build()) {
            assertThat(c.predictAsync(InferenceRequest.of("y", "text/plain"))
                    .thenApply(r -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .startsWith("sminference-completion");
        }
    }

    @Test
    void predictStream_longerThanTheOwnedClientsAttemptTimeout_isNotCutBySdk() throws Exception {
        // the owned async client applies the default attempt timeout by itself; a response stream lifts it, so a
        // stream that lasts longer than one attempt timeout (but starts within it) is read to its end
        sm.stubResponseStream(WireMockFixture.ENDPOINT, io.github.sminference.testsupport.ResponseStreamReply
                .ofText("abcdefgh", 2, 4, 6).withDribble(4, Duration.ofMillis(1600)));
        try (InferenceClient c = WireMockFixture.builder(sm, InvocationMode.REAL_TIME)
                .timeouts(io.github.sminference.config.TimeoutPolicy.builder().attemptTimeout(Duration.ofMillis(800))
                        .build()).build();
                io.github.sminference.ResponseStream s = c.predictStream(InferenceRequest.of("x", "text/plain"))) {
            long t0 = System.nanoTime();
            assertThat(new String(s.inputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("abcdefgh");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(800));
        }
    }

    @Test
    void warnIfRetrying_callersClientWithDefaultRetries_isDetected() {
        try (SageMakerRuntimeClient retrying = callersSyncClient(true);
                SageMakerRuntimeClient quiet = callersSyncClient(false)) {
            assertThat(AwsClientFactory.warnIfRetrying(retrying, "test client")).isNotEqualTo(1);
            assertThat(AwsClientFactory.warnIfRetrying(quiet, "test client")).isEqualTo(1);
        }
    }

    @Test
    void build_batch_needsTransformJobOptionsThenBuildsWithoutCallingAws() {
        // BATCH builds a transform-job client; without its TransformJobOptions it fails naming the setting
        assertThatThrownBy(() -> WireMockFixture.builder(sm, InvocationMode.BATCH).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field())
                        .isEqualTo("transformJob"));
        try (InferenceClient c = WireMockFixture.builder(sm, InvocationMode.BATCH)
                .transformJob(TransformJobOptions.builder().instanceType("ml.m5.xlarge").build()).build()) {
            assertThat(c.mode()).isEqualTo(InvocationMode.BATCH);
            assertThat(c.toString()).contains("BATCH").contains("ml.m5.xlarge");
        }
        assertThat(sm.totalRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading", "trailing-", "has_underscore", "has space",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void build_invalidEndpointName_namesTheFieldAndValue(String name) {
        assertThatThrownBy(() -> WireMockFixture.builder(sm, InvocationMode.REAL_TIME).endpointName(name).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("endpointName");
                    assertThat(e.value()).isEqualTo(name);
                });
    }

    @Test
    void build_missingMode_namesTheField() {
        assertThatThrownBy(() -> AwsInferenceClient.builder().endpointName("x").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("mode"));
    }

    @Test
    void build_limitOverride_isEnforcedBeforeSending() {
        try (InferenceClient c = WireMockFixture.builder(sm, InvocationMode.SERVERLESS)
                .limits(l -> l.maxRequestBytes(10)).build()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("01234567890", "text/plain")))
                    .isInstanceOf(io.github.sminference.exception.PayloadTooLargeException.class)
                    .hasMessageContaining("10 bytes");
            assertThat(c.predict(InferenceRequest.of("0123456789", "text/plain")).text()).isEqualTo("ok");
        }
        assertThat(sm.requestCount(WireMockFixture.ENDPOINT)).isEqualTo(1);
    }

    @Test
    void close_isIdempotentAndLaterCallsFailClearly() {
        InferenceClient c = WireMockFixture.builder(sm, InvocationMode.REAL_TIME).build();
        c.predict(InferenceRequest.of("x", "text/plain"));
        c.close();
        c.close();
        assertThatThrownBy(() -> c.predictAsync(InferenceRequest.of("x", "text/plain")).join())
                .hasCauseInstanceOf(io.github.sminference.exception.ClientClosedException.class);
    }
}
