package io.github.sminference.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streaming 1 GB of batch transform output (by default 8 {@code .out} objects of 125,000,000 bytes, 100-byte lines)
 * with a 128 MB heap: our record stream against sequential raw GetObject, each in a JVM of its own, interleaved.
 */
final class BatchSection {
    static final String JOB = "bench-job";
    private static final int PART = 16 * 1024 * 1024;

    private BatchSection() {
    }

    static void run(Report report, URI s3uri, URI stub, S3Client s3, Path logs, Map<String, String> opts)
            throws Exception {
        int objects = Integer.parseInt(opts.getOrDefault("batch-objects", "8"));
        long total = Long.parseLong(opts.getOrDefault("batch-bytes", "1000000000").replace("_", ""));
        int rounds = Integer.parseInt(opts.getOrDefault("batch-rounds", "2"));
        long perObject = total / objects / LineStream.LINE * LineStream.LINE;
        System.out.println("batch: writing " + objects + " objects of " + perObject + " bytes");
        for (int i = 0; i < objects; i++) {
            String in = JOB + "/in/part-" + i + ".csv";
            s3.putObject(b -> b.bucket("bench").key(in), RequestBody.fromString("input of the job\n"));
            write(s3, "bench", JOB + "/out/part-" + i + ".csv.out", new LineStream(i * perObject / LineStream.LINE,
                    perObject));
        }
        List<BenchRunner.Transfer> ours = new ArrayList<>();
        List<BenchRunner.Transfer> raw = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String side : r % 2 == 0 ? List.of("ours", "raw") : List.of("raw", "ours")) {
                System.out.println("batch: round " + (r + 1) + ", " + side);
                BenchRunner.Transfer t = BenchRunner.child("batch-" + side, logs, BatchReadMain.class.getName(), side,
                        s3uri.toString(), stub.toString(), "bench", JOB);
                if (t.bytes() != perObject * objects) {
                    throw new IOException(side + " read " + t.bytes() + " bytes, not " + perObject * objects);
                }
                (side.equals("ours") ? ours : raw).add(t);
            }
        }
        Report.Ratio ratio = Report.Ratio.of(ours.stream().map(BenchRunner.Transfer::round).toList(),
                raw.stream().map(BenchRunner.Transfer::round).toList(), Round::throughput,
                new Report.Target(true, 1.0));
        StringBuilder t = new StringBuilder();
        t.append("## 6. Streaming ").append(Report.fmt(perObject * objects / 1e9, perObject * objects
                % 1_000_000_000L == 0 ? 0 : 2)).append(" GB of batch transform output with a 128 MB heap\n\n");
        t.append(String.format(Locale.ROOT, "A completed transform job's output on s3proxy: %d `.out` objects of"
                + " %,d bytes (%,d bytes in all, lines of %d bytes), read record by record in order, each side in"
                + " a JVM of its own with `-Xmx128m`; %d rounds, sides alternating first; ratio = median of"
                + " per-round MB/s ratios ours/raw.%n%n"
                + "- **ours**: a `BATCH` client attaches to the job by name (`AwsInferenceClient.attachTransformJob`;"
                + " the stub answers DescribeTransformJob and ListTags: JoinSource Input, so the inputs are not"
                + " read) and reads `records()` (the objects in input order, the next 2 downloaded ahead into"
                + " bounded buffers; the builder's Apache S3 client).%n"
                + "- **raw**: ListObjectsV2, then GetObject on each object one after the other (Apache S3 client,"
                + " same settings), split into lines, an array per record.%n%n", objects, perObject,
                perObject * objects, LineStream.LINE, rounds));
        t.append("| case | MB/s | ours time | ours MB/s | ours peak heap | ours GCs | raw time | raw MB/s | raw peak"
                + " heap | raw GCs |\n");
        t.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        t.append("| read ").append(objects).append(" `.out` objects: `records()` vs sequential GetObject | ")
                .append(ratio.cell()).append(" | ").append(BenchRunner.transferCells(ours)).append(" | ")
                .append(BenchRunner.transferCells(raw)).append(" |\n");
        report.section(t.toString());
        if (!ratio.met()) {
            report.missed("Batch output streaming: MB/s ratio " + Report.fmt(ratio.median(), 3) + " (target "
                    + ratio.target() + ")");
        }
    }

    /** A multipart upload of a generated stream, one 16 MiB part in memory at a time. */
    private static void write(S3Client s3, String bucket, String key, InputStream data) throws IOException {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[] buf = new byte[PART];
        for (int number = 1;; number++) {
            int n = data.readNBytes(buf, 0, PART);
            if (n == 0 && number > 1) {
                break;
            }
            int p = number;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(p)
                    .contentLength((long) n), RequestBody.fromBytes(n == PART ? buf : java.util.Arrays.copyOf(buf, n)))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            if (n < PART) {
                break;
            }
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
    }
}
