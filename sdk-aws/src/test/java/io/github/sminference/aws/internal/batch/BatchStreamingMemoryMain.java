package io.github.sminference.aws.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.aws.internal.S3Uri;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Run in a JVM with a small heap by {@code BatchStreamingMemoryTest}: reads every record of a job's {@code .out}
 * objects (joined output, so inputs are not read) through the batch client's record stream, with prefetch and with
 * none (after a warm-up run, alternating, the faster of two runs each), then reads the same objects with plain
 * sequential GetObject calls; prints records, bytes, time, throughput and the peak heap in use (sampled every 5 ms;
 * the largest of the runs) for each.
 */
public final class BatchStreamingMemoryMain {
    private BatchStreamingMemoryMain() {
    }

    /** What one run measured: counts, time, peak heap in use (garbage included) and peak live heap after a GC. */
    private record Run(long records, long bytes, long ms, long peakHeap, long peakLive) {
        double mbPerSecond() {
            return bytes / 1e6 / (ms / 1000.0);
        }
    }

    private static Run sampled(ThrowingSupplier body) throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        AtomicLong peak = new AtomicLong();
        AtomicLong live = new AtomicLong();
        List<java.lang.management.MemoryPoolMXBean> pools = new ArrayList<>();
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory
                .getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                pools.add(pool);
            }
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
            long afterGc = 0;
            for (java.lang.management.MemoryPoolMXBean pool : pools) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
            live.accumulateAndGet(afterGc, Math::max);
        }, 0, 5, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        long[] counts = body.get();
        long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        sampler.shutdownNow();
        return new Run(counts[0], counts[1], ms, peak.get(), live.get());
    }

    /** A measured body: returns {records, bytes}. */
    @FunctionalInterface
    private interface ThrowingSupplier {
        long[] get() throws Exception;
    }

    private static long[] stream(BatchS3 s3, ExecutorService io, List<JobInputs.Item> items, int prefetch,
            int lineLength) {
        long records = 0;
        long bytes = 0;
        try (RecordStream r = new TransformRecordStream(s3, io, () -> items, Dataset.SplitType.LINE, true, false,
                prefetch, () -> null)) {
            while (r.hasNext()) {
                ScoredRecord rec = r.next();
                int n = rec.output().map(b -> b.length).orElse(-1);
                if (n != lineLength - 1) {
                    throw new IllegalStateException("record " + rec.index() + " has " + n + " characters");
                }
                if (rec.index() != records) {
                    throw new IllegalStateException("record " + records + " came with index " + rec.index());
                }
                records++;
                bytes += n + 1;
            }
        }
        return new long[] {records, bytes};
    }

    /** Reads the objects one after the other with plain GetObject calls. */
    private static long[] raw(S3Client s3, String bucket, List<JobInputs.Item> items) throws java.io.IOException {
        long bytes = 0;
        byte[] buf = new byte[1 << 20];
        for (JobInputs.Item it : items) {
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(it.output().key()))) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    bytes += n;
                }
            }
        }
        return new long[] {0, bytes};
    }

    /** Makes each response slow to start and limited in bandwidth, like one S3 connection over a network. */
    private static final class SlowConnection implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private final long firstByteMillis;
        private final long bytesPerSecond;

        SlowConnection(long firstByteMillis, long bytesPerSecond) {
            this.firstByteMillis = firstByteMillis;
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public java.util.Optional<InputStream> modifyHttpResponseContent(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.responseBody().map(body -> new java.io.FilterInputStream(body) {
                private final long start = System.nanoTime() + firstByteMillis * 1_000_000;
                private long read;

                private void pace(int n) throws java.io.InterruptedIOException {
                    read += Math.max(n, 0);
                    long due = start + read * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                    }
                }

                @Override
                public int read() throws java.io.IOException {
                    int b = super.read();
                    pace(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    pace(n);
                    return n;
                }
            });
        }
    }

    private static Run faster(Run a, Run b) {
        return new Run(b.records(), b.bytes(), Math.min(a.ms(), b.ms()), Math.max(a.peakHeap(), b.peakHeap()),
                Math.max(a.peakLive(), b.peakLive()));
    }

    private static String line(String what, Run r) {
        return String.format("%s records=%d bytes=%d in %d ms (%.1f MB/s), peak heap %d MB, peak live heap after"
                + " GC %d MB", what, r.records(), r.bytes(), r.ms(), r.mbPerSecond(), r.peakHeap() / (1024 * 1024),
                r.peakLive() / (1024 * 1024));
    }

    /**
     * Entry point.
     *
     * @param args endpoint, access key, secret key, bucket, objects, line length
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[3];
        int objects = Integer.parseInt(args[4]);
        int lineLength = Integer.parseInt(args[5]);
        ExecutorService io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fetch");
            t.setDaemon(true);
            return t;
        });
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[1], args[2])))
                .build()) {
            BatchS3 access = new BatchS3(s3, null);
            List<JobInputs.Item> items = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                items.add(new JobInputs.Item(new S3Uri(bucket, "in/part-" + i + ".csv"),
                        new S3Uri(bucket, "out/part-" + i + ".csv.out")));
            }
            Run warmUp = sampled(() -> stream(access, io, items, 2, lineLength)); // JIT warm-up, not compared
            // alternate the runs and keep the faster of two, so neither gains from running later (JIT, caches)
            Run single = sampled(() -> stream(access, io, items, 0, lineLength));
            Run prefetched = sampled(() -> stream(access, io, items, 2, lineLength));
            single = faster(single, sampled(() -> stream(access, io, items, 0, lineLength)));
            prefetched = faster(prefetched, sampled(() -> stream(access, io, items, 2, lineLength)));
            Run raw = sampled(() -> raw(s3, bucket, items));
            // the same reads where one connection is slow, as with S3 over a network: 30 ms to the first byte
            // and 100 MB/s per connection; here downloading the next objects ahead pays off
            Run slowRaw;
            Run slowPrefetched;
            try (S3Client slow = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                    .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(args[1], args[2])))
                    .overrideConfiguration(o -> o.addExecutionInterceptor(new SlowConnection(30, 100_000_000)))
                    .build()) {
                BatchS3 slowAccess = new BatchS3(slow, null);
                slowRaw = sampled(() -> raw(slow, bucket, items));
                slowPrefetched = sampled(() -> stream(slowAccess, io, items, 2, lineLength));
            }
            System.out.println(line("WARM-UP prefetch=2", warmUp));
            System.out.println(line("STREAMED prefetch=2", prefetched) + String.format(", max heap %d MB",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024)));
            System.out.println(line("STREAMED prefetch=0", single));
            System.out.println(line("RAW sequential GetObject", raw));
            System.out.println(line("SLOW CONNECTIONS (30 ms, 100 MB/s each): STREAMED prefetch=2", slowPrefetched));
            System.out.println(line("SLOW CONNECTIONS (30 ms, 100 MB/s each): RAW sequential GetObject", slowRaw));
        } finally {
            io.shutdownNow();
        }
    }
}
