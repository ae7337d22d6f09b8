package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;

/**
 * Runs the batch transform example against moto server: upload, CreateTransformJob, DescribeTransformJob, records.
 * moto completes a transform job at once but writes no output, so an interceptor on the SageMaker client writes
 * each {@code <input>.out} (one score per line) where {@code OutputLayout} says the service writes it: this checks
 * our reading of that rule, not the service.
 */
class BatchTransformExampleTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    /** Scores every line of every input as its length, after CreateTransformJob returns. */
    private static ExecutionInterceptor fakeModel(S3Client s3) {
        return new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (!(context.request() instanceof CreateTransformJobRequest)) {
                    return;
                }
                CreateTransformJobRequest r = (CreateTransformJobRequest) context.request();
                String prefix = r.transformInput().dataSource().s3DataSource().s3Uri(); // s3://bucket/key/
                String bucket = prefix.substring(5, prefix.indexOf('/', 5));
                String key = prefix.substring(prefix.indexOf('/', 5) + 1);
                for (S3Object o : s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents()) {
                    String in = s3.getObject(b -> b.bucket(bucket).key(o.key()), ResponseTransformer.toBytes())
                            .asUtf8String();
                    StringBuilder out = new StringBuilder();
                    for (String line : in.split("\n")) {
                        out.append(line.length()).append('\n');
                    }
                    String target = OutputLayout.outputKey(prefix, "s3://" + bucket + "/" + o.key(),
                            r.transformOutput().s3OutputPath());
                    String tb = target.substring(5, target.indexOf('/', 5));
                    s3.putObject(b -> b.bucket(tb).key(target.substring(target.indexOf('/', 5) + 1)),
                            RequestBody.fromString(out.toString(), StandardCharsets.UTF_8));
                }
            }
        };
    }

    @Test
    void run_againstMoto_uploadsRunsTheJobAndReadsEveryRecordInOrder(MotoServer moto, @TempDir Path dir)
            throws Exception {
        Path first = dir.resolve("applicants-1.csv");
        Path second = dir.resolve("applicants-2.csv");
        Files.writeString(first, "52.0,0.31,7,4,1,38\n".repeat(100));
        Files.writeString(second, "41.5,0.12,3,2,0,29\n".repeat(50));
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                moto.accessKeyId(), moto.secretAccessKey()));
        try (S3Client s3 = S3Client.builder().region(Region.of(moto.region())).endpointOverride(moto.endpoint())
                .credentialsProvider(creds).forcePathStyle(true).build();
                SageMakerClient sm = SageMakerClient.builder().region(Region.of(moto.region()))
                        .endpointOverride(moto.endpoint()).credentialsProvider(creds)
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                                .addExecutionInterceptor(fakeModel(s3))).build()) {
            s3.createBucket(b -> b.bucket("example-batch"));
            try (InferenceClient client = BatchTransformExample.client("credit-scorer", "s3://example-batch/in",
                    "s3://example-batch/out", TransformJobOptions.builder().pollInterval(Duration.ofMillis(50),
                            Duration.ofMillis(500)), b -> b.region(Region.of(moto.region())).credentialsProvider(creds)
                            .endpointOverride(moto.endpoint()).s3Client(s3).sageMakerClient(sm))) {
                assertThat(BatchTransformExample.run(client, List.of(first, second))).isEqualTo(150);
            }
            assertThat(s3.listObjectsV2(b -> b.bucket("example-batch").prefix("out/")).contents()).hasSize(2);
        }
    }
}
