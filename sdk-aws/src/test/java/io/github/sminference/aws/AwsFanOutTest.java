package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import software.amazon.awssdk.core.sync.RequestBody;
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

    @Test
    void score_s3PrefixAndManifest_readThroughS3InKeyAndListedOrder(MotoServer moto) throws Exception {
        try (software.amazon.awssdk.services.s3.S3Client s3 = AsyncTestSupport.s3(moto.endpoint(), null)) {
            s3.createBucket(b -> b.bucket("data"));
            // keys listed out of insertion order: S3 lists them in key order, and so must score
            s3.putObject(b -> b.bucket("data").key("in/part-2.csv"), RequestBody.fromString("c-0\nc-1\n"));
            s3.putObject(b -> b.bucket("data").key("in/part-1.csv"), RequestBody.fromString("b-0\nb-1\nb-2\n"));
            s3.putObject(b -> b.bucket("data").key("in/folder/"), RequestBody.empty()); // a "folder" marker
            s3.putObject(b -> b.bucket("data").key("other/x.csv"), RequestBody.fromString("not-mine\n"));
            s3.putObject(b -> b.bucket("data").key("manifest.json"), RequestBody.fromString(
                    "[{\"prefix\": \"s3://data/in/\"}, \"part-2.csv\", \"part-1.csv\"]"));
            // the client makes its own S3 client on first use (path-style for moto)
            try (InferenceClient c = AwsInferenceClient.builder().endpointName("moto-endpoint")
                    .mode(InvocationMode.REAL_TIME).region(Region.of(moto.region()))
                    .credentialsProvider(AsyncTestSupport.CREDS).endpointOverride(moto.endpoint())
                    .forcePathStyle(true).maxConcurrency(4).build()) {
                assertThat(inputs(c.score(Dataset.ofS3Prefix("s3://data/in/").withContentType("text/csv"))))
                        .containsExactly("b-0", "b-1", "b-2", "c-0", "c-1");
                assertThat(inputs(c.score(Dataset.ofManifest("s3://data/manifest.json")
                        .withContentType("text/csv")))).containsExactly("c-0", "c-1", "b-0", "b-1", "b-2");
                assertThatThrownBy(() -> c.score(Dataset.ofS3Prefix("s3://no-such-bucket/in/")))
                        .isInstanceOf(io.github.sminference.exception.InvalidRequestException.class)
                        .hasMessageContaining("s3Prefix").hasMessageContaining("s3://no-such-bucket/in/")
                        .hasMessageContaining("NoSuchBucket");
            }
        }
    }

    private static java.util.List<String> inputs(ScoringJob job) throws Exception {
        try (RecordStream rs = job.records()) {
            java.util.List<String> out = rs.stream().map(r -> r.inputText().orElseThrow().strip()).toList();
            assertThat(job.await(Duration.ofSeconds(30)).recordsFailed()).isZero();
            return out;
        }
    }
}
