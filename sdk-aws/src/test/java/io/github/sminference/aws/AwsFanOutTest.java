package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * score() on AWS endpoint modes fans the records out through the real AWS SDK client: against a loopback runtime
 * stub with injected throttling (100,000 records, order and completeness), and against moto.
 */
class AwsFanOutTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    @TempDir
    Path dir;

    private Path csv(String name, int from, int rows) throws Exception {
        Path f = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (int i = from; i < from + rows; i++) {
                w.write("applicant-" + i + ",0." + (i % 1000) + "\n");
            }
        }
        return f;
    }

    @Test
    void score_hundredThousandRecordsWithInjectedThrottling_everyRecordOnceInOrder() throws Exception {
        Path a = csv("a.csv", 0, 50_000);
        Path b = csv("b.csv", 50_000, 50_000);
        try (RuntimeStub stub = new RuntimeStub(20); // every 20th request throttled
                InferenceClient c = AwsInferenceClient.builder().endpointName("fanout-endpoint")
                        .mode(InvocationMode.REAL_TIME).region(Region.US_EAST_1)
                        .credentialsProvider(AsyncTestSupport.CREDS).endpointOverride(stub.uri()).maxConcurrency(32)
                        .limits(l -> l.maxRequestBytes(4_096)) // small mini-batches: many requests to throttle
                        .retry(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
                                .maxBackoff(Duration.ofMillis(5)).build())
                        .circuitBreaker(CircuitBreakerPolicy.disabled()).build()) {
            long t0 = System.nanoTime();
            ScoringJob job = c.score(Dataset.ofFiles(a, b).withContentType("text/csv"), ScoringOptions.builder()
                    .batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD).maxPayloadInMb(1).build());
            long i = 0;
            try (RecordStream rs = job.records()) {
                while (rs.hasNext()) {
                    ScoredRecord r = rs.next();
                    assertThat(r.index()).isEqualTo(i);
                    String in = "applicant-" + i + ",0." + (i % 1000);
                    assertThat(r.inputText()).contains(in);
                    assertThat(r.outputText()).contains(in.toUpperCase(java.util.Locale.ROOT));
                    i++;
                }
            }
            assertThat(i).isEqualTo(100_000);
            assertThat(job.await(Duration.ofSeconds(10)).recordsSucceeded()).isEqualTo(100_000);
            assertThat(stub.throttled()).isPositive();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[fan-out] 100,000 records, MultiRecord 4 KiB, %d requests (%d throttled and retried):"
                    + " %.2f s, %.0f records/s%n", stub.requests(), stub.throttled(), seconds, 100_000 / seconds);
        }
    }

    @Test
    void score_singleRecordWithThrottling_everyRecordOnceInOrder() throws Exception {
        Path a = csv("a.csv", 0, 2_000);
        try (RuntimeStub stub = new RuntimeStub(10);
                InferenceClient c = AwsInferenceClient.builder().endpointName("fanout-endpoint")
                        .mode(InvocationMode.SERVERLESS).region(Region.US_EAST_1)
                        .credentialsProvider(AsyncTestSupport.CREDS).endpointOverride(stub.uri()).maxConcurrency(16)
                        .retry(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
                                .maxBackoff(Duration.ofMillis(5)).build())
                        .circuitBreaker(CircuitBreakerPolicy.disabled()).build()) {
            ScoringJob job = c.score(Dataset.ofFiles(a).withContentType("text/csv"));
            try (RecordStream rs = job.records()) {
                assertThat(rs.stream().map(r -> r.outputText().orElseThrow()).toList())
                        .hasSize(2_000).element(1_999).isEqualTo("APPLICANT-1999,0.999");
            }
            assertThat(stub.requests()).isEqualTo(2_000 + stub.throttled());
        }
    }

    @Test
    void score_againstMoto_everyRecordComesBackInInputOrder(MotoServer moto) throws Exception {
        Path a = csv("a.csv", 0, 300);
        try (InferenceClient c = AwsInferenceClient.builder().endpointName("moto-endpoint")
                .mode(InvocationMode.REAL_TIME).region(Region.of(moto.region()))
                .credentialsProvider(AsyncTestSupport.CREDS).endpointOverride(moto.endpoint()).maxConcurrency(8)
                .build()) {
            ScoringJob job = c.score(Dataset.ofFiles(a).withContentType("text/csv"));
            long i = 0;
            try (RecordStream rs = job.records()) {
                while (rs.hasNext()) {
                    ScoredRecord r = rs.next();
                    assertThat(r.index()).isEqualTo(i);
                    assertThat(r.inputText()).contains("applicant-" + i + ",0." + i);
                    assertThat(r.outputText()).isPresent(); // moto answers its static body
                    i++;
                }
            }
            assertThat(i).isEqualTo(300);
        }
    }
}
