package io.github.sminference.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The boto3 peer: {@code src/main/python/boto3_peer.py} in a Python process of its own, driven over stdin. */
final class Boto3Peer implements AutoCloseable {
    private static final Pattern RESULT = Pattern.compile(
            "ops=(\\d+) errors=(\\d+) seconds=([0-9.]+) p50_ns=(\\d+) p99_ns=(\\d+) cpu_ns=(\\d+)");

    private final Child child;
    private final String version;

    private Boto3Peer(Child child, String version) {
        this.child = child;
        this.version = version;
    }

    static Boto3Peer start(String python, Path script, URI stub, Path logDir) throws IOException,
            InterruptedException {
        Child c = Child.start("boto3-peer", List.of(python, script.toString(), stub.toString()), logDir);
        try {
            c.send("version");
            String v = c.await("VERSION ", Duration.ofSeconds(60));
            return new Boto3Peer(c, v);
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** e.g. {@code python=3.11.7 boto3=1.43.11 botocore=1.43.11 retries=legacy}. */
    String version() {
        return version;
    }

    Round run(int threads, int bytes, long nanos) throws IOException, InterruptedException {
        child.send(String.format(Locale.ROOT, "run %d %d %.3f", threads, bytes, nanos / 1e9));
        String line = child.await("RESULT ", Duration.ofNanos(nanos).plusSeconds(60));
        Matcher m = RESULT.matcher(line);
        if (!m.find()) {
            throw new IOException("boto3 peer: unreadable result: " + line);
        }
        return new Round(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), -1);
    }

    @Override
    public void close() {
        try {
            child.send("quit");
        } catch (IOException ignored) {
            // already gone
        }
        child.close();
    }
}
