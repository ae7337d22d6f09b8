package io.github.sminference.aws.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A transform job's output of 1,000,000,000 bytes (8 {@code .out} objects of 125,000,000 bytes, 10,000,000 lines of
 * 100 bytes) on s3proxy (on disk) is read record by record, in order, by a JVM with a 128 MB heap: the record stream
 * holds a bounded buffer per object in flight, never an object. Prints the peak heap in use and the throughput,
 * with prefetch, without, and for plain sequential GetObject reads of the same objects; then again with each
 * connection slowed as over a network (30 ms to the first byte, 100 MB/s), where prefetch reads objects in parallel.
 */
class BatchStreamingMemoryTest {
    private static final int OBJECTS = 8;
    private static final long OBJECT_BYTES = 125_000_000L;
    private static final int LINE = 100;
    private static final int PART = 16 * 1024 * 1024;

    /** Lines of exactly {@link #LINE} bytes: a 10-digit number, a comma, filler, a line break. */
    private static InputStream lines(long firstLine, long bytes) {
        return new InputStream() {
            private final byte[] line = new byte[LINE];
            private long next = firstLine;
            private int pos = LINE;
            private long left = bytes;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = 0;
                while (n < len && left > 0) {
                    if (pos == LINE) {
                        long v = next++;
                        for (int i = 9; i >= 0; i--) {
                            line[i] = (byte) ('0' + v % 10);
                            v /= 10;
                        }
                        line[10] = ',';
                        for (int i = 11; i < LINE - 1; i++) {
                            line[i] = (byte) ('a' + (i % 26));
                        }
                        line[LINE - 1] = '\n';
                        pos = 0;
                    }
                    int k = (int) Math.min(Math.min(len - n, LINE - pos), left);
                    System.arraycopy(line, pos, b, off + n, k);
                    pos += k;
                    n += k;
                    left -= k;
                }
                return n;
            }
        };
    }

    private static void write(S3Client s3, String bucket, String key, InputStream data) throws IOException {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[] buf = new byte[PART];
        for (int number = 1;; number++) {
            int n = data.readNBytes(buf, 0, PART);
            if (n == 0) {
                break;
            }
            int p = number;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(p)
                    .contentLength((long) n), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(buf, 0, n)
                    .slice())).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            if (n < PART) {
                break;
            }
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload).multipartUpload(m -> m.parts(parts)));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void records_oneGigabyteOfOutputWithA128MegabyteHeap_allReadInOrderWithBoundedMemory() throws Exception {
        try (S3ProxyServer proxy = S3ProxyServer.onDisk();
                S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(proxy.endpoint())
                        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(proxy.accessKeyId(), proxy.secretAccessKey()))).build()) {
            s3.createBucket(b -> b.bucket("job"));
            long t0 = System.nanoTime();
            long linesPerObject = OBJECT_BYTES / LINE;
            for (int i = 0; i < OBJECTS; i++) {
                write(s3, "job", "out/part-" + i + ".csv.out", lines(i * linesPerObject, OBJECT_BYTES));
            }
            long writeMs = (System.nanoTime() - t0) / 1_000_000;
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), BatchStreamingMemoryMain.class.getName(),
                    proxy.endpoint().toString(), proxy.accessKeyId(), proxy.secretAccessKey(), "job",
                    Integer.toString(OBJECTS), Integer.toString(LINE));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(8, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            System.out.println("[1 GB batch output streaming] written to s3proxy in " + writeMs + " ms\n" + out.trim());
            Matcher m = Pattern.compile("STREAMED prefetch=2 records=(\\d+) bytes=(\\d+) in \\d+ ms \\(([\\d.]+) MB/s\\),"
                    + " peak heap (\\d+) MB, peak live heap after GC (\\d+) MB, max heap (\\d+) MB").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(10_000_000L);
            assertThat(Long.parseLong(m.group(2))).isEqualTo(1_000_000_000L);
            assertThat(Long.parseLong(m.group(4))).isLessThanOrEqualTo(128);
            // what survives a GC stays small: a few 4 MiB buffers per object in flight, never an object
            assertThat(Long.parseLong(m.group(5))).isLessThanOrEqualTo(64);
            assertThat(Long.parseLong(m.group(6))).isLessThanOrEqualTo(128);
            assertThat(out).contains("STREAMED prefetch=0 records=10000000 bytes=1000000000")
                    .contains("RAW sequential GetObject records=0 bytes=1000000000")
                    .contains("SLOW CONNECTIONS (30 ms, 100 MB/s each): STREAMED prefetch=2 records=10000000");
        }
    }
}
