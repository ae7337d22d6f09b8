package io.github.sminference.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the runner started (the stub, s3proxy, the boto3 peer, a small-heap JVM): its stdout read line by line on
 * a thread of its own (so it never blocks on a full pipe), its stderr to a log file, its stdin kept open for commands.
 * Closing it closes its stdin (the servers exit on that), then ends that one process if it is still running.
 */
final class Child implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add(EOF);
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static Child start(String name, List<String> command, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new Child(name, p, log);
    }

    /** A JVM with this JVM's classpath. */
    static List<String> java(List<String> jvmArgs, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Waits for a line starting with {@code prefix} and returns the rest of it.
     *
     * @throws IOException if the process ends first or the time runs out
     */
    String await(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + " printed no '" + prefix + "' line within " + timeout + "; it said: "
                        + seen + "; see " + log);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IOException(name + " ended before printing '" + prefix + "' (exit "
                        + (process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1) + "); it said: " + seen
                        + "; stderr: " + tail(log));
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            seen.add(line);
            if (line.startsWith("ERROR")) {
                throw new IOException(name + ": " + line);
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** Waits for the process to exit by itself. */
    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException(name + " did not finish within " + timeout);
        }
        return process.exitValue();
    }

    static String tail(Path log) {
        try {
            List<String> l = Files.readAllLines(log);
            return String.join(" | ", l.subList(Math.max(0, l.size() - 10), l.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
