package io.github.sminference.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.testing.RecordedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model-container contract client, and the local real-time and serverless modes' limits and errors. */
class ModelContainerTest {

    @Test
    void invoke_sendsTheHeadersSageMakerSendsAContainer() throws Exception {
        ScriptedModel model = new ScriptedModel();
        try (FakeContainer container = new FakeContainer(model);
                InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                        .container(container.uri()).build()) {
            InferenceResult r = c.predict(b -> b.body("1,2").contentType("text/csv").accept("application/json")
                    .customAttributes("a=1").inferenceId("inf-1").targetModel("m1.tar.gz").targetVariant("blue"));
            assertThat(r.text()).isEqualTo("ok");
            assertThat(r.metadata().invokedVariant()).contains("blue");
        }
        RecordedRequest got = model.last().orElseThrow();
        assertThat(got.header("Content-Type")).contains("text/csv");
        assertThat(got.header("Accept")).contains("application/json");
        assertThat(got.header("X-Amzn-SageMaker-Custom-Attributes")).contains("a=1");
        assertThat(got.header("X-Amzn-SageMaker-Inference-Id")).contains("inf-1");
        assertThat(got.header("X-Amzn-SageMaker-Target-Model")).contains("m1.tar.gz");
        assertThat(got.header("X-Amzn-SageMaker-Target-Variant")).contains("blue");
    }

    @Test
    void awaitReady_containerNeverReady_failsWithinTheBoundedWait() throws Exception {
        try (FakeContainer container = new FakeContainer(new ScriptedModel())) {
            container.ready(false);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> ModelContainer.at(container.uri()).awaitReady(Duration.ofMillis(600)))
                    .isInstanceOf(InferenceTimeoutException.class).hasMessageContaining("/ping");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            container.ready(true);
            ModelContainer.at(container.uri()).awaitReady(Duration.ofSeconds(2));
        }
    }

    @Test
    void build_noContainerListening_failsFastWithTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                .container(nowhere).readyTimeout(Duration.ofMillis(500)).build())
                .isInstanceOf(InferenceTimeoutException.class).hasMessageContaining(nowhere.toString());
    }

    @Test
    void executionParameters_parsedFromTheContainer() throws Exception {
        try (FakeContainer container = new FakeContainer(new ScriptedModel())) {
            assertThat(ModelContainer.at(container.uri()).executionParameters()).isEmpty();
            container.executionParameters("{\"MaxConcurrentTransforms\":8,\"BatchStrategy\":\"MULTI_RECORD\","
                    + "\"MaxPayloadInMB\":6}");
            ExecutionParameters p = ModelContainer.at(container.uri()).executionParameters().orElseThrow();
            assertThat(p).isEqualTo(new ExecutionParameters(8, ScoringOptions.BatchStrategy.MULTI_RECORD, 6));
        }
    }

    @Test
    void predict_sevenMegabytes_onRealTime_rejectedBeforeTheModelSeesIt() throws Exception {
        ScriptedModel model = new ScriptedModel();
        try (FakeContainer container = new FakeContainer(model);
                InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                        .container(container.uri()).build()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of(new byte[7_000_000], "application/octet-stream")))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                        assertThat(e.limit()).isEqualTo(6_291_456L);
                        assertThat(e.getMessage()).contains("asynchronous endpoint");
                    });
            assertThat(c.predict(InferenceRequest.of(new byte[6_291_456], "application/octet-stream")).text())
                    .isEqualTo("ok");
        }
        assertThat(model.received()).hasSize(1); // only the one at the limit
    }

    @Test
    void predict_serverlessOverFourMillionBytes_rejectedBeforeTheModelSeesIt() {
        ScriptedModel model = new ScriptedModel();
        try (InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.SERVERLESS)
                .handler(model).build()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of(new byte[4_000_001], "x/y")))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class,
                            e -> assertThat(e.limit()).isEqualTo(4_000_000L));
        }
        assertThat(model.received()).isEmpty();
    }

    @Test
    void predict_modelAnswersOverTheResponseLimit_isAModelError() {
        try (InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                .handler(in -> ModelOutput.of(new byte[6_291_457], "application/octet-stream")).build()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOf(ModelErrorException.class).hasMessageContaining("6291456");
        }
    }

    @Test
    void predict_containerAnswers4xx_isAModelErrorWithTheContainersStatusAndMessage() throws Exception {
        ScriptedModel model = new ScriptedModel();
        model.fail(400, "feature 'age' missing");
        try (FakeContainer container = new FakeContainer(model);
                InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                        .container(container.uri()).build()) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/csv")))
                    .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(424);
                        assertThat(e.originalStatusCode()).contains(400);
                        assertThat(e.originalMessage()).contains("feature 'age' missing");
                        assertThat(e.getMessage()).contains("Received client error (400) from model");
                    });
        }
    }

    @Test
    void predict_containerGoneAfterBuild_isARetriedTransportError() throws Exception {
        ScriptedModel model = new ScriptedModel();
        FakeContainer container = new FakeContainer(model);
        InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                .container(container.uri()).retry(io.github.sminference.config.RetryPolicy.builder().maxAttempts(2)
                        .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(5)).build()).build();
        container.close();
        try (c) {
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.isRetryable()).isTrue());
        }
    }

    @Test
    void build_neitherOrBothModels_isAClearError() {
        assertThatThrownBy(() -> LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                .build()).isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("container/handler"));
        assertThatThrownBy(() -> LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                .container(URI.create("http://127.0.0.1:1")).handler(in -> ModelOutput.of("x", null)).build())
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void handler_throwingAServiceError_reachesTheRetryPolicyAsItIs() {
        ScriptedModel model = new ScriptedModel();
        model.throttleThenAnswer(2, "finally".getBytes(StandardCharsets.UTF_8));
        try (InferenceClient c = LocalInferenceClient.builder().endpointName("ep").mode(InvocationMode.REAL_TIME)
                .handler(model).retry(io.github.sminference.config.RetryPolicy.builder().initialBackoff(
                        Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(5)).build()).build()) {
            InferenceResult r = c.predict(InferenceRequest.of("x", "text/plain"));
            assertThat(r.text()).isEqualTo("finally");
            assertThat(r.metadata().attempts()).isEqualTo(3);
        }
    }

    @Test
    void invoke_directly_returnsErrorsAsOutputs() throws Exception {
        ScriptedModel model = new ScriptedModel();
        model.fail(503, "busy");
        try (FakeContainer container = new FakeContainer(model)) {
            ModelOutput o = ModelContainer.at(container.uri()).invoke("x".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/plain"), Duration.ofSeconds(5));
            assertThat(o.isError()).isTrue();
            assertThat(o.status()).isEqualTo(503);
            assertThat(new String(o.body(), StandardCharsets.UTF_8)).isEqualTo("busy");
        }
    }
}
