package io.github.sminference.aws.internal.asyncendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GB payload (1,000,000,000 bytes, the asynchronous limit) stages to S3 (s3proxy, on disk) from a JVM limited to
 * a 128 MB heap: memory stays bounded by the part size times the upload concurrency. Prints the time and the peak heap.
 */
class StagingMemoryTest {

    @Test
    void stage_oneGigabyteWithA128MegabyteHeap_succeedsAndTheObjectIsWhole() throws Exception {
        try (S3ProxyServer proxy = S3ProxyServer.onDisk();
                S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(proxy.endpoint())
                        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(proxy.accessKeyId(), proxy.secretAccessKey()))).build()) {
            s3.createBucket(b -> b.bucket("big"));
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), StagingMemoryMain.class.getName(),
                    proxy.endpoint().toString(), proxy.accessKeyId(), proxy.secretAccessKey(), "s3://big/in",
                    "1000000000", "unknown");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            Matcher m = Pattern.compile("STAGED (\\d+) bytes in (\\d+) ms .* peak heap (\\d+) MB, max heap (\\d+) MB")
                    .matcher(out);
            assertThat(m.find()).as(out).isTrue();
            System.out.println("[1 GB staging] " + out.trim());
            assertThat(Long.parseLong(m.group(1))).isEqualTo(1_000_000_000L);
            assertThat(Long.parseLong(m.group(4))).isLessThanOrEqualTo(128);
            assertThat(s3.headObject(b -> b.bucket("big").key("in/one-gigabyte")).contentLength())
                    .isEqualTo(1_000_000_000L);
        }
    }
}
