package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.JobState;
import io.github.sminference.Payload;
import io.github.sminference.ResponseStream;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Asynchronous endpoints through the real AWS SDK clients against moto server: moto's InvokeEndpointAsync really
 * writes the output (or failure) object to S3 before it answers, in a bucket of its own choosing.
 */
class AwsAsyncMotoTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);
    private static final String STAGING = "s3://staging-bucket/async-inputs";

    private S3Client s3;
    private AsyncTestSupport.Recorder recorder;

    @BeforeEach
    void setUp(MotoServer moto) {
        recorder = new AsyncTestSupport.Recorder();
        s3 = AsyncTestSupport.s3(moto.endpoint(), recorder);
        s3.createBucket(b -> b.bucket("staging-bucket"));
    }

    @AfterEach
    void tearDown() {
        s3.close();
    }

    private String read(String bucket, String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asUtf8String();
    }

    @Test
    void predict_bytes_stagedInvokedAndReadBackFromTheOutputLocation(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("{\"score\":0.42}"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("{\"income\":52}")
                    .contentType("application/json").inferenceId("req-1").build());
            assertThat(job.id()).isEqualTo("req-1");
            InferenceResult r = job.await(Duration.ofSeconds(20));
            assertThat(r.text()).isEqualTo("{\"score\":0.42}");
            assertThat(r.metadata().outputLocation()).hasValueSatisfying(l -> assertThat(l).startsWith("s3://")
                    .endsWith("response.json"));
            assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
        }
        assertThat(read("staging-bucket", "async-inputs/req-1")).isEqualTo("{\"income\":52}");
    }

    @Test
    void score_s3Prefix_eachRecordReadFromS3StagedAndInvokedInInputOrder(MotoServer moto) throws Exception {
        s3.createBucket(b -> b.bucket("data"));
        s3.putObject(b -> b.bucket("data").key("in/b.csv"), RequestBody.fromString("b-0\nb-1\n"));
        s3.putObject(b -> b.bucket("data").key("in/a.csv"), RequestBody.fromString("a-0\na-1\na-2\n"));
        moto.queueAsyncResults(java.util.Collections.nCopies(5, MotoServer.AsyncResult.success("scored")));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            io.github.sminference.ScoringJob job = c.score(io.github.sminference.Dataset.ofS3Prefix("s3://data/in/")
                    .withContentType("text/csv"));
            try (io.github.sminference.RecordStream rs = job.records()) {
                assertThat(rs.stream().map(r -> r.inputText().orElseThrow().strip() + "=" + r.outputText()
                        .orElseThrow().strip()).toList())
                        .containsExactly("a-0=scored", "a-1=scored", "a-2=scored", "b-0=scored", "b-1=scored");
            }
        }
        assertThat(recorder.count("GET")).as("the two dataset objects were read through S3").isGreaterThanOrEqualTo(2);
    }

    @Test
    void submit_modelFailure_isAJobFailedExceptionWithTheFailureObjectsContent(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.failure("Received server error (500) from model: OOM"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.failureText()).contains("Received server error (500) from model: OOM");
                        assertThat(e.failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                                .contains("failure object"));
                    });
            assertThat(job.status().state()).isEqualTo(JobState.FAILED);
        }
    }

    @Test
    void submit_largePayload_stagedWithMultipartAndReadByTheService(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("ok"));
        byte[] big = new byte[12 * 1024 * 1024 + 123];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING)
                .partSizeBytes(5L * 1024 * 1024).uploadConcurrency(2).build())) {
            InferenceJob job = c.submit(InferenceRequest.builder().payload(Payload.ofStream(
                    new java.io.ByteArrayInputStream(big))).inferenceId("big-1").build());
            assertThat(job.await(Duration.ofSeconds(20)).text()).isEqualTo("ok");
        }
        byte[] staged = s3.getObject(b -> b.bucket("staging-bucket").key("async-inputs/big-1"),
                ResponseTransformer.toBytes()).asByteArray();
        assertThat(staged).hasSize(big.length);
        assertThat(Arrays.equals(staged, big)).isTrue();
        assertThat(recorder.requests).anySatisfy(r -> assertThat(r.rawQueryParameters()).containsKey("uploads"));
    }

    @Test
    void submit_unknownLengthStreamCrossingTheLimit_abortsTheUploadAndLeavesNoObject(MotoServer moto) {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 'a');
                return len;
            }
        };
        try (InferenceClient c = AsyncTestSupport.builder(moto.endpoint(), s3, AsyncTestSupport.fastPolling(STAGING)
                .partSizeBytes(5L * 1024 * 1024).build()).limits(l -> l.maxRequestBytes(12L * 1024 * 1024)).build()) {
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().payload(Payload.ofStream(endless))
                    .inferenceId("too-big").build())).isInstanceOf(PayloadTooLargeException.class);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket("staging-bucket")).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket("staging-bucket")).uploads()).isEmpty();
        assertThat(recorder.requests).anySatisfy(r -> assertThat(r.method().name()).isEqualTo("DELETE"));
    }

    @Test
    void submit_knownLengthOverOneGigabyte_rejectedBeforeAnyRequest(MotoServer moto) {
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            recorder.requests.clear();
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().payload(Payload.ofStream(
                    InputStream.nullInputStream(), 1_000_000_001L)).build()))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class,
                            e -> assertThat(e.limit()).isEqualTo(1_000_000_000L));
            assertThat(recorder.requests).isEmpty();
        }
    }

    @Test
    void submit_ttlAndInvocationTimeoutOutOfRange_rejectedBeforeStaging(MotoServer moto) {
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            recorder.requests.clear();
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x").queueTtl(Duration.ofSeconds(30))
                    .build())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("queueTtl"));
            assertThatThrownBy(() -> c.submit(InferenceRequest.builder().body("x")
                    .modelTimeout(Duration.ofSeconds(3601)).build()))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("modelTimeout"));
            assertThat(recorder.requests).isEmpty();
        }
    }

    @Test
    void submit_s3PayloadLocation_isUsedAsItIsWithoutStaging(MotoServer moto) {
        s3.putObject(b -> b.bucket("staging-bucket").key("existing/input.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("1,2,3"));
        moto.queueAsyncResults(MotoServer.AsyncResult.success("done"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(null).build())) {
            recorder.requests.clear();
            InferenceResult r = c.predict(InferenceRequest.builder()
                    .payload(Payload.ofLocation("s3://staging-bucket/existing/input.csv")).build());
            assertThat(r.text()).isEqualTo("done");
            assertThat(recorder.count("PUT")).isZero();
        }
    }

    @Test
    void submit_noStagingLocationForBytes_isAClearError(MotoServer moto) {
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncEndpointOptions.builder().build())) {
            assertThatThrownBy(() -> c.submit(InferenceRequest.of("x", "text/plain")))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("stagingLocation"));
        }
    }

    @Test
    void submit_idempotencyKey_fixesTheInferenceId(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("a"), MotoServer.AsyncResult.success("a"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            InferenceRequest r = InferenceRequest.builder().body("x").idempotencyKey("order-77").build();
            InferenceJob first = c.submit(r);
            first.await(Duration.ofSeconds(20));
            InferenceJob retry = c.submit(r);
            assertThat(retry.id()).isEqualTo(first.id()).isEqualTo("order-77");
        }
    }

    @Test
    void deleteStagedInputs_afterCompletion_theStagedObjectIsGone(MotoServer moto) throws Exception {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("ok"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING)
                .deleteStagedInputs(true).build())) {
            c.submit(InferenceRequest.builder().body("x").inferenceId("del-1").build()).await(Duration.ofSeconds(20));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!s3.listObjectsV2(b -> b.bucket("staging-bucket")).contents().isEmpty()
                    && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        }
        assertThat(s3.listObjectsV2(b -> b.bucket("staging-bucket")).contents()).isEmpty();
    }

    @Test
    void awaitStream_readsTheOutputObjectAsAStream(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("l1\nl2\nl3"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build());
                ResponseStream s = c.predictStream(InferenceRequest.of("x", "text/plain"))) {
            assertThat(s.lines()).containsExactly("l1", "l2", "l3");
            assertThat(s.metadata().outputLocation()).isPresent();
        }
    }

    @Test
    void polling_outputAlreadyThere_isDetectedWithOneHeadRequest(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("fast"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            InferenceJob job = c.submit(InferenceRequest.of("x", "text/plain"));
            recorder.requests.clear();
            job.await(Duration.ofSeconds(20));
            assertThat(recorder.count("HEAD")).isEqualTo(1);
        }
    }

    @Test
    void predictAsync_completesOffTheCallersThread(MotoServer moto) throws Exception {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("async"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING).build())) {
            assertThat(c.predictAsync(InferenceRequest.of("x", "text/plain")).get(20, TimeUnit.SECONDS).text())
                    .isEqualTo("async");
        }
    }

    @Test
    void headers_allSentOnAStagedPut(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("ok"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING)
                .expectedBucketOwner("123456789012").build())) {
            recorder.requests.clear(); // only the client's own requests
            c.predict(InferenceRequest.of("x", "text/plain"));
        }
        assertThat(recorder.count("PUT")).isEqualTo(1);
        assertThat(recorder.requests).filteredOn(r -> r.method().name().equals("PUT"))
                .allSatisfy(r -> assertThat(r.firstMatchingHeader("x-amz-expected-bucket-owner"))
                        .contains("123456789012"));
        assertThat(recorder.requests).filteredOn(r -> r.method().name().equals("HEAD"))
                .allSatisfy(r -> assertThat(r.firstMatchingHeader("x-amz-expected-bucket-owner"))
                        .contains("123456789012"));
    }

    @Test
    void staging_withSseKms_sendsTheEncryptionHeadersOnSingleAndMultipartUploads(MotoServer moto) {
        moto.queueAsyncResults(MotoServer.AsyncResult.success("ok"), MotoServer.AsyncResult.success("ok"));
        try (InferenceClient c = AsyncTestSupport.moto(moto, s3, AsyncTestSupport.fastPolling(STAGING)
                .kmsKeyId("alias/inference-inputs").partSizeBytes(5L * 1024 * 1024).build())) {
            recorder.requests.clear();
            c.predict(InferenceRequest.of("small", "text/plain"));
            c.predict(InferenceRequest.builder().payload(Payload.ofBytes(new byte[6 * 1024 * 1024])).build());
        }
        assertThat(recorder.requests).filteredOn(r -> r.method().name().equals("PUT") && r.rawQueryParameters()
                .isEmpty()).singleElement().satisfies(r -> {
                    assertThat(r.firstMatchingHeader("x-amz-server-side-encryption")).contains("aws:kms");
                    assertThat(r.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id"))
                            .contains("alias/inference-inputs");
                });
        assertThat(recorder.requests).filteredOn(r -> r.method().name().equals("POST") && r.rawQueryParameters()
                .containsKey("uploads")).singleElement().satisfies(r -> assertThat(
                        r.firstMatchingHeader("x-amz-server-side-encryption")).contains("aws:kms"));
    }
}
