package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import io.github.sminference.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Runs every benchmark in one go and writes {@code bench/RESULTS.md}. Started by {@code bench/run.sh}; this JVM is the
 * measured client of the overhead and fan-out sections. The stub server, s3proxy, the boto3 peer and each 1 GB
 * transfer run in processes of their own.
 *
 * <p>Options ({@code --name=value}): {@code sections} (comma-separated: overhead, fanout, diagnostics, staging, batch;
 * default: all), {@code rounds}, {@code round-ms}, {@code warm-ms} (overhead), {@code diagnostics-rounds},
 * {@code global-warm-ms}, {@code global-warm-passes}, {@code fanout-records}, {@code fanout-rounds},
 * {@code stage-bytes}, {@code stage-rounds}, {@code batch-bytes}, {@code batch-objects}, {@code batch-rounds},
 * {@code out}, {@code home} (the bench folder), {@code python}, {@code command} (the command line to print in the
 * report); {@code profile=raw|ours|sdk-defaults:sync|async:concurrency:bytes:seconds} or
 * {@code profile=fanout:raw|ours:records:runs} runs one variant alone (for a profiler) instead of the report.
 */
public final class BenchRunner {
    private static final int POOL = 64;
    private static final int IN_FLIGHT = 64;

    private final Map<String, String> opts;
    private final Path home;
    private final Path logs;
    private final Report report = new Report();

    private BenchRunner(Map<String, String> opts) {
        this.opts = opts;
        this.home = Path.of(opts.getOrDefault("home", "bench"));
        this.logs = home.resolve("target/bench-logs");
    }

    private int intOpt(String name, int def) {
        return Integer.parseInt(opts.getOrDefault(name, Integer.toString(def)));
    }

    private long longOpt(String name, long def) {
        return Long.parseLong(opts.getOrDefault(name, Long.toString(def)).replace("_", ""));
    }

    /**
     * Entry point.
     *
     * @param args {@code --name=value} options
     * @throws Exception if the run cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("options are --name=value, not " + a);
            }
            int eq = a.indexOf('=');
            opts.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        new BenchRunner(opts).run();
        System.exit(0); // everything is closed; do not wait for Netty's quiet period
    }

    private void run() throws Exception {
        Set<String> sections = Set.of(opts.getOrDefault("sections", "overhead,fanout,diagnostics,staging,batch")
                .split(","));
        long started = System.nanoTime();
        report.header("Date", Env.date());
        report.header("Machine", Runtime.getRuntime().availableProcessors() + " cores (nproc), " + Env.cpuModel()
                + ", " + Env.memory() + " memory, " + Env.os());
        report.header("JDK", Env.jdk());
        report.header("Client JVM options", "`" + Env.jvmArgs() + "`");
        report.header("Command", "`" + opts.getOrDefault("command", "./bench/run.sh") + "`");
        try (Child stub = Child.start("stub", Child.java(List.of("-Xms256m", "-Xmx256m"),
                StubServer.class.getName(), "2", "bench"), logs)) {
            URI uri = URI.create("http://127.0.0.1:" + stub.await("STUB_PORT=", Duration.ofSeconds(30)));
            report.header("Stub", "Netty HTTP/1.1 keep-alive server in its own JVM (`-Xmx256m`, 2 event-loop"
                    + " threads) on 127.0.0.1; it shares the machine's " + Runtime.getRuntime().availableProcessors()
                    + " cores with the client, so every figure includes the stub's own cost, on both sides alike");
            if (opts.containsKey("profile")) {
                profile(uri, opts.get("profile"));
                return;
            }
            if (sections.contains("overhead") || sections.contains("fanout")) {
                endpointSections(uri, sections);
            }
            if (sections.contains("diagnostics")) {
                report.section(Diagnostics.run(uri, DIAGNOSTIC_CASES, intOpt("diagnostics-rounds", 10),
                        longOpt("round-ms", 250) * 1_000_000, longOpt("warm-ms", 1000) * 1_000_000 / 2, POOL));
            }
            if (sections.contains("staging") || sections.contains("batch")) {
                s3Sections(uri, sections);
            }
        }
        report.header("Total time", Report.fmt((System.nanoTime() - started) / 1e9, 0) + " s");
        Path out = Path.of(opts.getOrDefault("out", home.resolve("RESULTS.md").toString()));
        report.write(out, resource("preamble.md"), resource("findings.md"));
        System.out.println("wrote " + out.toAbsolutePath());
        for (String m : report.missedTargets()) {
            System.out.println("missed: " + m);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BenchRunner.class.getResourceAsStream(name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ overhead, peer, fan-out

    private void endpointSections(URI stub, Set<String> sections) throws Exception {
        try (SageMakerRuntimeClient rawSync = Clients.rawSync(stub, POOL);
                SageMakerRuntimeAsyncClient rawAsync = Clients.rawAsync(stub, POOL);
                InferenceClient ours = Clients.ours(stub, POOL)) {
            report.header("Retries", "raw clients: the SDK's default (" + Clients.retryDescription(rawSync)
                    + "); ours: the SDK's retries off, our RetryPolicy.defaults() (3 attempts) and circuit breaker on"
                    + " (defaults). No call failed, so no retry ran on either side.");
            warmUp(rawSync, rawAsync, ours, sections);
            if (sections.contains("overhead")) {
                overhead(stub, rawSync, rawAsync, ours);
            }
            if (sections.contains("fanout")) {
                fanOut(rawAsync, ours);
            }
        }
    }

    private static final List<OverheadBench.Case> CASES = List.of(
            new OverheadBench.Case(OverheadBench.Path.SYNC, 1, 100),
            new OverheadBench.Case(OverheadBench.Path.SYNC, 1, 100_000),
            new OverheadBench.Case(OverheadBench.Path.SYNC, 16, 100),
            new OverheadBench.Case(OverheadBench.Path.SYNC, 16, 100_000),
            new OverheadBench.Case(OverheadBench.Path.ASYNC, IN_FLIGHT, 100),
            new OverheadBench.Case(OverheadBench.Path.ASYNC, IN_FLIGHT, 100_000));

    private static final List<OverheadBench.Case> DIAGNOSTIC_CASES = List.of(
            new OverheadBench.Case(OverheadBench.Path.SYNC, 1, 100),
            new OverheadBench.Case(OverheadBench.Path.SYNC, 16, 100),
            new OverheadBench.Case(OverheadBench.Path.ASYNC, IN_FLIGHT, 100));

    /**
     * Runs every path of both sides before anything is measured, so that the JIT has compiled the code they share
     * (the SDK's marshalling and signing, Netty, Apache) and no side pays for it inside another's rounds.
     */
    private void warmUp(SageMakerRuntimeClient rawSync, SageMakerRuntimeAsyncClient rawAsync, InferenceClient ours,
            Set<String> sections) throws Exception {
        long nanos = longOpt("global-warm-ms", 1000) * 1_000_000;
        int passes = intOpt("global-warm-passes", 1);
        OverheadBench b = new OverheadBench(rawSync, rawAsync, ours, null);
        Path csv = sections.contains("fanout")
                ? FanOutBench.writeCsv(home.resolve("target/bench-data/warm.csv"), 5_000) : null;
        long t0 = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            System.out.println("warm-up, pass " + (pass + 1));
            for (OverheadBench.Case c : CASES) {
                b.solo("raw", c, nanos);
                b.solo("ours", c, nanos);
            }
            if (csv != null) {
                FanOutBench.raw(rawAsync, csv, IN_FLIGHT);
                FanOutBench.ours(ours, csv, IN_FLIGHT);
            }
        }
        report.header("Warm-up", Report.fmt((System.nanoTime() - t0) / 1e9, 0) + " s over every path of both"
                + " sides (" + passes + (passes == 1 ? " pass" : " passes") + ") before any measurement, plus a warm-up per"
                + " case");
    }

    private void overhead(URI stub, SageMakerRuntimeClient rawSync, SageMakerRuntimeAsyncClient rawAsync,
            InferenceClient ours) throws Exception {
        int rounds = intOpt("rounds", 30);
        long roundNanos = longOpt("round-ms", 250) * 1_000_000;
        long warmNanos = longOpt("warm-ms", 1000) * 1_000_000;
        Boto3Peer peer = null;
        try {
            peer = Boto3Peer.start(opts.getOrDefault("python", "python3"),
                    home.resolve("src/main/python/boto3_peer.py"), stub, logs);
            report.header("Peer", peer.version() + " (boto3's default retries; one client shared by the threads,"
                    + " its pool sized to the thread count)");
        } catch (IOException e) {
            report.note("The boto3 peer did not start (" + e.getMessage() + "); its rows are missing.");
        }
        try {
            OverheadBench bench = new OverheadBench(rawSync, rawAsync, ours, peer);
            List<OverheadBench.Outcome> outcomes = new ArrayList<>();
            for (OverheadBench.Case c : CASES) {
                System.out.println("overhead: " + c.label());
                OverheadBench.Outcome o = bench.run(c, rounds, roundNanos, warmNanos, peer != null,
                        () -> System.out.print("."));
                outcomes.add(o);
                System.out.println();
                StringBuilder perRound = new StringBuilder("  per-round throughput ratios ours/raw:");
                for (int i = 0; i < Math.min(o.ours().size(), o.raw().size()); i++) {
                    perRound.append(' ').append(Report.fmt(o.ours().get(i).throughput()
                            / o.raw().get(i).throughput(), 2));
                }
                System.out.println(perRound);
            }
            overheadTable(outcomes, rounds, roundNanos, warmNanos);
            peerTable(outcomes);
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
    }

    private void overheadTable(List<OverheadBench.Outcome> outcomes, int rounds, long roundNanos, long warmNanos) {
        StringBuilder t = new StringBuilder();
        t.append("## 1. Overhead: `InferenceClient` against the raw AWS SDK client\n\n");
        t.append("Closed loop, echo stub, ").append(rounds).append(" rounds of ")
                .append(Report.fmt(roundNanos / 1e9, 1)).append(" s per side after a ")
                .append(Report.fmt(warmNanos / 1e9, 1)).append(" s warm-up per side; sides interleaved (A B, B A,"
                        + " ...). Ratio = median of the per-round ratios ours/raw (min–max in brackets); the side"
                        + " columns are medians of the per-round figures. Throughput in calls/s. CPU = CPU time of"
                        + " the client JVM (all its threads) per call: the figure least disturbed by other load on"
                        + " the machine.\n\n");
        t.append("| case | throughput | p99 latency | CPU per call | ours calls/s | ours p50 | ours p99 | ours CPU"
                + " | raw calls/s | raw p50 | raw p99 | raw CPU |\n");
        t.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (OverheadBench.Outcome o : outcomes) {
            Report.Ratio thr = Report.Ratio.of(o.ours(), o.raw(), Round::throughput, new Report.Target(true, 0.97));
            Report.Ratio p99 = Report.Ratio.of(o.ours(), o.raw(), r -> r.p99Nanos(), new Report.Target(false, 1.05));
            Report.Ratio cpu = Report.Ratio.of(o.ours(), o.raw(), Round::cpuMicrosPerOp, null);
            t.append("| ").append(o.c().label()).append(" | ").append(thr.cell()).append(" | ").append(p99.cell())
                    .append(" | ").append(cpu.cell()).append(" | ").append(Report.side(o.ours())).append(" | ")
                    .append(Report.side(o.raw())).append(" |\n");
            if (!thr.met()) {
                report.missed("Overhead, " + o.c().label() + ": throughput ratio " + Report.fmt(thr.median(), 3)
                        + " (target " + thr.target() + ")");
            }
            if (!p99.met()) {
                report.missed("Overhead, " + o.c().label() + ": p99 ratio " + Report.fmt(p99.median(), 3)
                        + " (target " + p99.target() + ")");
            }
            long errors = Report.errors(o.ours()) + Report.errors(o.raw());
            if (errors > 0) {
                report.note(o.c().label() + ": " + errors + " calls failed or answered a wrong echo.");
            }
        }
        report.section(t.toString());
    }

    private void peerTable(List<OverheadBench.Outcome> outcomes) {
        StringBuilder t = new StringBuilder();
        t.append("## 2. The peer: `InferenceClient.predict` against boto3 `invoke_endpoint`\n\n");
        t.append("The same rounds as section 1 (boto3 ran as a third side in each round, in its own Python"
                + " process, threads sharing one client). Ratio = median of the per-round ratios ours/boto3: above"
                + " 1 for throughput and below 1 for p99 means ours is faster. boto3's CPU is its Python process's"
                + " (all threads).\n\n");
        t.append("| case | throughput | p99 latency | CPU per call | ours calls/s | ours p50 | ours p99 | ours CPU"
                + " | boto3 calls/s | boto3 p50 | boto3 p99 | boto3 CPU |\n");
        t.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        boolean any = false;
        for (OverheadBench.Outcome o : outcomes) {
            if (o.boto3().isEmpty()) {
                continue;
            }
            any = true;
            Report.Ratio thr = Report.Ratio.of(o.ours(), o.boto3(), Round::throughput, new Report.Target(true, 1.0));
            Report.Ratio p99 = Report.Ratio.of(o.ours(), o.boto3(), r -> r.p99Nanos(), new Report.Target(false, 1.0));
            Report.Ratio cpu = Report.Ratio.of(o.ours(), o.boto3(), Round::cpuMicrosPerOp, null);
            String label = o.c().label().replace("`predict` vs `invokeEndpoint`", "`predict` vs boto3");
            t.append("| ").append(label).append(" | ").append(thr.cell()).append(" | ").append(p99.cell())
                    .append(" | ").append(cpu.cell()).append(" | ").append(Report.side(o.ours())).append(" | ")
                    .append(Report.side(o.boto3())).append(" |\n");
            if (!thr.met()) {
                report.missed("Peer, " + label + ": throughput ratio ours/boto3 " + Report.fmt(thr.median(), 3));
            }
            if (Report.errors(o.boto3()) > 0) {
                report.note(label + ": " + Report.errors(o.boto3()) + " boto3 calls failed.");
            }
        }
        if (any) {
            report.section(t.toString());
        }
    }

    private void fanOut(SageMakerRuntimeAsyncClient rawAsync, InferenceClient ours) throws Exception {
        int records = intOpt("fanout-records", 100_000);
        int rounds = intOpt("fanout-rounds", 3);
        Path dir = home.resolve("target/bench-data");
        Path csv = FanOutBench.writeCsv(dir.resolve("records.csv"), records);
        Path warm = FanOutBench.writeCsv(dir.resolve("warm-fanout.csv"), Math.max(1, records / 10));
        System.out.println("fan-out: warm-up");
        FanOutBench.ours(ours, warm, IN_FLIGHT);
        FanOutBench.raw(rawAsync, warm, IN_FLIGHT);
        List<Round> o = new ArrayList<>();
        List<Round> r = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            System.out.println("fan-out: round " + (i + 1));
            if (i % 2 == 0) {
                o.add(FanOutBench.ours(ours, csv, IN_FLIGHT));
                r.add(FanOutBench.raw(rawAsync, csv, IN_FLIGHT));
            } else {
                r.add(FanOutBench.raw(rawAsync, csv, IN_FLIGHT));
                o.add(FanOutBench.ours(ours, csv, IN_FLIGHT));
            }
        }
        Report.Ratio ratio = Report.Ratio.of(o, r, Round::throughput, new Report.Target(true, 0.95));
        StringBuilder t = new StringBuilder();
        t.append("## 3. Dataset fan-out over a real-time endpoint\n\n");
        t.append(String.format(java.util.Locale.ROOT, "A CSV file of %,d records (about 40 bytes each), one request"
                + " per record (SingleRecord), %d in flight on both sides, results consumed in input order and"
                + " checked against their input. Ours: `client.score(Dataset.ofFiles(csv))` (maxConcurrentTransforms"
                + " %d) read through `records()`. Raw: a loop over the async client reading the file line by line,"
                + " a window of %d futures taken oldest first. A warm-up of %,d records per side, then %d rounds"
                + " (sides alternating first). Per-record latency is not measured here.%n%n", records, IN_FLIGHT,
                IN_FLIGHT, IN_FLIGHT, Math.max(1, records / 10), rounds));
        t.append("| case | records/s | CPU per record | ours records/s | ours time | ours CPU | raw records/s"
                + " | raw time | raw CPU |\n");
        t.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        t.append("| `score(Dataset.ofFiles(csv))` vs a raw async loop, ").append(IN_FLIGHT).append(" in flight | ")
                .append(ratio.cell()).append(" | ")
                .append(Report.Ratio.of(o, r, Round::cpuMicrosPerOp, null).cell()).append(" | ")
                .append(Report.count(Report.med(o, Round::throughput))).append(" | ")
                .append(Report.fmt(Report.med(o, Round::seconds), 2)).append(" s | ")
                .append(Report.micros(Report.med(o, Round::cpuMicrosPerOp))).append(" | ")
                .append(Report.count(Report.med(r, Round::throughput))).append(" | ")
                .append(Report.fmt(Report.med(r, Round::seconds), 2)).append(" s | ")
                .append(Report.micros(Report.med(r, Round::cpuMicrosPerOp))).append(" |\n");
        report.section(t.toString());
        if (!ratio.met()) {
            report.missed("Fan-out: records/s ratio " + Report.fmt(ratio.median(), 3) + " (target "
                    + ratio.target() + ")");
        }
        long bad = Report.errors(o) + Report.errors(r);
        if (bad > 0) {
            report.note("Fan-out: " + bad + " records failed, came out of order or did not echo their input.");
        }
    }

    // ------------------------------------------------------------------ large payloads

    private void s3Sections(URI stub, Set<String> sections) throws Exception {
        try (Child s3proxy = Child.start("s3proxy", Child.java(List.of("-Xms1g", "-Xmx1g"),
                S3ProxyMain.class.getName()), logs)) {
            URI s3uri = URI.create(s3proxy.await("S3PROXY_ENDPOINT=", Duration.ofSeconds(60)));
            try (S3Client s3 = S3Client.builder().region(Clients.REGION).endpointOverride(s3uri).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY))).build()) {
                s3.createBucket(b -> b.bucket("bench"));
                if (sections.contains("staging")) {
                    staging(stub, s3uri, s3);
                }
                if (sections.contains("batch")) {
                    BatchSection.run(report, s3uri, stub, s3, logs, opts);
                }
            }
        }
    }

    /** One transfer's figures, as a child JVM printed them. */
    record Transfer(long bytes, long nanos, long peakHeap, long gcCount, long gcMillis, long maxHeap) {
        private static final Pattern LINE = Pattern.compile("bytes=(\\d+) nanos=(\\d+) peakHeap=(\\d+)"
                + " gcCount=(\\d+) gcMillis=(\\d+) maxHeap=(\\d+)");

        static Transfer parse(String line) throws IOException {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                throw new IOException("unreadable result: " + line);
            }
            return new Transfer(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        /** As a {@link Round}: "ops" are bytes, so throughput is bytes/s. */
        Round round() {
            return new Round(bytes, 0, nanos / 1e9, 0, 0, -1, -1);
        }
    }

    static Transfer child(String name, Path logs, String mainClass, String... args) throws Exception {
        try (Child c = Child.start(name, Child.java(List.of("-Xmx128m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), mainClass, args), logs)) {
            Transfer t = Transfer.parse(c.await("RESULT ", Duration.ofMinutes(10)));
            int exit = c.waitFor(Duration.ofMinutes(1));
            if (exit != 0) {
                throw new IOException(name + " exited with " + exit + ": " + Child.tail(logs.resolve(name + ".log")));
            }
            return t;
        }
    }

    static String transferCells(List<Transfer> ts) {
        double[] secs = ts.stream().mapToDouble(t -> t.nanos() / 1e9).toArray();
        double[] mbs = ts.stream().mapToDouble(Transfer::megabytesPerSecond).toArray();
        long peak = ts.stream().mapToLong(Transfer::peakHeap).max().orElse(0);
        double gcs = Stats.median(ts.stream().mapToDouble(Transfer::gcCount).toArray());
        double gcMs = Stats.median(ts.stream().mapToDouble(Transfer::gcMillis).toArray());
        return Report.fmt(Stats.median(secs), 1) + " s | " + Report.fmt(Stats.median(mbs), 1) + " | "
                + Report.fmt(peak / 1048576.0, 0) + " MiB of " + Report.fmt(ts.get(0).maxHeap() / 1048576.0, 0)
                + " | " + Report.count(gcs) + " / " + Report.count(gcMs) + " ms";
    }

    private void staging(URI stub, URI s3uri, S3Client s3) throws Exception {
        long size = longOpt("stage-bytes", 1_000_000_000L);
        int rounds = intOpt("stage-rounds", 2);
        List<Transfer> ours = new ArrayList<>();
        List<Transfer> raw = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (String side : i % 2 == 0 ? List.of("ours", "raw") : List.of("raw", "ours")) {
                System.out.println("staging: round " + (i + 1) + ", " + side);
                String key = "stage/" + side + "-" + i;
                Transfer t = child("stage-" + side, logs, StageMain.class.getName(), side, s3uri.toString(),
                        stub.toString(), "bench", key, Long.toString(size));
                long stored = s3.headObject(b -> b.bucket("bench").key(key)).contentLength();
                if (stored != size) {
                    throw new IOException(side + " staged " + stored + " bytes, not " + size);
                }
                s3.deleteObject(b -> b.bucket("bench").key(key)); // keep the disk use to one object
                (side.equals("ours") ? ours : raw).add(t);
            }
        }
        Report.Ratio ratio = Report.Ratio.of(ours.stream().map(Transfer::round).toList(),
                raw.stream().map(Transfer::round).toList(), Round::throughput, new Report.Target(true, 0.9));
        StringBuilder t = new StringBuilder();
        t.append("## 5. Large payloads with a 128 MB heap\n\n");
        t.append(String.format(java.util.Locale.ROOT, "Each transfer in a JVM of its own with `-Xmx128m`, to"
                + " s3proxy (filesystem backend, its own JVM, same machine). The payload is %,d bytes generated on"
                + " the fly (never in memory). %d rounds, sides alternating first; ratio = median of per-round"
                + " MB/s ratios ours/raw. Peak heap = the largest `totalMemory() - freeMemory()` sampled every 5 ms"
                + " (garbage included, so in a 128 MB heap it nears the maximum either way: the point is that"
                + " it stays within it); GCs = collections / time spent in them during the transfer.%n%n"
                + "- **ours**: `InferenceClient.submit` on an `ASYNC_ENDPOINT` client (S3 staging: multipart, 8 MiB"
                + " parts, 4 in flight, the builder's Apache S3 client), timed to the return of `submit`, which"
                + " includes the InvokeEndpointAsync call to the stub after the upload.%n"
                + "- **raw**: `S3TransferManager.upload` (s3-transfer-manager %s) on the **Java-based multipart"
                + " `S3AsyncClient`** (`multipartEnabled(true)`, defaults: 8 MiB parts; Netty), body"
                + " `AsyncRequestBody.fromInputStream(stream, length, executor)`; CRT was not used. One interceptor"
                + " removes the `x-amz-mp-object-size` header from CompleteMultipartUpload, which s3proxy 4.1.0"
                + " rejects with 501.%n%n", size, rounds, software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION));
        t.append("| case | MB/s | ours time | ours MB/s | ours peak heap | ours GCs | raw time | raw MB/s | raw peak"
                + " heap | raw GCs |\n");
        t.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        t.append("| stage ").append(Report.fmt(size / 1e9, size % 1_000_000_000L == 0 ? 0 : 2))
                .append(" GB: `submit` (S3 staging) vs `S3TransferManager.upload` | ").append(ratio.cell())
                .append(" | ").append(transferCells(ours)).append(" | ").append(transferCells(raw)).append(" |\n");
        report.section(t.toString());
        if (!ratio.met()) {
            report.missed("Staging: MB/s ratio " + Report.fmt(ratio.median(), 3) + " (target " + ratio.target()
                    + ")");
        }
    }

    // ------------------------------------------------------------------ profiling

    private void profile(URI stub, String spec) throws Exception {
        String[] p = spec.split(":");
        if (p[0].equals("fanout")) {
            // fanout:ours|raw:records:runs
            Path csv = FanOutBench.writeCsv(home.resolve("target/bench-data/profile.csv"), Integer.parseInt(p[2]));
            try (SageMakerRuntimeAsyncClient rawAsync = Clients.rawAsync(stub, POOL);
                    InferenceClient ours = Clients.ours(stub, POOL)) {
                for (int i = 0; i < Integer.parseInt(p[3]); i++) {
                    Round r = p[1].equals("ours") ? FanOutBench.ours(ours, csv, IN_FLIGHT)
                            : FanOutBench.raw(rawAsync, csv, IN_FLIGHT);
                    System.out.printf("fan-out %s: %s records/s, %d bad%n", p[1], Report.count(r.throughput()),
                            r.errors());
                }
            }
            return;
        }
        OverheadBench.Case c = new OverheadBench.Case(OverheadBench.Path.valueOf(p[1].toUpperCase(
                java.util.Locale.ROOT)), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        long nanos = (long) (Double.parseDouble(p[4]) * 1e9);
        try (SageMakerRuntimeClient rawSync = Clients.rawSync(stub, POOL);
                SageMakerRuntimeAsyncClient rawAsync = Clients.rawAsync(stub, POOL);
                InferenceClient ours = Clients.ours(stub, POOL);
                Clients.OursSdkDefaults defaults = new Clients.OursSdkDefaults(stub, POOL)) {
            OverheadBench b = new OverheadBench(rawSync, rawAsync, ours, null)
                    .variant(Diagnostics.SDK_DEFAULTS, defaults.client);
            b.solo(p[0], c, 3_000_000_000L);
            System.out.println("profile: " + p[0] + " " + c.label() + " for " + p[4] + " s");
            Round r = b.solo(p[0], c, nanos);
            System.out.printf("%s: %s calls/s, p50 %s, p99 %s, errors %d%n", p[0], Report.count(r.throughput()),
                    Report.ms(r.p50Nanos()), Report.ms(r.p99Nanos()), r.errors());
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
