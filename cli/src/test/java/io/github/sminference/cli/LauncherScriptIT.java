package io.github.sminference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built tool as users run it: the launcher script {@code cli/sminference} starting the shaded jar in a child
 * process, with the process's real stdin, stdout, stderr, exit status and environment. Runs after {@code package}
 * (failsafe, in {@code verify}).
 */
class LauncherScriptIT {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    private static TestContainer container;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        container = TestContainer.start();
    }

    @AfterAll
    static void stop() {
        container.close();
    }

    /** A finished child process: exit status and what it printed. */
    record Ran(int exit, String out, String err) {
    }

    private static Ran launch(byte[] stdin, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("sminference.cli.launcher"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("SMINFERENCE_JAR", System.getProperty("sminference.cli.jar"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true"); // never reach the instance metadata service
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sminference " + args[0] + " did not finish in 60 s");
            }
            return new Ran(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void submitInOneProcess_waitInAnother_localMode() {
        String url = container.url().toString();
        String work = dir.resolve("work").toString();
        Ran submit = launch("SLOW\n".getBytes(StandardCharsets.UTF_8), Map.of(), "submit", "--local", url,
                "--mode", "async", "--work-dir", work, "--inference-id", "it-1");
        assertThat(submit.exit()).as(submit.toString()).isZero();
        String token = submit.out().strip();
        assertThat(token).startsWith("smi1.");

        Ran waited = launch((token + "\n").getBytes(StandardCharsets.US_ASCII), Map.of(), "wait", "-", "--local",
                url, "--watch");
        assertThat(waited.exit()).as(waited.toString()).isZero();
        assertThat(waited.out()).isEqualTo("len=4\n");
        // stdout is a pipe, not a terminal: --watch prints state lines, never a bar
        assertThat(waited.err()).contains("wait: COMPLETED after").doesNotContain("\r");
    }

    @Test
    void limitBreach_exits2WithOneLineAndNothingSent() throws Exception {
        int before = container.invocations.get();
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[6_291_457]);
        Ran r = launch(new byte[0], Map.of(), "predict", "--local", container.url().toString(), "--body",
                big.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("sminference predict: error: --body: ");
        assertThat(r.out()).isEmpty();
        assertThat(container.invocations.get()).isEqualTo(before);
    }

    @Test
    void predict_onAws_fromTheStandardEnvironment_awsEndpointUrlIncluded(MotoServer moto) {
        moto.queueRealTimeResults(MotoServer.RealTimeResult.of("0.42", "text/csv"));
        Ran r = launch("1,2,3".getBytes(StandardCharsets.UTF_8), Map.of(
                "AWS_ACCESS_KEY_ID", moto.accessKeyId(), "AWS_SECRET_ACCESS_KEY", moto.secretAccessKey(),
                "AWS_REGION", moto.region(), "AWS_ENDPOINT_URL", moto.endpoint().toString()),
                "predict", "--endpoint", "credit-scorer", "--content-type", "text/csv");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("0.42");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void version_andAMissingJar() {
        Ran v = launch(new byte[0], Map.of(), "--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("sminference 0.").doesNotContain("${");
        Ran missing = launch(new byte[0], Map.of("SMINFERENCE_JAR", dir.resolve("none.jar").toString()),
                "--version");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("jar was not found");
    }

    @Test
    void profile_assumedRole_usesTheBundledStsClient(MotoServer moto) throws Exception {
        Path config = dir.resolve("config");
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[base]\naws_access_key_id = " + moto.accessKeyId()
                + "\naws_secret_access_key = " + moto.secretAccessKey() + "\n");
        Files.writeString(config, "[profile base]\nregion = " + moto.region() + "\n"
                + "[profile assumed]\nregion = " + moto.region() + "\nsource_profile = base\n"
                + "role_arn = arn:aws:iam::" + MotoServer.DEFAULT_ACCOUNT_ID + ":role/cli-scorer\n");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE",
                credentials.toString(), "AWS_ENDPOINT_URL", moto.endpoint().toString());
        moto.queueRealTimeResults(MotoServer.RealTimeResult.of("via-role", "text/plain"));
        // the profile's credentials come from STS AssumeRole (moto): without the sts module in the jar, or if the
        // call failed, there would be no credentials and nothing would be sent
        Ran assumed = launch("a".getBytes(StandardCharsets.UTF_8), env, "predict", "--endpoint", "scorer",
                "--profile", "assumed");
        assertThat(assumed.exit()).as(assumed.toString()).isZero();
        assertThat(assumed.out()).isEqualTo("via-role");
        Ran unknown = launch("c".getBytes(StandardCharsets.UTF_8), env, "predict", "--endpoint", "scorer",
                "--profile", "nope");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n")
                .startsWith("sminference predict: error: --profile: there is no profile 'nope'");
    }
}
