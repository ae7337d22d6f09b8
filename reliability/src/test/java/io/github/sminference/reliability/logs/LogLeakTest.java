package io.github.sminference.reliability.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No payload and no custom attribute in the logs. {@link LogLeakScenarios} runs every mode, on AWS (WireMock, moto)
 * and locally, through successes, a 424 model error whose message quotes the payload, throttling and cold-start
 * retries, an asynchronous failure and a failed transform job, in a JVM of its own where slf4j-simple writes every
 * logger under {@code io.github.sminference} at TRACE, and the AWS SDK's request logger
 * ({@code software.amazon.awssdk.request}) at DEBUG, to a file. This test then proves that
 * <ul>
 *   <li>the capture works: it holds TRACE and DEBUG lines of the SDK (requests, retries, staging, jobs), and the
 *       secrets that a canary logger deliberately logs at TRACE are found by the same scan that finds leaks;</li>
 *   <li>apart from the canary, no captured line (and nothing on the JVM's console) holds the payload secret or the
 *       custom-attribute secret, in clear or Base64;</li>
 *   <li>no exception thrown to a caller carries either secret in text the SDK composed, in its message or its
 *       causes' messages (a caller who logs the exception would print them). The failing models quote what they
 *       were sent between {@link LogLeakScenarios#QUOTE_OPEN} and {@link LogLeakScenarios#QUOTE_CLOSE}; that quote is
 *       the model's own message, which reaches the caller as the model wrote it (SageMaker's ModelError does the
 *       same), and is the only place a secret may appear.</li>
 * </ul>
 */
class LogLeakTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    private static final List<String> SECRETS = secrets();

    @TempDir
    Path dir;

    /** Both secrets in clear, and in Base64 wherever they sit in the encoded text (three byte alignments). */
    private static List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (String secret : List.of(LogLeakScenarios.PAYLOAD_SECRET, LogLeakScenarios.ATTR_SECRET)) {
            out.add(secret);
            for (int shift = 0; shift < 3; shift++) {
                out.add(b64Inside(secret, shift));
            }
        }
        return out;
    }

    /**
     * The Base64 characters that encode only the secret's bytes when {@code shift} bytes precede it: whatever comes
     * before or after, an encoding of a text holding the secret at that alignment contains them.
     */
    static String b64Inside(String secret, int shift) {
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        byte[] shifted = new byte[shift + s.length];
        System.arraycopy(s, 0, shifted, shift, s.length);
        String enc = Base64.getEncoder().withoutPadding().encodeToString(shifted);
        int from = shift == 0 ? 0 : 4; // the first group mixes the unknown bytes before the secret
        int to = (shifted.length / 3) * 4; // a last partial group depends on what follows
        return enc.substring(from, to);
    }

    /** The lines holding a secret in any of the forms looked for. */
    static List<String> leaks(List<String> lines) {
        return lines.stream().filter(l -> SECRETS.stream().anyMatch(l::contains)).collect(Collectors.toList());
    }

    /** The line without the failing models' own quotes. */
    static String withoutModelQuotes(String line) {
        return line.replaceAll(Pattern.quote(LogLeakScenarios.QUOTE_OPEN) + ".*?"
                + Pattern.quote(LogLeakScenarios.QUOTE_CLOSE), "<model's quote>");
    }

    private static boolean canary(String line) {
        return line.contains(" TRACE " + LogLeakScenarios.CANARY_LOGGER + " - canary ");
    }

    @Test
    void secrets_base64AtAnyOffset_found() {
        for (int before = 0; before < 7; before++) {
            for (String after : List.of("", "x", "xy", ",1,2\n")) {
                String text = "p".repeat(before) + LogLeakScenarios.PAYLOAD_SECRET + after;
                String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
                assertThat(leaks(List.of("body=" + encoded))).as("%d bytes before, '%s' after", before, after)
                        .hasSize(1);
            }
        }
        assertThat(leaks(List.of("body=" + Base64.getEncoder().encodeToString("PAYLOAD-SECRET".getBytes(
                StandardCharsets.UTF_8))))).as("a part of the secret is not the secret").isEmpty();
    }

    @Test
    void everyMode_successesAndFailures_neverLogThePayloadOrTheCustomAttributes(MotoServer moto) throws Exception {
        Path log = dir.resolve("sdk.log");
        Path report = dir.resolve("report.tsv");
        Path console = dir.resolve("console.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.logFile=" + log,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.io.github.sminference=trace",
                "-Dorg.slf4j.simpleLogger.log.software.amazon.awssdk.request=debug",
                "-Dorg.slf4j.simpleLogger.showDateTime=false",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp", System.getProperty("java.class.path"), LogLeakScenarios.class.getName(),
                moto.endpoint().toString(), report.toString(), dir.resolve("work").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        boolean ended = p.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String consoleText = Files.exists(console) ? Files.readString(console) : "";
        assertThat(ended).as("the scenarios end within 4 minutes; console:%n%s", consoleText).isTrue();
        assertThat(p.exitValue()).as("console:%n%s", consoleText).isZero();

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<String> outcomes = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertThat(outcomes).as("every scenario ran").contains(LogLeakScenarios.DONE);

        // 1. the capture works: TRACE and DEBUG lines of the SDK's own loggers, for every kind of work
        assertThat(lines).as("TRACE is captured").anyMatch(LogLeakTest::canary);
        assertThat(lines).as("SDK DEBUG lines").anyMatch(l -> l.contains(" DEBUG io.github.sminference."));
        assertThat(lines).anyMatch(l -> l.contains("InvocationPipeline - predict ok: endpoint=leak-endpoint"));
        assertThat(lines).anyMatch(l -> l.contains("InvocationPipeline - predict retrying:"));
        assertThat(lines).anyMatch(l -> l.contains("InvocationPipeline - predictStream started:"));
        assertThat(lines).anyMatch(l -> l.contains("AsyncEndpointClient - submitted:"));
        assertThat(lines).anyMatch(l -> l.contains("CallRetrier - InvokeEndpointAsync on leak-endpoint retrying"));
        assertThat(lines).anyMatch(l -> l.contains("TransformClient - transform job created:"));
        assertThat(lines).anyMatch(l -> l.contains("LocalAsyncClient - async invocation done:"));
        assertThat(lines).anyMatch(l -> l.contains("LocalBatchClient - transform job"));
        assertThat(lines).as("the AWS SDK's request logger at DEBUG")
                .anyMatch(l -> l.contains(" DEBUG software.amazon.awssdk.request - Sending Request"));

        // 2. the self-check: the scan finds the canary's secrets, so it would find a leak
        List<String> found = leaks(lines);
        assertThat(found).as("the deliberately logged secrets are detected").anyMatch(LogLeakTest::canary);

        // 3. no leak in the logs, nor on the console
        assertThat(found.stream().filter(l -> !canary(l)).collect(Collectors.toList()))
                .as("log lines holding the payload or the custom attributes").isEmpty();
        assertThat(leaks(consoleText.lines().collect(Collectors.toList()))).as("console lines holding a secret")
                .isEmpty();

        // 4. exceptions thrown to callers: the failures really happened, and none carries a secret
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\taws-real-time-model-error-echoing-payload\t"
                + "ModelErrorException\t"));
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\taws-async-failure-object-echoing-payload\t"
                + "JobFailedException\t"));
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\taws-batch-job-failure\tJobFailedException\t"));
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\tlocal-real-time-model-error-echoing-payload\t"
                + "ModelErrorException\t"));
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\tlocal-async-endpoint-model-error-echoing-payload\t"
                + "JobFailedException\t"));
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\tlocal-batch-score-failure-echoing-payload\t"
                + "JobFailedException\t"));
        // a model that throws a service-side error on an asynchronous endpoint fails that invocation: it runs after
        // the request was accepted, so no client retry policy applies (real-time, serverless and batch retry it)
        assertThat(outcomes).anyMatch(l -> l.startsWith("THROWN\tlocal-async-endpoint-throttled-model-fails-the-"
                + "invocation\tJobFailedException\t") && l.contains("ServerError: Rate exceeded"));
        for (String ok : List.of("aws-real-time-predict", "aws-real-time-predictStream",
                "aws-real-time-throttled-then-ok", "aws-serverless-cold-start-then-ok", "aws-async-predict",
                "aws-async-throttled-then-accepted", "aws-batch-predict", "aws-batch-score", "local-real-time-predict",
                "local-serverless-cold-start-then-ok", "local-async-endpoint-predict", "local-batch-score",
                "local-batch-throttled-then-ok", "local-real-time-throttled-then-ok")) {
            assertThat(outcomes).as("scenario %s succeeds", ok).anyMatch(l -> l.startsWith("OK\t" + ok + "\t"));
        }
        List<String> thrown = outcomes.stream().filter(l -> l.startsWith("THROWN")).collect(Collectors.toList());
        assertThat(leaks(thrown)).as("the models' quotes of the secrets reach the caller, so the scan below sees"
                + " exceptions that did carry them").anyMatch(l -> l.contains("ModelErrorException"));
        assertThat(leaks(thrown.stream().map(LogLeakTest::withoutModelQuotes).collect(Collectors.toList())))
                .as("exceptions thrown to callers whose message (or a cause's) holds a secret outside the model's"
                        + " own quote").isEmpty();
    }
}
