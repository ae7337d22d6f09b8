package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Round trips through the real AWS SDK client against moto server (a third-party SageMaker emulator) on loopback:
 * every field the service returns comes back in the result.
 */
class MotoRealTimeTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    private static AwsInferenceClient.Builder builder(MotoServer moto, InvocationMode mode) {
        return AwsInferenceClient.builder().endpointName("moto-endpoint").mode(mode)
                .region(Region.of(moto.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .endpointOverride(moto.endpoint());
    }

    @Test
    void predict_realTime_returnsEveryFieldTheServiceSent(MotoServer moto) {
        moto.queueRealTimeResults(new MotoServer.RealTimeResult("{\"score\":0.87}", "application/json", "variant-b",
                "model=v7"));
        try (InferenceClient c = builder(moto, InvocationMode.REAL_TIME).build()) {
            InferenceResult r = c.predict(b -> b.body("{\"income\":52000}").contentType("application/json")
                    .accept("application/json").inferenceId("moto-1"));
            assertThat(r.text()).isEqualTo("{\"score\":0.87}");
            assertThat(r.contentType()).contains("application/json");
            assertThat(r.metadata().invokedVariant()).contains("variant-b");
            assertThat(r.metadata().customAttributes()).contains("model=v7");
            assertThat(r.metadata().inferenceId()).contains("moto-1");
            assertThat(r.metadata().attempts()).isEqualTo(1);
            assertThat(r.metadata().mode()).isEqualTo(InvocationMode.REAL_TIME);
        }
    }

    @Test
    void predictAsync_serverless_returnsEveryFieldTheServiceSent(MotoServer moto) throws Exception {
        moto.queueRealTimeResults(new MotoServer.RealTimeResult("0.12", "text/csv", "AllTraffic", "a=b"));
        try (InferenceClient c = builder(moto, InvocationMode.SERVERLESS).build()) {
            InferenceResult r = c.predictAsync(InferenceRequest.of("1,2,3", "text/csv")).get(30, TimeUnit.SECONDS);
            assertThat(r.text()).isEqualTo("0.12");
            assertThat(r.contentType()).contains("text/csv");
            assertThat(r.metadata().invokedVariant()).contains("AllTraffic");
            assertThat(r.metadata().customAttributes()).contains("a=b");
            assertThat(r.metadata().mode()).isEqualTo(InvocationMode.SERVERLESS);
        }
    }

    @Test
    void predict_queuedResults_eachRequestGetsTheNextOne(MotoServer moto) {
        moto.queueRealTimeResults(MotoServer.RealTimeResult.of("first", "text/plain"),
                MotoServer.RealTimeResult.of("second", "text/plain"));
        try (InferenceClient c = builder(moto, InvocationMode.REAL_TIME).build()) {
            // moto caches results per distinct request, so the bodies differ
            assertThat(c.predict(InferenceRequest.of("a", "text/plain")).text()).isEqualTo("first");
            assertThat(c.predict(InferenceRequest.of("b", "text/plain")).text()).isEqualTo("second");
        }
    }

    @Test
    void build_withoutEndpointOrRegion_honoursTheStandardAwsSettings(MotoServer moto) {
        moto.queueRealTimeResults(MotoServer.RealTimeResult.of("via AWS_ENDPOINT_URL", "text/plain"));
        // aws.endpointUrl and aws.region are the system-property forms of AWS_ENDPOINT_URL and AWS_REGION, read by
        // the AWS SDK's own default chains
        String previousUrl = System.getProperty("aws.endpointUrl");
        String previousRegion = System.getProperty("aws.region");
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", moto.region());
        try (InferenceClient c = AwsInferenceClient.builder().endpointName("moto-endpoint")
                .mode(InvocationMode.REAL_TIME)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .build()) {
            assertThat(c.predict(InferenceRequest.of("x", "text/plain")).text()).isEqualTo("via AWS_ENDPOINT_URL");
        } finally {
            restore("aws.endpointUrl", previousUrl);
            restore("aws.region", previousRegion);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
