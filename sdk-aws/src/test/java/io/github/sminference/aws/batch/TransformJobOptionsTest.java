package io.github.sminference.aws.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transform job options: every value checked in build(), immutable, value semantics, no secrets shown. */
class TransformJobOptionsTest {

    private static TransformJobOptions.Builder valid() {
        return TransformJobOptions.builder().instanceType("ml.m5.xlarge");
    }

    private static void rejects(UnaryOperator<TransformJobOptions.Builder> change, String field) {
        assertThatThrownBy(() -> change.apply(valid()).build()).as(field)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void build_defaults_areTheDocumentedOnes() {
        TransformJobOptions o = valid().build();
        assertThat(o.instanceCount()).isEqualTo(1);
        assertThat(o.compression()).isEqualTo(TransformJobOptions.Compression.NONE);
        assertThat(o.pollInitialInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.pollMaxInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.pollMultiplier()).isEqualTo(2.0);
        assertThat(o.prefetchObjects()).isEqualTo(2);
        assertThat(o.requestMaxPayloadInMb()).isEqualTo(6);
        assertThat(o.uploadPartSizeBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(o.defaultOutputLocation()).isEmpty();
        assertThat(o.inputStagingLocation()).isEmpty();
        assertThat(o.environment()).isEmpty();
    }

    @Test
    void build_missingOrBadInstanceType_namesTheField() {
        assertThatThrownBy(() -> TransformJobOptions.builder().build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field())
                        .isEqualTo("instanceType"));
        rejects(b -> b.instanceType("m5.xlarge"), "instanceType");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void build_instanceCountOutOfRange_rejected(int count) {
        rejects(b -> b.instanceCount(count), "instanceCount");
    }

    @Test
    void build_eachInvalidValue_isRejectedNamingItsField() {
        rejects(b -> b.defaultOutputLocation("/local/out"), "defaultOutputLocation");
        rejects(b -> b.inputStagingLocation("s3://Bad_Bucket/x"), "inputStagingLocation");
        rejects(b -> b.outputKmsKeyId("key with spaces"), "outputKmsKeyId");
        rejects(b -> b.volumeKmsKeyId("k".repeat(2049)), "volumeKmsKeyId");
        rejects(b -> b.transformAmiVersion("-bad-"), "transformAmiVersion");
        rejects(b -> b.putEnvironment("1BAD", "v"), "environment");
        rejects(b -> b.putEnvironment("OK", "v".repeat(10_241)), "environment[OK]");
        rejects(b -> b.putTag("aws:reserved", "v"), "tags");
        rejects(b -> b.putTag("sminference:input-digest", "v"), "tags");
        rejects(b -> b.putTag("k", "bad#value"), "tags[k]");
        rejects(b -> b.inputFilter("$" + "[0]".repeat(21)), "inputFilter");
        rejects(b -> b.outputFilter(""), "outputFilter");
        rejects(b -> b.dataCapture("http://x/y", null, null), "dataCapture.destinationS3Uri");
        rejects(b -> b.dataCapture(null, "alias/k", null), "dataCapture.destinationS3Uri");
        rejects(b -> b.experiment("bad name", null, null), "experimentName");
        rejects(b -> b.runName("r".repeat(121)), "runName");
        rejects(b -> b.expectedBucketOwner("12345"), "expectedBucketOwner");
        rejects(b -> b.pollInterval(Duration.ZERO, Duration.ofSeconds(1)), "pollInterval.initial");
        rejects(b -> b.pollInterval(Duration.ofSeconds(10), Duration.ofSeconds(1)), "pollInterval.max");
        rejects(b -> b.pollMultiplier(0.5), "pollMultiplier");
        rejects(b -> b.stopTimeout(Duration.ofSeconds(-1)), "stopTimeout");
        rejects(b -> b.prefetchObjects(17), "prefetchObjects");
        rejects(b -> b.uploadPartSizeBytes(1024), "uploadPartSizeBytes");
        rejects(b -> b.uploadConcurrency(0), "uploadConcurrency");
        rejects(b -> b.requestMaxPayloadInMb(101), "requestMaxPayloadInMb");
    }

    @Test
    void build_seventeenEnvironmentVariablesOr49Tags_rejectedWithTheLimit() {
        TransformJobOptions.Builder env = valid();
        for (int i = 0; i < 17; i++) {
            env.putEnvironment("V" + i, "x");
        }
        assertThatThrownBy(env::build).isInstanceOf(InvalidRequestException.class).hasMessageContaining("16");
        TransformJobOptions.Builder tags = valid();
        for (int i = 0; i < 49; i++) {
            tags.putTag("t" + i, "x");
        }
        assertThatThrownBy(tags::build).isInstanceOf(InvalidRequestException.class).hasMessageContaining("48");
        TransformJobOptions.Builder ok = valid();
        for (int i = 0; i < 48; i++) {
            ok.putTag("t" + i, "x");
        }
        assertThat(ok.build().tags()).hasSize(48);
    }

    @Test
    void toBuilder_equalsAndHashCode_roundTripEveryValue() {
        TransformJobOptions o = valid().instanceCount(4).defaultOutputLocation("s3://out/p")
                .inputStagingLocation("s3://stage/p").outputKmsKeyId("alias/o").volumeKmsKeyId("alias/v")
                .transformAmiVersion("al2-ami-sagemaker-batch-gpu-535").environment(Map.of("A", "1"))
                .tags(Map.of("team", "risk")).compression(TransformJobOptions.Compression.GZIP)
                .inputFilter("$[1:]").outputFilter("$[0]").dataCapture("s3://cap/p", "alias/c", false)
                .experiment("e", "t", "c").runName("r").expectedBucketOwner("123456789012")
                .pollInterval(Duration.ofSeconds(1), Duration.ofSeconds(9)).pollMultiplier(3)
                .stopTimeout(Duration.ofMinutes(3)).prefetchObjects(4).uploadPartSizeBytes(8L * 1024 * 1024)
                .uploadConcurrency(8).requestMaxPayloadInMb(10).build();
        TransformJobOptions copy = o.toBuilder().build();
        assertThat(copy).isEqualTo(o).hasSameHashCodeAs(o);
        assertThat(o.toBuilder().prefetchObjects(5).build()).isNotEqualTo(o);
        assertThat(o.toBuilder().putEnvironment("B", "2").build()).isNotEqualTo(o);
        assertThatThrownBy(() -> o.environment().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toString_namesSettingsButNotEnvironmentValues() {
        String s = valid().putEnvironment("DB_PASSWORD", "hunter2").putTag("team", "risk").build().toString();
        assertThat(s).contains("ml.m5.xlarge").contains("DB_PASSWORD").contains("team=risk")
                .doesNotContain("hunter2");
    }
}
