package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs the asynchronous-endpoint example against moto server: staging, InvokeEndpointAsync, polling, streaming. */
class AsyncEndpointExampleTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    @Test
    void run_againstMoto_stagesSubmitsAndStreamsTheResult(MotoServer moto, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("applicants.csv");
        Files.writeString(file, "52.0,0.31,7,4,1,38\n".repeat(1000));
        moto.queueAsyncResults(MotoServer.AsyncResult.success("0.1\n0.2\n0.3\n"));
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                moto.accessKeyId(), moto.secretAccessKey()));
        try (S3Client s3 = S3Client.builder().region(Region.of(moto.region())).endpointOverride(moto.endpoint())
                .credentialsProvider(creds).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("example-staging"));
            try (InferenceClient client = AsyncEndpointExample.client("credit-scorer-async",
                    "s3://example-staging/inputs", null, b -> b.region(Region.of(moto.region()))
                            .credentialsProvider(creds).endpointOverride(moto.endpoint()).s3Client(s3))) {
                assertThat(AsyncEndpointExample.run(client, file)).isEqualTo(3);
            }
            // deleteStagedInputs(true): the staged payload is removed once the request is done
            long end = System.nanoTime() + 5_000_000_000L;
            while (!s3.listObjectsV2(b -> b.bucket("example-staging")).contents().isEmpty()
                    && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(s3.listObjectsV2(b -> b.bucket("example-staging")).contents()).isEmpty();
        }
    }
}
