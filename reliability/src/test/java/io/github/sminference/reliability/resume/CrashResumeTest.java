package io.github.sminference.reliability.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and resume in local mode: a first JVM submits work and is killed (SIGKILL, no shutdown hook, no close) while
 * the work is under way; a second JVM, given nothing but the tokens, resumes it and must get exactly the results the
 * first would have: every request and record once, each with its own output.
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    /** A child JVM running {@link CrashResumeMain} with the test's class path. */
    private static Process start(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashResumeMain.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Something to wait for before the kill. */
    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Reads the first JVM's tokens until it says SUBMITTED, waits for the condition, then kills it. */
    private static Map<Integer, String> tokensThenKill(Process first, Condition killWhen) throws Exception {
        Map<Integer, String> tokens = new LinkedHashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder other = new StringBuilder();
        while ((line = out.readLine()) != null && !line.equals("SUBMITTED")) {
            if (line.startsWith("TOKEN ")) {
                String[] p = line.split(" ", 3);
                tokens.put(Integer.parseInt(p[1]), p[2]);
            } else {
                other.append(line).append('\n');
            }
        }
        assertThat(line).as("the first JVM's output:\n%s", other).isEqualTo("SUBMITTED");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!killWhen.holds()) {
            assertThat(System.nanoTime()).as("the kill condition held within 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        first.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return tokens;
    }

    private static List<String> finish(Process second) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    private static long countFiles(Path root, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void localAsync_killedWithRequestsQueued_aSecondJvmFinishesEveryOneFromItsToken() throws Exception {
        int n = 300;
        Path work = dir.resolve("work");
        Map<Integer, String> tokens = tokensThenKill(start(List.of("first", "async", work.toString(),
                Integer.toString(n))), () -> true);
        assertThat(tokens).hasSize(n);
        long doneByFirst = countFiles(work, ".out");

        List<String> args = new ArrayList<>(List.of("second", "async", work.toString()));
        args.addAll(tokens.values());
        List<String> lines = finish(start(args));
        Map<String, String> results = new LinkedHashMap<>();
        for (String l : lines) {
            if (l.startsWith("RESULT ")) {
                String[] p = l.split(" ", 3);
                assertThat(results.put(p[1], p[2])).as("one result per token").isNull();
            }
        }
        for (Map.Entry<Integer, String> t : tokens.entrySet()) {
            assertThat(results.get(t.getValue())).as("request %d", t.getKey()).isEqualTo("REQ-" + t.getKey());
        }
        assertThat(countFiles(work, ".out")).isEqualTo(n);
        System.out.printf("[crash-resume] local async: %d submitted, %d done when the first JVM was killed,"
                + " %d finished by the second JVM from the tokens; all %d results correct%n", n, doneByFirst,
                n - doneByFirst, n);
    }

    @Test
    void localBatch_killedMidJob_aSecondJvmFinishesTheJobWithEveryRecordOnce() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        int files = 6;
        int perFile = 2_000;
        for (int f = 0; f < files; f++) {
            try (BufferedWriter w = Files.newBufferedWriter(in.resolve("part-" + f + ".txt"))) {
                for (int i = 0; i < perFile; i++) {
                    w.write("rec-" + (f * perFile + i) + "\n");
                }
            }
        }
        Path work = dir.resolve("work");
        Map<Integer, String> tokens = tokensThenKill(start(List.of("first", "batch", work.toString(),
                in.toString())), () -> countFiles(work, ".out") >= 2);
        long filesDoneByFirst = countFiles(work, ".out");
        assertThat(filesDoneByFirst).as("killed mid-job").isLessThan(files);
        List<String> lines = finish(start(List.of("second", "batch", work.toString(), tokens.get(0))));
        long expected = 0;
        String summary = null;
        for (String l : lines) {
            if (l.startsWith("RECORD ")) {
                String[] p = l.split(" ", 3);
                assertThat(Long.parseLong(p[1])).as("records in order, each once").isEqualTo(expected);
                assertThat(p[2]).isEqualTo(("rec-" + expected).toUpperCase(Locale.ROOT));
                expected++;
            } else if (l.startsWith("SUMMARY ")) {
                summary = l;
            }
        }
        assertThat(expected).isEqualTo((long) files * perFile);
        assertThat(summary).isEqualTo("SUMMARY " + files * perFile + " 0");
        System.out.printf("[crash-resume] local batch: %d records in %d files; the first JVM was killed mid-job with"
                + " %d files done; the second JVM resumed from the token and returned all %d records in order, once"
                + " each%n", files * perFile, files, filesDoneByFirst, expected);
    }
}
