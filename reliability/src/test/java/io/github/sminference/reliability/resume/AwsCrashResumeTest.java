package io.github.sminference.reliability.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.reliability.notifications.LoopbackAsyncRuntime;
import io.github.sminference.testsupport.S3ProxyServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Crash and resume through the real AWS SDK clients: a first JVM submits asynchronous requests (or starts a transform
 * job) against a loopback SageMaker served by this JVM, with S3 on s3proxy, and is killed (SIGKILL: no close, no
 * shutdown hook) while work is still pending; a second JVM, given nothing but the resume tokens, gets every result,
 * each the same the first JVM got or would have got, without submitting anything again.
 */
class AwsCrashResumeTest {
    @TempDir
    Path dir;

    private S3ProxyServer proxy;
    private S3Client s3;

    @BeforeEach
    void setUp() {
        proxy = S3ProxyServer.inMemory();
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(proxy.accessKeyId(),
                        proxy.secretAccessKey()))).build();
        s3.createBucket(b -> b.bucket(AwsCrashResumeMain.STAGING));
        s3.createBucket(b -> b.bucket(AwsCrashResumeMain.OUTPUT));
    }

    @AfterEach
    void tearDown() {
        s3.close();
        proxy.close();
    }

    /** A child JVM, its output read line by line on a thread of its own. */
    private static final class Child {
        final Process process;
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch submitted = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);

        Child(List<String> args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    AwsCrashResumeMain.class.getName()));
            cmd.addAll(args);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                        if (l.equals("SUBMITTED")) {
                            submitted.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process was killed
                } finally {
                    submitted.countDown();
                    ended.countDown();
                }
            }, "crash-child-reader");
            t.setDaemon(true);
            t.start();
        }

        List<String> starting(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        void awaitSubmitted() throws InterruptedException {
            assertThat(submitted.await(120, TimeUnit.SECONDS)).as("SUBMITTED within 120 s").isTrue();
            assertThat(lines).as("the first JVM submitted").contains("SUBMITTED");
        }

        void killWhen(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!condition.getAsBoolean()) {
                assertThat(System.nanoTime()).as("the kill condition held within 120 s; output: %s", lines)
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            process.destroyForcibly(); // SIGKILL
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            ended.await(10, TimeUnit.SECONDS);
        }

        void finish() throws InterruptedException {
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the second JVM ends; output: %s", lines).isTrue();
            ended.await(10, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as("exit; output:%n%s", String.join("\n", lines)).isZero();
        }
    }

    private List<String> common(String role, String mode, String service) {
        return new ArrayList<>(List.of(role, mode, service, proxy.endpoint().toString(), proxy.accessKeyId(),
                proxy.secretAccessKey()));
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void asyncEndpoint_killedWithRequestsPending_aSecondJvmGetsEveryResultFromTheTokensAlone() throws Exception {
        int n = 200;
        Map<String, String> outputs = new ConcurrentHashMap<>();
        AtomicInteger written = new AtomicInteger();
        LoopbackAsyncRuntime.Hooks hooks = new LoopbackAsyncRuntime.Hooks() {
            @Override
            public void accepted(String id, String output, String failure) {
                outputs.put(id, output);
            }

            @Override
            public void written(String id, String output, String failure) {
                written.incrementAndGet();
            }
        };
        // each request takes 1 to 9.9 s after it was accepted, the last 20 take 15 s: however slow the machine, the
        // kill (once all are submitted) finds some done and some pending
        java.util.function.Function<String, Duration> modelTime = id -> {
            int i = Integer.parseInt(id.substring("crash-".length()));
            return Duration.ofMillis(i >= n - 20 ? 15_000 : 1_000 + i * 37 % 60 * 150L);
        };
        try (LoopbackAsyncRuntime runtime = new LoopbackAsyncRuntime(s3, "crash-async-results", modelTime, hooks)) {
            List<String> args = common("first", "async", runtime.uri().toString());
            args.add(Integer.toString(n));
            Child first = new Child(args);
            first.awaitSubmitted();
            first.killWhen(() -> written.get() >= n / 4 && !first.starting("RESULT ").isEmpty());
            int writtenAtKill = written.get();
            Map<Integer, String> tokens = new java.util.TreeMap<>();
            for (String l : first.starting("TOKEN ")) {
                String[] p = l.split(" ", 3);
                tokens.put(Integer.parseInt(p[1]), p[2]);
            }
            Map<Integer, String> firstResults = new java.util.TreeMap<>();
            for (String l : first.starting("RESULT ")) {
                String[] p = l.split(" ", 3);
                firstResults.put(Integer.parseInt(p[1]), p[2]);
            }
            assertThat(tokens).hasSize(n);
            assertThat(writtenAtKill).as("requests still pending when the first JVM was killed").isLessThan(n);

            List<String> second = common("second", "async", runtime.uri().toString());
            second.addAll(tokens.values());
            Child resumed = new Child(second);
            resumed.finish();
            Map<String, String> secondResults = new ConcurrentHashMap<>();
            for (String l : resumed.starting("RESULT ")) {
                String[] p = l.split(" ", 3);
                assertThat(secondResults.put(p[1], p[2])).as("one result per token").isNull();
            }
            int same = 0;
            for (Map.Entry<Integer, String> t : tokens.entrySet()) {
                int i = t.getKey();
                String expected = outputs.get("crash-" + i) + " " + LoopbackAsyncRuntime.score(
                        AwsCrashResumeMain.body(i).getBytes(StandardCharsets.UTF_8));
                assertThat(secondResults.get(t.getValue())).as("request %d, resumed", i).isEqualTo(expected);
                if (firstResults.containsKey(i)) {
                    assertThat(firstResults.get(i)).as("request %d, as the first JVM got it", i).isEqualTo(expected);
                    same++;
                }
            }
            assertThat(runtime.invocations()).as("InvokeEndpointAsync calls: nothing submitted twice").isEqualTo(n);
            System.out.printf("[crash-resume] AWS async endpoint: %d submitted; at the kill %d outputs written, %d"
                    + " results seen by the first JVM; the second JVM resumed all %d from their tokens, each its own"
                    + " input's output at the location InvokeEndpointAsync returned (%d identical to the first JVM's);"
                    + " InvokeEndpointAsync calls %d%n", n, writtenAtKill, firstResults.size(), secondResults.size(),
                    same, runtime.invocations());
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void batch_killedWithTheJobRunning_aSecondJvmResumesItAndReadsEveryRecordOnce() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        int files = 6;
        int perFile = 500;
        for (int f = 0; f < files; f++) {
            try (BufferedWriter w = Files.newBufferedWriter(in.resolve("part-" + f + ".csv"))) {
                for (int i = 0; i < perFile; i++) {
                    w.write("rec-" + (f * perFile + i) + "\n");
                }
            }
        }
        try (LoopbackControlPlane cp = new LoopbackControlPlane(s3, Duration.ofMillis(700))) {
            List<String> args = common("first", "batch", cp.uri().toString());
            args.add(in.toString());
            Child first = new Child(args);
            first.awaitSubmitted();
            first.killWhen(() -> cp.writtenTotal() >= 2);
            int writtenAtKill = cp.writtenTotal();
            assertThat(writtenAtKill).as("killed with the job running").isLessThan(files);
            String token = first.starting("TOKEN 0 ").get(0).substring("TOKEN 0 ".length());

            List<String> second = common("second", "batch", cp.uri().toString());
            second.add(token);
            Child r = new Child(second);
            r.finish();
            long expected = 0;
            for (String l : r.starting("RECORD ")) {
                String[] p = l.split(" ", 3);
                assertThat(Long.parseLong(p[1])).as("records in order, each once").isEqualTo(expected);
                assertThat(p[2]).isEqualTo("rec-" + expected + " -> score(rec-" + expected + ")");
                expected++;
            }
            assertThat(expected).isEqualTo((long) files * perFile);
            // a transform job reports no record counts (-1: unknown); its summary names one output per input file
            assertThat(r.starting("SUMMARY ")).containsExactly("SUMMARY -1 -1 0 " + files);
            assertThat(cp.creates()).as("CreateTransformJob calls: the job was not started twice").isEqualTo(1);
            System.out.printf("[crash-resume] AWS batch transform: %d records in %d files; the first JVM was killed"
                    + " with the job InProgress (%d of %d outputs written); the second JVM resumed it from the token"
                    + " and read all %d records in order, once each; CreateTransformJob calls %d%n", files * perFile,
                    files, writtenAtKill, files, expected, cp.creates());
        }
    }
}
