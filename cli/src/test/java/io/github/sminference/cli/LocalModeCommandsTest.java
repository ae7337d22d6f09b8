package io.github.sminference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against a real model container on loopback, in local mode, run in-process through picocli. */
class LocalModeCommandsTest {
    private static TestContainer container;
    private static String url;

    @TempDir
    Path dir;

    @BeforeAll
    static void startContainer() {
        container = TestContainer.start();
        url = container.url().toString();
    }

    @AfterAll
    static void stopContainer() {
        container.close();
    }

    @BeforeEach
    void resetCounts() {
        container.invocations.set(0);
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void predict_bodyFromFile_writesTheRawResultToStdout() throws Exception {
        Path body = file("rows.csv", "hello\nab\n");
        CliRun r = CliRun.run("predict", "--local", url, "--body", body.toString(), "--content-type", "text/csv");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("len=5\nlen=2\n");
        assertThat(r.err).isEmpty();
        assertThat(container.invocations).hasValue(1);
    }

    @Test
    void predict_bodyFromStdin_sendsEveryPerCallFieldAndNeverPrintsCustomAttributes() {
        CliRun r = CliRun.withStdin("abc".getBytes(StandardCharsets.UTF_8), "predict", "--local", url,
                "--content-type", "text/plain", "--accept", "text/plain", "--custom-attributes", "secret-attr-42",
                "--inference-id", "inf-123", "--target-model", "m1.tar.gz", "--target-variant", "v2",
                "--target-container-hostname", "c1", "--inference-component", "ic1", "--session-id", "NEW_SESSION",
                "--enable-explanations", "`true`", "--model-timeout", "30s", "--timeout", "1m", "--output", "json");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(container.lastHeaders).containsEntry("content-type", "text/plain")
                .containsEntry("accept", "text/plain")
                .containsEntry("x-amzn-sagemaker-custom-attributes", "secret-attr-42")
                .containsEntry("x-amzn-sagemaker-inference-id", "inf-123")
                .containsEntry("x-amzn-sagemaker-target-model", "m1.tar.gz")
                .containsEntry("x-amzn-sagemaker-target-variant", "v2")
                .containsEntry("x-amzn-sagemaker-target-container-hostname", "c1")
                .containsEntry("x-amzn-sagemaker-inference-component", "ic1")
                .containsEntry("x-amzn-sagemaker-session-id", "NEW_SESSION")
                .containsEntry("x-amzn-sagemaker-enable-explanations", "`true`");
        assertThat(r.out).startsWith("{\"mode\":\"REAL_TIME\",\"endpoint\":\"local\",\"inferenceId\":\"inf-123\"")
                .contains("\"body\":\"len=3\\n\"").contains("\"bytes\":6");
        assertThat(r.out + r.err).doesNotContain("secret-attr-42");
    }

    @Test
    void predict_outFile_writesTheResultThereAndNothingToStdout() throws Exception {
        Path out = dir.resolve("result.txt");
        CliRun r = CliRun.withStdin("abcd\n".getBytes(StandardCharsets.UTF_8), "predict", "--local", url,
                "--body", "-", "--out-file", out.toString());
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("len=4\n");
    }

    @Test
    void predict_bodyOverTheRealTimeLimit_exits2WithOneLineAndSendsNothing() throws Exception {
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[6_291_457]);
        CliRun r = CliRun.run("predict", "--local", url, "--body", big.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(2);
        assertThat(r.err.strip()).doesNotContain("\n").startsWith("sminference predict: error: --body: ")
                .contains("6291457").contains("6291456").contains("REAL_TIME").doesNotContain("\tat ");
        assertThat(r.out).isEmpty();
        assertThat(container.invocations).hasValue(0);
    }

    @Test
    void predict_stdinOverTheServerlessLimit_exits2AndSendsNothing() {
        CliRun r = CliRun.withStdin(new byte[4_000_001], "predict", "--local", url, "--mode", "serverless");
        assertThat(r.exit).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("--body").contains("SERVERLESS").contains("4000000");
        assertThat(container.invocations).hasValue(0);
    }

    @Test
    void predict_modelTimeoutOverTheModeLimit_exits2NamingTheOption() {
        CliRun r = CliRun.withStdin("x".getBytes(StandardCharsets.UTF_8), "predict", "--local", url,
                "--model-timeout", "90s");
        assertThat(r.exit).as(r.toString()).isEqualTo(2);
        assertThat(r.err).startsWith("sminference predict: error: --model-timeout: ").contains("60");
        assertThat(container.invocations).hasValue(0);
    }

    @Test
    void predict_modelError_exits1WithTheTypedMessageAndNoStackTrace_unlessDebug() {
        CliRun r = CliRun.withStdin("FAIL".getBytes(StandardCharsets.UTF_8), "predict", "--local", url);
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err.strip()).doesNotContain("\n").startsWith("sminference predict: error: ModelErrorException: ")
                .contains("cannot score row FAIL");
        CliRun debug = CliRun.withStdin("FAIL".getBytes(StandardCharsets.UTF_8), "predict", "--local", url,
                "--debug");
        assertThat(debug.exit).isEqualTo(1);
        assertThat(debug.err).contains("\tat io.github.sminference");
    }

    @Test
    void predict_containerNotReachable_exits1() {
        CliRun r = CliRun.withStdin("x".getBytes(StandardCharsets.UTF_8), "predict", "--local",
                "http://127.0.0.1:9", "--ready-timeout", "1s");
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err.strip()).doesNotContain("\n").contains("error: ");
    }

    @Test
    void predict_onATerminalWithoutBody_exits2AskingForOne() {
        CliRun r = CliRun.onTerminal("predict", "--local", url);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--body: no request body");
    }

    @Test
    void badCommandLines_exit2WithOneLineNamingTheOption() {
        CliRun unknown = CliRun.run("predict", "--locl", url);
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err.strip()).doesNotContain("\n").contains("--locl")
                .contains("see 'sminference predict --help'");
        CliRun duration = CliRun.run("predict", "--local", url, "--timeout", "soon");
        assertThat(duration.exit).isEqualTo(2);
        assertThat(duration.err).contains("--timeout").contains("'soon' is not a duration");
        CliRun mode = CliRun.run("predict", "--local", url, "--mode", "fast");
        assertThat(mode.exit).isEqualTo(2);
        assertThat(mode.err).contains("use real-time, serverless, async or batch");
        CliRun noEndpoint = CliRun.withStdin(new byte[1], "predict", "--region", "us-east-1");
        assertThat(noEndpoint.exit).isEqualTo(2);
        assertThat(noEndpoint.err).contains("--endpoint: name the endpoint");
        CliRun missingFile = CliRun.run("predict", "--local", url, "--body", dir.resolve("nope").toString());
        assertThat(missingFile.exit).isEqualTo(2);
        assertThat(missingFile.err).contains("--body: Invalid payload");
        assertThat(container.invocations).hasValue(0);
    }

    @Test
    void help_listsEveryCommandAndEveryPerCallField() {
        CliRun top = CliRun.run("--help");
        assertThat(top.exit).isZero();
        assertThat(top.out).contains("predict", "submit", "wait", "status", "score", "limits");
        CliRun predict = CliRun.run("predict", "--help");
        assertThat(predict.out).contains("--content-type", "--accept", "--custom-attributes", "--inference-id",
                "--target-model", "--target-variant", "--target-container-hostname", "--inference-component",
                "--session-id", "--enable-explanations", "--idempotency-key", "--timeout", "--model-timeout",
                "--queue-ttl", "--profile", "--region", "--endpoint-url", "--local");
        CliRun none = CliRun.run();
        assertThat(none.exit).isEqualTo(2);
    }

    @Test
    void submitStatusWait_asyncEndpoint_acrossSeparateClients() throws Exception {
        Path work = dir.resolve("work");
        CliRun submit = CliRun.withStdin("abcdef\n".getBytes(StandardCharsets.UTF_8), "submit", "--local", url,
                "--mode", "async", "--work-dir", work.toString(), "--inference-id", "req-1");
        assertThat(submit.exit).as(submit.toString()).isZero();
        String token = submit.out.strip();
        assertThat(token).startsWith("smi1.").doesNotContain("\n");
        assertThat(submit.err).contains("submitted req-1");

        CliRun waited = CliRun.run("wait", token, "--local", url);
        assertThat(waited.exit).as(waited.toString()).isZero();
        assertThat(waited.out).isEqualTo("len=6\n");

        CliRun status = CliRun.run("status", token, "--local", url, "--output", "json");
        assertThat(status.exit).as(status.toString()).isZero();
        assertThat(status.out).contains("\"id\":\"req-1\"").contains("\"state\":\"COMPLETED\"")
                .contains("\"mode\":\"ASYNC_ENDPOINT\"");
        CliRun text = CliRun.withStdin((token + "\n").getBytes(StandardCharsets.US_ASCII), "status", "-",
                "--local", url);
        assertThat(text.out).contains("state      COMPLETED").contains("id         req-1");
    }

    @Test
    void submitWait_onATerminal_showsAProgressBarOnStderrAndTheResultOnStdout() {
        CliRun r = CliRun.run("SLOW\n".getBytes(StandardCharsets.UTF_8), true, "submit", "--wait", "--local", url,
                "--mode", "async", "--work-dir", dir.resolve("w").toString(), "--body", "-");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("len=4\n");
        assertThat(r.err).contains("\rwait [").contains("COMPLETED").contains("sminference wait smi1.");
    }

    @Test
    void predict_asyncWaitRunsOut_exits1SayingHowToResume() {
        CliRun r = CliRun.withStdin("SLOW\n".getBytes(StandardCharsets.UTF_8), "predict", "--local", url, "--mode",
                "async", "--work-dir", dir.resolve("w").toString(), "--timeout", "300ms");
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err.strip()).doesNotContain("\n").contains("InferenceTimeoutException")
                .contains("the work goes on: wait for it with 'sminference wait smi1.");
        assertThat(r.out).isEmpty();
    }

    @Test
    void submit_onRealTimeWithoutWait_exits2() {
        CliRun r = CliRun.withStdin("x".getBytes(StandardCharsets.UTF_8), "submit", "--local", url);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--mode: a real-time call lives only in this process");
        assertThat(container.invocations).hasValue(0);
    }

    @Test
    void wait_badTokens_exit2() {
        CliRun junk = CliRun.run("wait", "not-a-token", "--local", url);
        assertThat(junk.exit).isEqualTo(2);
        assertThat(junk.err).contains("TOKEN: Invalid token");
        CliRun submit = CliRun.withStdin("a".getBytes(StandardCharsets.UTF_8), "submit", "--local", url,
                "--mode", "async", "--work-dir", dir.resolve("w2").toString());
        CliRun noLocal = CliRun.run("wait", submit.out.strip(), "--region", "us-east-1");
        assertThat(noLocal.exit).isEqualTo(2);
        assertThat(noLocal.err).contains("--local: this token is for work in local mode");
    }

    @Test
    void score_batch_streamsOutputsInInputOrder_toStdoutAFolderOrJson() throws Exception {
        Path a = file("a.csv", "1\n22\n333\n");
        Path b = file("b.csv", "4444\n55555\n");
        CliRun r = CliRun.run("score", a.toString(), b.toString(), "--local", url, "--mode", "batch",
                "--work-dir", dir.resolve("w").toString(), "--batch-strategy", "multi", "--max-payload-mb", "1",
                "--max-concurrent-transforms", "2", "--content-type", "text/csv");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("len=1\nlen=2\nlen=3\nlen=4\nlen=5\n");
        assertThat(r.err).contains("scored 5 records (5 ok, 0 failed)");

        Path outDir = dir.resolve("results");
        CliRun toDir = CliRun.run("score", a.toString(), b.toString(), "--local", url, "--mode", "batch",
                "--work-dir", dir.resolve("w").toString(), "--out-dir", outDir.toString());
        assertThat(toDir.exit).as(toDir.toString()).isZero();
        assertThat(toDir.out).isEmpty();
        assertThat(Files.readString(outDir.resolve("a.csv.out"))).isEqualTo("len=1\nlen=2\nlen=3\n");
        assertThat(Files.readString(outDir.resolve("b.csv.out"))).isEqualTo("len=4\nlen=5\n");

        CliRun json = CliRun.run("score", a.toString(), "--local", url, "--mode", "batch", "--work-dir",
                dir.resolve("w").toString(), "--output", "json");
        assertThat(json.exit).as(json.toString()).isZero();
        String[] lines = json.out.strip().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("{\"type\":\"record\",\"index\":0,").contains("\"output\":\"len=1");
        assertThat(lines[3]).startsWith("{\"type\":\"summary\"").contains("\"recordsTotal\":3")
                .contains("\"recordsFailed\":0").contains("\"token\":\"smi1.");
    }

    @Test
    void score_watchOnATerminal_drawsABarWithStateElapsedAndRecords() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append("row").append(i).append('\n');
        }
        rows.append("SLOW\n");
        Path f = file("rows.csv", rows.toString());
        CliRun r = CliRun.run(new byte[0], true, "score", f.toString(), "--watch", "--local", url, "--mode",
                "batch", "--work-dir", dir.resolve("w").toString(), "--batch-strategy", "single");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out.split("\n")).hasSize(41);
        assertThat(r.err).contains("\rscore [").contains("RUNNING").containsPattern("\\d+/41 records")
                .contains("41/41 records").contains("100%").contains("COMPLETED");
    }

    @Test
    void score_watchWithoutATerminal_printsStateChangesNotABar() throws Exception {
        Path f = file("rows.csv", "a\nbb\n");
        CliRun r = CliRun.run("score", f.toString(), "--watch", "--local", url, "--mode", "batch", "--work-dir",
                dir.resolve("w").toString());
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err).contains("score: COMPLETED after").doesNotContain("\r").doesNotContain("score [");
    }

    @Test
    void score_realTimeFanOutReportingRecordErrors_keepsLinesAlignedAndExits1() throws Exception {
        Path f = file("rows.csv", "a\nFAIL\nccc\n");
        CliRun r = CliRun.run("score", f.toString(), "--local", url, "--batch-strategy", "single",
                "--record-errors", "report", "--max-retries", "0");
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.out).isEqualTo("len=1\n\nlen=3\n");
        assertThat(r.err).contains("record 1 (").contains("failed: ModelErrorException")
                .contains("scored 3 records (2 ok, 1 failed)");
    }

    @Test
    void scoreDetach_thenWait_readsTheJobsRecordsInANewClient() throws Exception {
        Path f = file("rows.csv", "x\nyy\n");
        CliRun started = CliRun.run("score", f.toString(), "--detach", "--local", url, "--mode", "batch",
                "--work-dir", dir.resolve("w").toString());
        assertThat(started.exit).as(started.toString()).isZero();
        String token = started.out.strip();
        CliRun waited = CliRun.run("wait", token, "--local", url);
        assertThat(waited.exit).as(waited.toString()).isZero();
        assertThat(waited.out).isEqualTo("len=1\nlen=2\n");
        CliRun detachRealTime = CliRun.run("score", f.toString(), "--detach", "--local", url);
        assertThat(detachRealTime.exit).isEqualTo(2);
        assertThat(detachRealTime.err).contains("--detach: only a batch transform job");
    }

    @Test
    void score_badDatasetOrOptions_exit2BeforeSendingAnything() throws Exception {
        Path f = file("rows.csv", "x\n");
        CliRun none = CliRun.run("score", "--local", url);
        assertThat(none.exit).isEqualTo(2);
        assertThat(none.err).contains("FILES: name the dataset once");
        CliRun product = CliRun.run("score", f.toString(), "--local", url, "--mode", "batch", "--max-payload-mb",
                "50", "--max-concurrent-transforms", "4");
        assertThat(product.exit).isEqualTo(2);
        assertThat(product.err).contains("100");
        CliRun retries = CliRun.run("score", f.toString(), "--local", url, "--max-retries", "9");
        assertThat(retries.exit).isEqualTo(2);
        assertThat(retries.err).contains("--max-retries");
        assertThat(container.invocations).hasValue(0);
    }

    @Test
    void limits_printsEveryModeInTextAndJson() {
        CliRun text = CliRun.run("limits");
        assertThat(text.exit).isZero();
        assertThat(text.out).contains("REAL_TIME (--mode real-time)", "SERVERLESS", "ASYNC_ENDPOINT", "BATCH")
                .contains("6,291,456 bytes (6 MiB)").contains("4,000,000 bytes (4 MB)")
                .contains("1,000,000,000 bytes").contains("queue TTL").contains("1m to 6h");
        CliRun json = CliRun.run("limits", "--output", "json");
        String[] lines = json.out.strip().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("\"mode\":\"REAL_TIME\"").contains("\"maxRequestBytes\":6291456")
                .contains("\"maxModelTimeSeconds\":60").contains("\"sources\":{");
        assertThat(lines[2]).contains("\"maxQueueTtlSeconds\":21600").contains("\"responseStreamed\":true");
        CliRun one = CliRun.run("limits", "--mode", "serverless", "--sources");
        assertThat(one.out).contains("SERVERLESS").doesNotContain("REAL_TIME").contains("source");
    }
}
