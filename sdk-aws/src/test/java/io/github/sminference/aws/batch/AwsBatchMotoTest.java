package io.github.sminference.aws.batch;

import static io.github.sminference.aws.batch.BatchTestSupport.MODEL;
import static io.github.sminference.aws.batch.BatchTestSupport.put;
import static io.github.sminference.aws.batch.BatchTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import io.github.sminference.RecordStream;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTagsRequest;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Batch transform through the real AWS SDK clients against moto server: moto's CreateTransformJob and
 * DescribeTransformJob (a job is Completed at once), ListTags, and S3. moto writes no output, so
 * {@link BatchTestSupport.FakeService} writes each {@code <input>.out} where {@code OutputLayout} says the service
 * writes it (our reading of the rule, not the service's behaviour).
 */
class AwsBatchMotoTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    private S3Client s3;
    private SageMakerClient sm;
    private BatchTestSupport.Recorder smCalls;
    private BatchTestSupport.Recorder s3Calls;
    private BatchTestSupport.FakeService service;

    @BeforeEach
    void setUp(MotoServer moto) {
        s3Calls = new BatchTestSupport.Recorder();
        smCalls = new BatchTestSupport.Recorder();
        S3Client plain = BatchTestSupport.s3(moto.endpoint());
        service = new BatchTestSupport.FakeService(plain, line -> "score(" + line + ")");
        s3 = BatchTestSupport.s3(moto.endpoint(), s3Calls);
        sm = BatchTestSupport.sageMaker(moto.endpoint(), smCalls, service);
        for (String b : List.of("batch-staging", "batch-out", "data")) {
            s3.createBucket(c -> c.bucket(b));
        }
    }

    @AfterEach
    void tearDown() {
        sm.close();
        s3.close();
    }

    private InferenceClient client(TransformJobOptions options) {
        return BatchTestSupport.builder(sm, s3, options).build();
    }

    private InferenceClient client() {
        return client(BatchTestSupport.fastOptions().build());
    }

    private static List<ScoredRecord> all(ScoringJob job) {
        List<ScoredRecord> out = new ArrayList<>();
        try (RecordStream r = job.records()) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<String> outputs(List<ScoredRecord> records) {
        return records.stream().map(r -> r.outputText().orElseThrow()).collect(Collectors.toList());
    }

    @Test
    void score_everyOption_sentInCreateTransformJobAndEchoedByTheService() {
        put(s3, "s3://data/in/a.csv", "1,2\n");
        TransformJobOptions options = BatchTestSupport.fastOptions().instanceType("ml.c5.2xlarge").instanceCount(3)
                .outputKmsKeyId("alias/out-key").volumeKmsKeyId("arn:aws:kms:us-east-1:123456789012:key/vol")
                .transformAmiVersion("al2-ami-sagemaker-batch-gpu-535")
                .environment(Map.of("MODEL_THREADS", "4")).putTag("team", "risk")
                .compression(TransformJobOptions.Compression.NONE).inputFilter("$[1:]")
                .outputFilter("$['id','SageMakerOutput']")
                .dataCapture("s3://batch-out/capture", "alias/capture-key", true)
                .experiment("credit-exp", "trial-7", "tc-7").runName("run-7").build();
        ScoringOptions so = ScoringOptions.builder().batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD)
                .maxPayloadInMb(5).maxConcurrentTransforms(8).assembleWith(ScoringOptions.AssembleWith.LINE)
                .joinSource(ScoringOptions.JoinSource.INPUT).modelTimeout(Duration.ofSeconds(900)).maxRetries(2)
                .outputLocation("s3://batch-out/explicit/").jobName("every-field").build();
        try (InferenceClient c = client(options)) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/in/").withContentType("text/csv")
                    .withAccept("text/csv"), so);
            assertThat(job.id()).isEqualTo("every-field");
            job.await(Duration.ofSeconds(20));
        }
        CreateTransformJobRequest r = smCalls.of(CreateTransformJobRequest.class).get(0);
        assertThat(r.transformJobName()).isEqualTo("every-field");
        assertThat(r.modelName()).isEqualTo(MODEL);
        assertThat(r.batchStrategyAsString()).isEqualTo("MultiRecord");
        assertThat(r.maxPayloadInMB()).isEqualTo(5);
        assertThat(r.maxConcurrentTransforms()).isEqualTo(8);
        assertThat(r.modelClientConfig().invocationsTimeoutInSeconds()).isEqualTo(900);
        assertThat(r.modelClientConfig().invocationsMaxRetries()).isEqualTo(2);
        assertThat(r.environment()).containsExactly(Map.entry("MODEL_THREADS", "4"));
        assertThat(r.transformInput().dataSource().s3DataSource().s3DataTypeAsString()).isEqualTo("S3Prefix");
        assertThat(r.transformInput().dataSource().s3DataSource().s3Uri()).isEqualTo("s3://data/in/");
        assertThat(r.transformInput().contentType()).isEqualTo("text/csv");
        assertThat(r.transformInput().splitTypeAsString()).isEqualTo("Line");
        assertThat(r.transformInput().compressionTypeAsString()).isEqualTo("None");
        assertThat(r.transformOutput().s3OutputPath()).isEqualTo("s3://batch-out/explicit/");
        assertThat(r.transformOutput().accept()).isEqualTo("text/csv");
        assertThat(r.transformOutput().assembleWithAsString()).isEqualTo("Line");
        assertThat(r.transformOutput().kmsKeyId()).isEqualTo("alias/out-key");
        assertThat(r.transformResources().instanceTypeAsString()).isEqualTo("ml.c5.2xlarge");
        assertThat(r.transformResources().instanceCount()).isEqualTo(3);
        assertThat(r.transformResources().volumeKmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/vol");
        assertThat(r.transformResources().transformAmiVersion()).isEqualTo("al2-ami-sagemaker-batch-gpu-535");
        assertThat(r.dataProcessing().inputFilter()).isEqualTo("$[1:]");
        assertThat(r.dataProcessing().outputFilter()).isEqualTo("$['id','SageMakerOutput']");
        assertThat(r.dataProcessing().joinSourceAsString()).isEqualTo("Input");
        assertThat(r.dataCaptureConfig().destinationS3Uri()).isEqualTo("s3://batch-out/capture");
        assertThat(r.dataCaptureConfig().kmsKeyId()).isEqualTo("alias/capture-key");
        assertThat(r.dataCaptureConfig().generateInferenceId()).isTrue();
        assertThat(r.experimentConfig().experimentName()).isEqualTo("credit-exp");
        assertThat(r.experimentConfig().trialName()).isEqualTo("trial-7");
        assertThat(r.experimentConfig().trialComponentDisplayName()).isEqualTo("tc-7");
        assertThat(r.experimentConfig().runName()).isEqualTo("run-7");
        assertThat(r.tags()).extracting(Tag::key).containsExactly("team", "sminference:input-digest");
        assertThat(r.tags().get(1).value()).matches("[0-9a-f]{64}");
        // the same values went over the wire: the service (moto) echoes them
        DescribeTransformJobResponse d = sm.describeTransformJob(b -> b.transformJobName("every-field"));
        assertThat(d.transformInput()).isEqualTo(r.transformInput());
        assertThat(d.transformOutput()).isEqualTo(r.transformOutput());
        assertThat(d.transformResources()).isEqualTo(r.transformResources());
        assertThat(d.dataProcessing()).isEqualTo(r.dataProcessing());
        assertThat(d.dataCaptureConfig()).isEqualTo(r.dataCaptureConfig());
        assertThat(d.experimentConfig()).isEqualTo(r.experimentConfig());
        assertThat(d.modelClientConfig()).isEqualTo(r.modelClientConfig());
        assertThat(d.environment()).isEqualTo(r.environment());
        assertThat(d.maxPayloadInMB()).isEqualTo(5);
        assertThat(d.maxConcurrentTransforms()).isEqualTo(8);
        assertThat(d.batchStrategyAsString()).isEqualTo("MultiRecord");
        assertThat(sm.listTags(ListTagsRequest.builder().resourceArn(d.transformJobArn()).build()).tags())
                .containsExactlyElementsOf(r.tags());
    }

    @Test
    void score_s3Prefix_recordsInKeyOrderPairedWithTheirInputs() {
        put(s3, "s3://data/in/b.csv", "b1\nb2\n");
        put(s3, "s3://data/in/a.csv", "a1\na2\na3\n");
        put(s3, "s3://data/in/sub/c.csv", "c1\n");
        put(s3, "s3://data/in/folder/", "");
        put(s3, "s3://data/other/x.csv", "not-in-the-dataset\n");
        List<String> progress = new CopyOnWriteArrayList<>();
        InferenceListener listener = new InferenceListener() {
            @Override
            public void onJobProgress(String jobId, io.github.sminference.InvocationMode mode, JobStatus status) {
                progress.add(jobId + ":" + status.state());
            }
        };
        try (InferenceClient c = BatchTestSupport.builder(sm, s3, BatchTestSupport.fastOptions().build())
                .addListener(listener).build()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/in/").withContentType("text/csv"),
                    ScoringOptions.builder().jobName("prefix-order").build());
            ScoringSummary summary = job.await(Duration.ofSeconds(20));
            assertThat(summary.outputLocations()).containsExactly("s3://batch-out/jobs/prefix-order/a.csv.out",
                    "s3://batch-out/jobs/prefix-order/b.csv.out", "s3://batch-out/jobs/prefix-order/sub/c.csv.out");
            assertThat(summary.recordsTotal()).isEqualTo(-1);
            JobStatus st = job.status();
            assertThat(st.state()).isEqualTo(JobState.COMPLETED);
            assertThat(st.submittedAt()).isPresent();
            assertThat(st.endedAt()).isPresent();
            List<ScoredRecord> records = all(job);
            assertThat(records).extracting(ScoredRecord::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(records).extracting(r -> r.inputText().orElseThrow())
                    .containsExactly("a1", "a2", "a3", "b1", "b2", "c1");
            assertThat(outputs(records)).containsExactly("score(a1)", "score(a2)", "score(a3)", "score(b1)",
                    "score(b2)", "score(c1)");
            assertThat(records).extracting(ScoredRecord::source).containsExactly("s3://data/in/a.csv",
                    "s3://data/in/a.csv", "s3://data/in/a.csv", "s3://data/in/b.csv", "s3://data/in/b.csv",
                    "s3://data/in/sub/c.csv");
        }
        assertThat(progress).containsExactly("prefix-order:COMPLETED");
    }

    @Test
    void score_manifest_recordsInListedOrder() {
        put(s3, "s3://data/m/x.csv", "x1\n");
        put(s3, "s3://data/m/y.csv", "y1\ny2\n");
        put(s3, "s3://data/m/deep/z.csv", "z1\n");
        put(s3, "s3://data/manifest.json", "[{\"prefix\":\"s3://data/m/\"}, \"y.csv\", \"deep/z.csv\", \"x.csv\"]");
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofManifest("s3://data/manifest.json").withContentType("text/csv"),
                    ScoringOptions.builder().jobName("manifest-order").build());
            assertThat(job.await(Duration.ofSeconds(20)).outputLocations()).containsExactly(
                    "s3://batch-out/jobs/manifest-order/y.csv.out",
                    "s3://batch-out/jobs/manifest-order/deep/z.csv.out",
                    "s3://batch-out/jobs/manifest-order/x.csv.out");
            assertThat(all(job)).extracting(r -> r.inputText().orElseThrow()).containsExactly("y1", "y2", "z1",
                    "x1");
        }
        CreateTransformJobRequest r = smCalls.of(CreateTransformJobRequest.class).get(0);
        assertThat(r.transformInput().dataSource().s3DataSource().s3DataTypeAsString()).isEqualTo("ManifestFile");
        assertThat(r.transformInput().dataSource().s3DataSource().s3Uri()).isEqualTo("s3://data/manifest.json");
    }

    @Test
    void score_localFiles_uploadedUnderTheJobPrefixAndReadInTheOrderGiven(@TempDir Path dir) throws Exception {
        Path z = dir.resolve("z.csv");
        Path a = dir.resolve("a.csv");
        Path m = Files.createDirectories(dir.resolve("sub")).resolve("m.csv");
        Files.writeString(z, "z1\nz2\n");
        Files.writeString(a, "a1\n");
        Files.writeString(m, "m1\n");
        List<Long> uploads = new CopyOnWriteArrayList<>();
        try (InferenceClient c = BatchTestSupport.builder(sm, s3, BatchTestSupport.fastOptions().build())
                .addListener(new InferenceListener() {
                    @Override
                    public void onUpload(io.github.sminference.event.InferenceEvent e) {
                        uploads.add(e.requestBytes());
                    }
                }).build()) {
            ScoringJob job = c.score(Dataset.ofFiles(z, a, m).withContentType("text/csv"),
                    ScoringOptions.builder().jobName("files-job").build());
            assertThat(job.await(Duration.ofSeconds(20)).outputLocations()).containsExactly(
                    "s3://batch-out/jobs/files-job/z.csv.out", "s3://batch-out/jobs/files-job/a.csv.out",
                    "s3://batch-out/jobs/files-job/sub/m.csv.out");
            assertThat(all(job)).extracting(r -> r.inputText().orElseThrow()).containsExactly("z1", "z2", "a1",
                    "m1");
        }
        assertThat(uploads).containsExactly(12L); // one upload event: the three files' bytes
        assertThat(s3.listObjectsV2(b -> b.bucket("batch-staging")).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrder("inputs/files-job/z.csv", "inputs/files-job/a.csv",
                        "inputs/files-job/sub/m.csv", "inputs/files-job.order");
        assertThat(read(s3, "s3://batch-staging/inputs/files-job/sub/m.csv")).isEqualTo("m1\n");
        CreateTransformJobRequest r = smCalls.of(CreateTransformJobRequest.class).get(0);
        assertThat(r.transformInput().dataSource().s3DataSource().s3Uri())
                .isEqualTo("s3://batch-staging/inputs/files-job/");
        assertThat(r.tags()).extracting(Tag::key).contains("sminference:input-order");
    }

    @Test
    void score_largeLocalFile_uploadedInPartsAndWhole(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.csv");
        byte[] line = "0123456789,abcdefghij,0.5\n".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 500_000; i++) { // 13,000,000 bytes: three parts of 5 MiB
                out.write(line);
            }
        }
        service.skip = Set.of("big.csv"); // no need to score it: this is about the upload
        try (InferenceClient c = client(BatchTestSupport.fastOptions().uploadPartSizeBytes(5L * 1024 * 1024)
                .uploadConcurrency(2).build())) {
            ScoringJob job = c.score(Dataset.ofFiles(big), ScoringOptions.builder().jobName("big-file").build());
            job.cancel();
        }
        byte[] staged = s3.getObject(b -> b.bucket("batch-staging").key("inputs/big-file/big.csv"),
                ResponseTransformer.toBytes()).asByteArray();
        assertThat(staged).hasSize(13_000_000);
        assertThat(Arrays.equals(staged, Files.readAllBytes(big))).isTrue();
        assertThat(s3Calls.http).filteredOn(h -> h.rawQueryParameters().containsKey("partNumber")).hasSize(3);
    }

    @Test
    void score_recordsInMemory_writtenAsOneObjectOneRecordPerLine() {
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofRecords(List.of("r1", "r2", "r3")).withContentType("text/csv"),
                    ScoringOptions.builder().jobName("records-job").build());
            assertThat(outputs(all(job))).containsExactly("score(r1)", "score(r2)", "score(r3)");
        }
        assertThat(read(s3, "s3://batch-staging/inputs/records-job/records")).isEqualTo("r1\nr2\nr3\n");
    }

    @Test
    void score_joinedOutput_recordsComeFromTheOutputAloneAndInputsAreNotRead() {
        put(s3, "s3://data/j/a.csv", "1,2\n3,4\n");
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/j/").withContentType("text/csv"),
                    ScoringOptions.builder().joinSource(ScoringOptions.JoinSource.INPUT).jobName("joined").build());
            job.await(Duration.ofSeconds(20));
            s3Calls.clear();
            List<ScoredRecord> records = all(job);
            assertThat(outputs(records)).containsExactly("1,2,score(1,2)", "3,4,score(3,4)");
            assertThat(records).allSatisfy(r -> assertThat(r.input()).isEmpty());
        }
        assertThat(s3Calls.gets("/data/j/a.csv")).isZero();
        assertThat(s3Calls.gets("/batch-out/jobs/joined/a.csv.out")).isEqualTo(1);
    }

    @Test
    void score_gzipInput_recordsPairedWithTheDecompressedInput() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write("g1\ng2\n".getBytes(StandardCharsets.UTF_8));
        }
        s3.putObject(b -> b.bucket("data").key("gz/a.csv.gz"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(gz.toByteArray()));
        try (InferenceClient c = client(BatchTestSupport.fastOptions().compression(TransformJobOptions.Compression.GZIP)
                .build())) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/gz/").withContentType("text/csv"),
                    ScoringOptions.builder().jobName("gzip-job").build());
            List<ScoredRecord> records = all(job);
            assertThat(records).extracting(r -> r.inputText().orElseThrow()).containsExactly("g1", "g2");
            assertThat(outputs(records)).containsExactly("score(g1)", "score(g2)");
        }
        assertThat(smCalls.of(CreateTransformJobRequest.class).get(0).transformInput().compressionTypeAsString())
                .isEqualTo("Gzip");
    }

    @Test
    void resumeScoring_inANewJvm_reattachesFromTheTokenAndReadsTheRecords(MotoServer moto) throws Exception {
        put(s3, "s3://data/nj/a.csv", "n1\nn2\n");
        String token;
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/nj/").withContentType("text/csv"),
                    ScoringOptions.builder().jobName("new-jvm").build());
            token = job.token();
            job.cancel();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BatchResumeMain.class.getName(), moto.endpoint().toString(),
                token).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("job new-jvm COMPLETED").contains("0 n1 -> score(n1)").contains("1 n2 -> score(n2)");
    }

    @Test
    void records_outputWithFewerLinesThanInput_isAClearCountMismatch() {
        put(s3, "s3://data/cm/a.csv", "1\n2\n3\n");
        service.skip = Set.of("a.csv");
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/cm/").withContentType("text/csv"),
                    ScoringOptions.builder().jobName("mismatch").outputLocation("s3://batch-out/cm/").build());
            put(s3, "s3://batch-out/cm/a.csv.out", "only-one\n");
            job.await(Duration.ofSeconds(20));
            try (RecordStream r = job.records()) {
                assertThat(r.next().outputText()).hasValue("only-one");
                assertThatThrownBy(r::hasNext).isInstanceOf(InferenceException.class)
                        .hasMessageContaining("s3://data/cm/a.csv").hasMessageContaining("input has 3 records")
                        .hasMessageContaining("output has 1 lines");
            }
        }
    }

    @Test
    void score_idempotencyKeyResubmitted_attachesToTheSameJobWithoutCreatingAnother(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("in.csv");
        Files.writeString(f, "1\n2\n");
        ScoringOptions so = ScoringOptions.builder().idempotencyKey("nightly-2024-05-01").build();
        try (InferenceClient c = client()) {
            ScoringJob first = c.score(Dataset.ofFiles(f).withContentType("text/csv"), so);
            first.await(Duration.ofSeconds(20));
            s3Calls.clear();
            ScoringJob again = c.score(Dataset.ofFiles(f).withContentType("text/csv"), so);
            assertThat(again.id()).isEqualTo(first.id()).startsWith("sminference-");
            assertThat(again.await(Duration.ofSeconds(20)).outputLocations())
                    .isEqualTo(first.await(Duration.ofSeconds(1)).outputLocations());
            assertThat(outputs(all(again))).containsExactly("score(1)", "score(2)");
            // nothing was uploaded again
            assertThat(s3Calls.http).noneMatch(h -> h.method().name().equals("PUT"));
        }
        assertThat(smCalls.of(CreateTransformJobRequest.class)).hasSize(1);
    }

    @Test
    void score_idempotencyKeyReusedForOtherInput_failsNamingTheKeyAndCreatesNothing() {
        put(s3, "s3://data/k1/a.csv", "1\n");
        put(s3, "s3://data/k2/a.csv", "1\n");
        ScoringOptions so = ScoringOptions.builder().idempotencyKey("key-42").build();
        try (InferenceClient c = client()) {
            c.score(Dataset.ofS3Prefix("s3://data/k1/"), so).await(Duration.ofSeconds(20));
            assertThatThrownBy(() -> c.score(Dataset.ofS3Prefix("s3://data/k2/"), so))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("idempotencyKey");
                        assertThat(e.value()).isEqualTo("key-42");
                        assertThat(e.getMessage()).contains("other input");
                    });
        }
        assertThat(smCalls.of(CreateTransformJobRequest.class)).hasSize(1);
    }

    @Test
    void score_explicitNameOfAnExistingJobWithoutKey_failsBeforeUploading(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("in.csv");
        Files.writeString(f, "1\n");
        try (InferenceClient c = client()) {
            c.score(Dataset.ofFiles(f), ScoringOptions.builder().jobName("taken").build()).await(Duration.ofSeconds(20));
            s3Calls.clear();
            assertThatThrownBy(() -> c.score(Dataset.ofFiles(f), ScoringOptions.builder().jobName("taken").build()))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field())
                            .isEqualTo("jobName"));
            assertThat(s3Calls.http).isEmpty();
        }
    }

    @Test
    void score_invalidInput_rejectedBeforeAnyRequest(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("in.bin");
        Files.writeString(f, "x");
        try (InferenceClient c = client(); InferenceClient noStaging = client(TransformJobOptions.builder()
                .instanceType("ml.m5.xlarge").defaultOutputLocation("s3://batch-out/x").build())) {
            smCalls.clear();
            s3Calls.clear();
            // JoinSource=Input on a binary content type
            assertThatThrownBy(() -> c.score(Dataset.ofFiles(f).withContentType("application/x-image"),
                    ScoringOptions.builder().joinSource(ScoringOptions.JoinSource.INPUT).build()))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field())
                            .isEqualTo("joinSource"));
            // a record with a line break in a dataset split by line
            assertThatThrownBy(() -> c.score(Dataset.ofRecords(List.of("ok", "two\nlines")),
                    ScoringOptions.defaults())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("records[1]"));
            // local files with nowhere to stage them
            assertThatThrownBy(() -> noStaging.score(Dataset.ofFiles(f), ScoringOptions.defaults()))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field())
                            .isEqualTo("inputStagingLocation"));
            // an output location that is not S3
            assertThatThrownBy(() -> c.score(Dataset.ofS3Prefix("s3://data/x/"), ScoringOptions.builder()
                    .outputLocation("/tmp/out").build())).isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("outputLocation"));
            assertThat(smCalls.requests).isEmpty();
            assertThat(s3Calls.requests).isEmpty();
        }
        // the options refuse the other mistakes as they are built, long before any client call
        assertThatThrownBy(() -> ScoringOptions.builder().jobName("bad_name").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("jobName"));
        assertThatThrownBy(() -> ScoringOptions.builder().maxPayloadInMb(20).maxConcurrentTransforms(6).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("<= 100");
        TransformJobOptions.Builder env = BatchTestSupport.fastOptions();
        for (int i = 0; i < 17; i++) {
            env.putEnvironment("VAR_" + i, "v");
        }
        assertThatThrownBy(env::build).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo("environment"));
    }

    @Test
    void score_batchStrategyWithoutSplit_acceptedWithAWarning() {
        put(s3, "s3://data/ns/a.bin", "whole");
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/ns/").withSplitType(Dataset.SplitType.NONE),
                    ScoringOptions.builder().batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD)
                            .jobName("no-split").build());
            assertThat(outputs(all(job))).containsExactly("score(whole)");
        } finally {
            System.setErr(original);
        }
        CreateTransformJobRequest r = smCalls.of(CreateTransformJobRequest.class).get(0);
        assertThat(r.batchStrategyAsString()).isEqualTo("SingleRecord");
        assertThat(r.transformInput().splitTypeAsString()).isEqualTo("None");
        assertThat(r.transformOutput().assembleWithAsString()).isEqualTo("None");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARN").contains("BatchStrategy SINGLE_RECORD")
                .contains("ignores the strategy");
    }

    @Test
    void predict_onePayload_isAJobOverOneStagedObjectAndItsOutputComesBack() {
        try (InferenceClient c = client()) {
            InferenceResult r = c.predict(InferenceRequest.builder().body("52,0.3").contentType("text/csv")
                    .accept("application/json").modelTimeout(Duration.ofSeconds(120)).build());
            assertThat(r.text()).isEqualTo("score(52,0.3)");
            assertThat(c.predictAsync(InferenceRequest.of("1,1", "text/csv")).join().text()).isEqualTo("score(1,1)");
            assertThat(r.metadata().outputLocation()).hasValueSatisfying(l -> assertThat(l)
                    .startsWith("s3://batch-out/jobs/sminference-").endsWith("/payload.out"));
            try (ResponseStream stream = c.predictStream(InferenceRequest.of("7,7", "text/csv"))) {
                assertThat(stream.lines()).containsExactly("score(7,7)");
            }
        }
        CreateTransformJobRequest r = smCalls.of(CreateTransformJobRequest.class).get(0);
        assertThat(r.transformInput().splitTypeAsString()).isEqualTo("None");
        assertThat(r.transformOutput().assembleWithAsString()).isEqualTo("None");
        assertThat(r.maxPayloadInMB()).isEqualTo(6);
        assertThat(r.modelClientConfig().invocationsTimeoutInSeconds()).isEqualTo(120);
        assertThat(r.transformInput().dataSource().s3DataSource().s3Uri())
                .startsWith("s3://batch-staging/inputs/sminference-").endsWith("/payload");
    }

    @Test
    void submit_payloadOverMaxPayloadInMb_rejectedBeforeAnythingIsUploaded() {
        try (InferenceClient c = client(BatchTestSupport.fastOptions().requestMaxPayloadInMb(1).build())) {
            smCalls.clear();
            s3Calls.clear();
            assertThatThrownBy(() -> c.submit(InferenceRequest.of(new byte[1_048_577], "application/octet-stream")))
                    .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                        assertThat(e.limit()).isEqualTo(1_048_576L);
                        assertThat(e.getMessage()).contains("requestMaxPayloadInMb");
                    });
            assertThat(smCalls.requests).isEmpty();
            assertThat(s3Calls.requests).isEmpty();
        }
    }

    @Test
    void resume_tokensInAnotherClient_reattachToTheScoringAndTheInference() {
        put(s3, "s3://data/r/a.csv", "1\n2\n");
        String scoringToken;
        String inferenceToken;
        try (InferenceClient c = client()) {
            ScoringJob job = c.score(Dataset.ofS3Prefix("s3://data/r/").withContentType("text/csv"),
                    ScoringOptions.builder().jobName("resumable").build());
            scoringToken = job.token();
            job.cancel();
            InferenceJob one = c.submit(InferenceRequest.of("9", "text/csv"));
            inferenceToken = one.token();
            one.cancel();
        }
        try (InferenceClient c = client()) {
            ScoringJob job = c.resumeScoring(scoringToken);
            assertThat(job.id()).isEqualTo("resumable");
            assertThat(outputs(all(job))).containsExactly("score(1)", "score(2)");
            assertThat(c.resume(inferenceToken).await(Duration.ofSeconds(20)).text()).isEqualTo("score(9)");
            assertThatThrownBy(() -> c.resume(scoringToken)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("resumeScoring");
        }
        try (InferenceClient other = BatchTestSupport.builder(sm, s3, BatchTestSupport.fastOptions().build())
                .endpointName("another-model").build()) {
            assertThatThrownBy(() -> other.resumeScoring(scoringToken)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("model " + MODEL);
        }
    }

    @Test
    void attachTransformJob_byName_buildsTheHandleFromTheJobsDescription(@TempDir Path dir) throws Exception {
        Path b = dir.resolve("b.csv");
        Path a = dir.resolve("a.csv");
        Files.writeString(b, "b1\n");
        Files.writeString(a, "a1\n");
        try (InferenceClient c = client()) {
            c.score(Dataset.ofFiles(b, a).withContentType("text/csv"), ScoringOptions.builder()
                    .jobName("attach-me").build()).cancel();
        }
        try (InferenceClient c = client()) {
            ScoringJob job = AwsInferenceClient.attachTransformJob(c, "attach-me");
            assertThat(job.await(Duration.ofSeconds(20)).outputLocations()).containsExactly(
                    "s3://batch-out/jobs/attach-me/b.csv.out", "s3://batch-out/jobs/attach-me/a.csv.out");
            assertThat(all(job)).extracting(r -> r.inputText().orElseThrow()).containsExactly("b1", "a1");
            assertThatThrownBy(() -> AwsInferenceClient.attachTransformJob(c, "no-such-job"))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field())
                            .isEqualTo("jobName"));
        }
    }
}
