package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** Proves {@link S3ProxyServer} and {@link S3ProxyServerExtension} with the real AWS SDK S3 client. */
class S3ProxyServerTest {

    private static final int PART_SIZE = 5 * 1024 * 1024;

    @RegisterExtension
    static final S3ProxyServerExtension S3 = S3ProxyServerExtension.inMemory();

    @Test
    void multipartUpload_twoParts_getReturnsWholeObjectAndRanges(S3ProxyServer server) {
        byte[] data = new byte[PART_SIZE + 4096];
        new Random(1).nextBytes(data);
        try (S3Client s3 = AwsClients.s3(server.endpoint(), server.accessKeyId(), server.secretAccessKey())) {
            s3.createBucket(b -> b.bucket("inputs"));

            CreateMultipartUploadResponse upload = s3.createMultipartUpload(r -> r.bucket("inputs").key("big.bin"));
            List<CompletedPart> parts = new ArrayList<>();
            int[][] ranges = {{0, PART_SIZE}, {PART_SIZE, data.length}};
            for (int i = 0; i < ranges.length; i++) {
                int partNumber = i + 1;
                byte[] bytes = Arrays.copyOfRange(data, ranges[i][0], ranges[i][1]);
                UploadPartResponse part = s3.uploadPart(r -> r.bucket("inputs").key("big.bin")
                        .uploadId(upload.uploadId()).partNumber(partNumber), RequestBody.fromBytes(bytes));
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(part.eTag()).build());
            }
            s3.completeMultipartUpload(r -> r.bucket("inputs").key("big.bin").uploadId(upload.uploadId())
                    .multipartUpload(m -> m.parts(parts)));

            assertThat(s3.getObjectAsBytes(r -> r.bucket("inputs").key("big.bin")).asByteArray()).isEqualTo(data);
            assertThat(s3.getObjectAsBytes(r -> r.bucket("inputs").key("big.bin")
                    .range("bytes=" + (PART_SIZE - 10) + "-" + (PART_SIZE + 9))).asByteArray())
                    .isEqualTo(Arrays.copyOfRange(data, PART_SIZE - 10, PART_SIZE + 10));
        }
        assertThat(S3.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void onDisk_putThenGet_returnsObjectAndCloseStopsServer() {
        S3ProxyServer disk = S3ProxyServer.onDisk();
        try (S3Client s3 = AwsClients.s3(disk.endpoint(), disk.accessKeyId(), disk.secretAccessKey())) {
            s3.createBucket(b -> b.bucket("outputs"));
            s3.putObject(r -> r.bucket("outputs").key("dir/result.json"), RequestBody.fromString("{\"ok\":true}"));

            assertThat(s3.getObjectAsBytes(r -> r.bucket("outputs").key("dir/result.json")).asUtf8String())
                    .isEqualTo("{\"ok\":true}");
            assertThat(s3.listObjectsV2(r -> r.bucket("outputs")).contents())
                    .extracting(o -> o.key()).containsExactly("dir/result.json");
        } finally {
            disk.close();
        }
        assertThat(disk.isRunning()).isFalse();
        assertThat(disk.backend()).isEqualTo(S3ProxyServer.Backend.FILESYSTEM);
    }
}
