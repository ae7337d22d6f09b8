package io.github.sminference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.ResponseStreamReply;
import io.github.sminference.testsupport.SageMakerError;
import io.github.sminference.testsupport.SageMakerWireMock;
import io.github.sminference.testsupport.SageMakerWireMockExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;

/**
 * The commands against AWS, through the real AWS SDK clients the tool builds from a named profile: moto server for
 * real-time, asynchronous endpoints, batch transform and S3; WireMock for the runtime errors moto cannot make.
 */
class AwsCommandsTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    @RegisterExtension
    static final SageMakerWireMockExtension WIREMOCK = SageMakerWireMockExtension.create();

    private static AwsProfile profile;

    @TempDir
    Path dir;

    @BeforeAll
    static void installProfile() {
        profile = AwsProfile.install();
    }

    @AfterAll
    static void removeProfile() {
        profile.close();
    }

    /** The AWS options a user would pass: a profile, and the emulator as the endpoint URL. */
    private static List<String> aws(MotoServer moto, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--profile", AwsProfile.NAME, "--endpoint-url", moto.endpoint().toString(),
                "--s3-path-style"));
        return all;
    }

    private static CliRun run(byte[] stdin, List<String> args) {
        return CliRun.withStdin(stdin, args.toArray(new String[0]));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static S3Client s3(MotoServer moto) {
        return S3Client.builder().region(Region.of(moto.region())).endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(moto.accessKeyId(),
                        moto.secretAccessKey()))).forcePathStyle(true).build();
    }

    @Test
    void predict_realTime_withAProfile_printsTheResultAndMetadata(MotoServer moto) {
        moto.queueRealTimeResults(new MotoServer.RealTimeResult("0.82", "text/csv", "AllTraffic", null));
        CliRun r = run(utf8("52.0,0.31,7"), aws(moto, "predict", "--endpoint", "credit-scorer", "--content-type",
                "text/csv", "--output", "json"));
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).contains("\"mode\":\"REAL_TIME\"").contains("\"endpoint\":\"credit-scorer\"")
                .contains("\"invokedVariant\":\"AllTraffic\"").contains("\"body\":\"0.82\"");
    }

    @Test
    void predict_overTheLimitOnAws_exits2AndTheServiceSeesNothing(MotoServer moto) throws Exception {
        moto.queueRealTimeResults(MotoServer.RealTimeResult.of("first", "text/plain"));
        Path big = dir.resolve("big.csv");
        Files.write(big, new byte[7_000_000]);
        CliRun over = run(new byte[0], aws(moto, "predict", "--endpoint", "credit-scorer", "--body", big.toString()));
        assertThat(over.exit).as(over.toString()).isEqualTo(2);
        assertThat(over.err).contains("--body").contains("over the REAL_TIME limit");
        // the queued result was not taken: the oversized request never reached the service
        CliRun next = run(utf8("small"), aws(moto, "predict", "--endpoint", "credit-scorer"));
        assertThat(next.out).isEqualTo("first");
    }

    @Test
    void submitStatusWait_asyncEndpoint_throughS3(MotoServer moto) {
        try (S3Client s3 = s3(moto)) {
            s3.createBucket(b -> b.bucket("cli-staging"));
        }
        moto.queueAsyncResults(MotoServer.AsyncResult.success("0.1\n0.2\n"));
        CliRun submit = run(utf8("1,2\n3,4\n"), aws(moto, "submit", "--endpoint", "credit-async", "--mode",
                "async", "--staging", "s3://cli-staging/in", "--content-type", "text/csv"));
        assertThat(submit.exit).as(submit.toString()).isZero();
        String token = submit.out.strip();
        assertThat(token).startsWith("smi1.");

        CliRun status = CliRun.run(aws(moto, "status", token, "--output", "json").toArray(new String[0]));
        assertThat(status.exit).as(status.toString()).isZero();
        assertThat(status.out).contains("\"mode\":\"ASYNC_ENDPOINT\"").contains("\"state\":\"COMPLETED\"")
                .contains("\"endpoint\":\"credit-async\"");

        CliRun waited = CliRun.run(aws(moto, "wait", token).toArray(new String[0]));
        assertThat(waited.exit).as(waited.toString()).isZero();
        assertThat(waited.out).isEqualTo("0.1\n0.2\n");
    }

    @Test
    void submitWait_asyncFailure_exits1WithTheJobFailure(MotoServer moto) {
        try (S3Client s3 = s3(moto)) {
            s3.createBucket(b -> b.bucket("cli-staging"));
        }
        moto.queueAsyncResults(MotoServer.AsyncResult.failure("model could not parse row 2"));
        CliRun r = run(utf8("bad"), aws(moto, "submit", "--wait", "--endpoint", "credit-async", "--mode", "async",
                "--staging", "s3://cli-staging/in"));
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        String[] lines = r.err.strip().split("\n");
        assertThat(lines[0]).startsWith("submitted ").contains("sminference wait smi1.");
        assertThat(lines[lines.length - 1]).startsWith("sminference submit: error: JobFailedException: ");
        assertThat(r.out).isEmpty();
    }

    @Test
    void score_realTimeFanOut_streamsResultsInInputOrder(MotoServer moto) throws Exception {
        moto.queueRealTimeResults(MotoServer.RealTimeResult.of("a-score", "text/plain"),
                MotoServer.RealTimeResult.of("b-score", "text/plain"),
                MotoServer.RealTimeResult.of("c-score", "text/plain"));
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "a\nb\nc\n");
        CliRun r = CliRun.run(aws(moto, "score", rows.toString(), "--endpoint", "credit-scorer",
                "--batch-strategy", "single", "--max-concurrent-transforms", "1").toArray(new String[0]));
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("a-score\nb-score\nc-score\n");
    }

    @Test
    void scoreDetachThenWait_batchTransform_readsTheJobsOutputsInOrder(MotoServer moto) throws Exception {
        Path first = dir.resolve("part-1.csv");
        Path second = dir.resolve("part-2.csv");
        Files.writeString(first, "1\n22\n");
        Files.writeString(second, "333\n");
        try (S3Client s3 = s3(moto)) {
            s3.createBucket(b -> b.bucket("cli-batch"));
            CliRun started = CliRun.run(aws(moto, "score", first.toString(), second.toString(), "--endpoint",
                    "credit-model", "--mode", "batch", "--instance-type", "ml.m5.xlarge", "--staging",
                    "s3://cli-batch/in", "--output-location", "s3://cli-batch/out", "--job-name", "cli-job-1",
                    "--detach", "--poll-interval", "50ms").toArray(new String[0]));
            assertThat(started.exit).as(started.toString()).isZero();
            String token = started.out.strip();

            // moto completes a transform job at once but writes no output: write each <input>.out as the service lays
            // it out, one score per line (the record's length)
            DescribeTransformJobResponse job;
            try (SageMakerClient sm = SageMakerClient.builder().region(Region.of(moto.region()))
                    .endpointOverride(moto.endpoint()).credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey()))).build()) {
                job = sm.describeTransformJob(b -> b.transformJobName("cli-job-1"));
            }
            String prefix = job.transformInput().dataSource().s3DataSource().s3Uri();
            String key = prefix.substring(prefix.indexOf('/', 5) + 1);
            for (S3Object o : s3.listObjectsV2(b -> b.bucket("cli-batch").prefix(key)).contents()) {
                String in = s3.getObject(b -> b.bucket("cli-batch").key(o.key()), ResponseTransformer.toBytes())
                        .asUtf8String();
                StringBuilder out = new StringBuilder();
                for (String line : in.split("\n")) {
                    out.append("score-").append(line.length()).append('\n');
                }
                String target = OutputLayout.outputKey(prefix, "s3://cli-batch/" + o.key(),
                        job.transformOutput().s3OutputPath());
                s3.putObject(b -> b.bucket("cli-batch").key(target.substring(target.indexOf('/', 5) + 1)),
                        RequestBody.fromString(out.toString(), StandardCharsets.UTF_8));
            }

            CliRun waited = CliRun.run(aws(moto, "wait", token, "--poll-interval", "50ms").toArray(new String[0]));
            assertThat(waited.exit).as(waited.toString()).isZero();
            assertThat(waited.out).isEqualTo("score-1\nscore-2\nscore-3\n");
            assertThat(waited.err).contains("scored 3 records (3 ok, 0 failed)");
        }
    }

    @Test
    void profileOrRegionMissing_exits2NamingTheOption(MotoServer moto) {
        CliRun noProfile = run(utf8("x"), List.of("predict", "--endpoint", "e", "--profile", "absent-profile"));
        assertThat(noProfile.exit).as(noProfile.toString()).isEqualTo(2);
        assertThat(noProfile.err).startsWith("sminference predict: error: --profile: there is no profile"
                + " 'absent-profile'");
        String region = System.getProperty("aws.region");
        System.clearProperty("aws.region"); // surefire sets it for every test; AWS_REGION is not set here
        try {
            CliRun noRegion = run(utf8("x"), List.of("predict", "--endpoint", "e", "--endpoint-url",
                    moto.endpoint().toString()));
            assertThat(noRegion.exit).as(noRegion.toString()).isEqualTo(2);
            assertThat(noRegion.err).startsWith("sminference predict: error: --region: no AWS Region was found");
        } finally {
            System.setProperty("aws.region", region);
        }
    }

    @Test
    void score_batchOnAwsWithoutAnInstanceType_exits2NamingTheOption(MotoServer moto) throws Exception {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "1\n");
        CliRun r = CliRun.run(aws(moto, "score", rows.toString(), "--endpoint", "credit-model", "--mode", "batch")
                .toArray(new String[0]));
        assertThat(r.exit).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("--instance-type: Invalid instanceType");
    }

    @Test
    void predict_serviceErrors_exit1WithTheTypedErrorsMessage(SageMakerWireMock wiremock) {
        wiremock.stubInvoke("credit-scorer", SageMakerError.modelError("credit-scorer", 500, "model crashed"));
        wiremock.stubInvoke("missing", SageMakerError.endpointNotFound("missing"));
        List<String> base = List.of("--profile", AwsProfile.NAME, "--endpoint-url", wiremock.endpoint().toString());
        List<String> model = new ArrayList<>(List.of("predict", "--endpoint", "credit-scorer"));
        model.addAll(base);
        CliRun r = run(utf8("1,2"), model);
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err.strip()).doesNotContain("\n").startsWith("sminference predict: error: ModelErrorException: ")
                .contains("model crashed");
        List<String> missing = new ArrayList<>(List.of("predict", "--endpoint", "missing"));
        missing.addAll(base);
        CliRun nf = run(utf8("1,2"), missing);
        assertThat(nf.exit).as(nf.toString()).isEqualTo(1);
        assertThat(nf.err).startsWith("sminference predict: error: EndpointNotFoundException: ");
        assertThat(wiremock.requestCount("credit-scorer")).isEqualTo(1); // a model error is not retried
    }

    @Test
    void predictStream_writesTheStreamedPartsInOrder_andAStreamErrorExits1(SageMakerWireMock wiremock) {
        wiremock.stubResponseStream("chat", ResponseStreamReply.ofText("Hello, streaming world\n", 3, 9, 15));
        wiremock.stubResponseStream("broken", ResponseStreamReply.ofText("partial ", 4)
                .thenModelStreamError("ModelStreamError", "the model stopped"));
        List<String> args = new ArrayList<>(List.of("predict", "--stream", "--endpoint", "chat", "--profile",
                AwsProfile.NAME, "--endpoint-url", wiremock.endpoint().toString()));
        CliRun ok = run(utf8("{\"inputs\":\"hi\"}"), args);
        assertThat(ok.exit).as(ok.toString()).isZero();
        assertThat(ok.out).isEqualTo("Hello, streaming world\n");
        args.set(3, "broken");
        CliRun broken = run(utf8("{\"inputs\":\"hi\"}"), args);
        assertThat(broken.exit).as(broken.toString()).isEqualTo(1);
        assertThat(broken.out).startsWith("partial");
        assertThat(broken.err).startsWith("sminference predict: error: ModelStreamException: ")
                .contains("the model stopped");
    }
}
