package io.github.sminference.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringOptions;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.local.ModelOutput;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Micrometer binding on real (local-mode) clients of every mode. */
class MicrometerInferenceListenerTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private LocalInferenceClient.Builder client(InvocationMode mode, io.github.sminference.local.ModelHandler h,
            Path work) {
        return LocalInferenceClient.builder().endpointName("metered").mode(mode).workDir(work).handler(h)
                .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2))
                        .build()).addListener(new MicrometerInferenceListener(registry));
    }

    @Test
    void realTime_timersByOutcomeSizesAndRetries(@TempDir Path work) {
        AtomicInteger calls = new AtomicInteger();
        try (InferenceClient c = client(InvocationMode.REAL_TIME, in -> {
            if (calls.incrementAndGet() == 1) {
                throw new ThrottlingException("slow down", 429, "ThrottlingException", null, null);
            }
            if (in.text().equals("bad")) {
                return ModelOutput.error(400, "bad");
            }
            return ModelOutput.of("0.5", "text/plain");
        }, work).build()) {
            c.predict(InferenceRequest.of("good input", "text/csv"));
            assertThatThrownBy(() -> c.predict(InferenceRequest.of("bad", "text/csv")))
                    .isInstanceOf(ModelErrorException.class);
        }
        assertThat(registry.get("sagemaker.inference.calls").tag("endpoint", "metered").tag("mode", "real_time")
                .tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("sagemaker.inference.calls").tag("outcome", "failure")
                .tag("error", "ModelErrorException").timer().count()).isEqualTo(1);
        assertThat(registry.get("sagemaker.inference.retries").tag("error", "ThrottlingException").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("sagemaker.inference.request.bytes").summary().totalAmount()).isEqualTo(10 + 3);
        assertThat(registry.get("sagemaker.inference.response.bytes").summary().totalAmount()).isEqualTo(3);
    }

    @Test
    void async_pendingGaugeUploadsAndCalls(@TempDir Path work) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (InferenceClient c = client(InvocationMode.ASYNC_ENDPOINT, in -> {
            release.await(10, TimeUnit.SECONDS);
            return ModelOutput.of("done", "text/plain");
        }, work).build()) {
            InferenceJob a = c.submit(InferenceRequest.of("payload-a", "text/plain"));
            InferenceJob b = c.submit(InferenceRequest.of("payload-b", "text/plain"));
            assertThat(registry.get("sagemaker.inference.async.pending").tag("endpoint", "metered").gauge().value())
                    .isEqualTo(2);
            release.countDown();
            a.await(Duration.ofSeconds(10));
            b.await(Duration.ofSeconds(10));
        }
        assertThat(registry.get("sagemaker.inference.async.pending").gauge().value()).isZero();
        assertThat(registry.get("sagemaker.inference.uploads").timer().count()).isEqualTo(2);
        assertThat(registry.get("sagemaker.inference.upload.bytes").summary().totalAmount()).isEqualTo(18);
        assertThat(registry.get("sagemaker.inference.calls").tag("mode", "async_endpoint").tag("outcome", "success")
                .timer().count()).isEqualTo(2);
    }

    @Test
    void batchAndFanOut_recordsProcessedAreCounted(@TempDir Path work) {
        List<String> rows = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "r" + i).toList();
        try (InferenceClient batch = client(InvocationMode.BATCH, in -> ModelOutput.of(in.text().toUpperCase(),
                "text/plain"), work).build();
                InferenceClient rt = client(InvocationMode.REAL_TIME, in -> ModelOutput.of("x", "text/plain"), work)
                        .build()) {
            batch.score(Dataset.ofRecords(rows), ScoringOptions.defaults()).await(Duration.ofSeconds(10));
            rt.score(Dataset.ofRecords(rows), ScoringOptions.defaults()).await(Duration.ofSeconds(10));
        }
        assertThat(registry.get("sagemaker.inference.job.records").tag("mode", "batch").counter().count())
                .isEqualTo(30);
        assertThat(registry.get("sagemaker.inference.job.records").tag("mode", "real_time").counter().count())
                .isEqualTo(30);
    }

    @Test
    void tags_neverCarryInferenceIdsOrPayloads(@TempDir Path work) {
        try (InferenceClient c = client(InvocationMode.REAL_TIME, in -> ModelOutput.of("ok", "text/plain"), work)
                .build()) {
            c.predict(b -> b.body("secret-payload").inferenceId("id-123").customAttributes("secret-attr"));
        }
        String all = registry.getMeters().stream().map(m -> m.getId().toString()).reduce("", String::concat);
        assertThat(all).doesNotContain("secret-payload").doesNotContain("id-123").doesNotContain("secret-attr");
    }
}
