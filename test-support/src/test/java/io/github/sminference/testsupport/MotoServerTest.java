package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.MotoExtension.ResetMode;
import io.github.sminference.testsupport.MotoServer.AsyncResult;
import io.github.sminference.testsupport.MotoServer.RealTimeResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/** Proves {@link MotoServer} and {@link MotoExtension} with the real AWS SDK clients. */
class MotoServerTest {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(ResetMode.BEFORE_EACH);

    private static SageMakerRuntimeClient runtime;
    private static S3Client s3;

    @BeforeAll
    static void clients(MotoServer moto) {
        runtime = AwsClients.runtime(moto.endpoint());
        s3 = AwsClients.s3(moto.endpoint(), moto.accessKeyId(), moto.secretAccessKey());
    }

    @AfterAll
    static void closeClients() {
        runtime.close();
        s3.close();
    }

    @Test
    void invokeEndpoint_queuedResult_returnsBodyContentTypeVariantAndCustomAttributes() {
        MOTO.server().queueRealTimeResults(
                new RealTimeResult("{\"score\":0.93}", "application/json", "variant-b", "trace=abc"));

        InvokeEndpointResponse response = runtime.invokeEndpoint(r -> r.endpointName("any-endpoint")
                .contentType("application/json").body(SdkBytes.fromUtf8String("{\"x\":1}")));

        assertThat(response.body().asUtf8String()).isEqualTo("{\"score\":0.93}");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.invokedProductionVariant()).isEqualTo("variant-b");
        assertThat(response.customAttributes()).isEqualTo("trace=abc");
    }

    @Test
    void invokeEndpoint_twoQueuedResults_distinctRequestsGetThemInOrder() {
        MOTO.server().queueRealTimeResults(RealTimeResult.of("first", "text/plain"),
                RealTimeResult.of("second", "text/csv"));

        InvokeEndpointResponse one = invoke("ep", "a");
        InvokeEndpointResponse two = invoke("ep", "b");

        assertThat(one.body().asUtf8String()).isEqualTo("first");
        assertThat(one.contentType()).isEqualTo("text/plain");
        assertThat(two.body().asUtf8String()).isEqualTo("second");
        assertThat(two.contentType()).isEqualTo("text/csv");
    }

    @Test
    void invokeEndpoint_sameRequestRepeated_returnsCachedResultWithoutConsumingQueue() {
        MOTO.server().queueRealTimeResults(RealTimeResult.of("first", "text/plain"),
                RealTimeResult.of("second", "text/plain"));

        InvokeEndpointResponse one = invoke("ep", "same");
        InvokeEndpointResponse again = invoke("ep", "same");
        InvokeEndpointResponse other = invoke("ep", "different");

        assertThat(one.body().asUtf8String()).isEqualTo("first");
        assertThat(again.body().asUtf8String()).isEqualTo("first");
        assertThat(other.body().asUtf8String()).isEqualTo("second");
    }

    @Test
    void invokeEndpoint_emptyQueue_returnsMotoStaticDefault() {
        InvokeEndpointResponse response = invoke("ep", "x");

        assertThat(response.body().asUtf8String()).isEqualTo("body");
        assertThat(response.contentType()).isEqualTo("content_type");
    }

    @Test
    void reset_afterQueueing_dropsQueuedResults() {
        MOTO.server().queueRealTimeResults(RealTimeResult.of("queued", "text/plain"));

        MOTO.server().reset();

        assertThat(invoke("ep", "x").body().asUtf8String()).isEqualTo("body");
    }

    @Test
    void invokeEndpointAsync_queuedSuccess_writesOutputObjectToS3() {
        MOTO.server().queueAsyncResults(AsyncResult.success("{\"predictions\":[1,2,3]}"));

        InvokeEndpointAsyncResponse response = runtime.invokeEndpointAsync(r -> r.endpointName("async-ep")
                .inputLocation("s3://input-bucket/request-1.json").inferenceId("inference-1"));

        assertThat(response.inferenceId()).isEqualTo("inference-1");
        assertThat(response.outputLocation()).matches("s3://sagemaker-output-[0-9a-f-]+/response\\.json");
        assertThat(response.failureLocation()).matches("s3://sagemaker-output-[0-9a-f-]+/failure\\.json");
        assertThat(readS3(response.outputLocation())).isEqualTo("{\"predictions\":[1,2,3]}");
        assertThat(exists(response.failureLocation())).isFalse();
    }

    @Test
    void invokeEndpointAsync_queuedFailure_writesFailureObjectOnly() {
        MOTO.server().queueAsyncResults(AsyncResult.failure("model raised ValueError"));

        InvokeEndpointAsyncResponse response = runtime.invokeEndpointAsync(r -> r.endpointName("async-ep")
                .inputLocation("s3://input-bucket/request-2.json"));

        assertThat(response.inferenceId()).isNotBlank();
        assertThat(readS3(response.failureLocation())).isEqualTo("model raised ValueError");
        assertThat(exists(response.outputLocation())).isFalse();
    }

    @Test
    void shared_calledTwice_returnsSameRunningServer(MotoServer resolved) {
        MotoServer shared = MotoServer.shared();

        assertThat(MotoServer.shared()).isSameAs(shared);
        assertThat(resolved).isSameAs(shared).isSameAs(MOTO.server());
        assertThat(shared.isRunning()).isTrue();
        assertThat(shared.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(shared.region()).isEqualTo("us-east-1");
    }

    @Test
    void close_onSharedServer_leavesItRunning() {
        MotoServer.shared().close();

        assertThat(MotoServer.shared().isRunning()).isTrue();
        assertThat(invoke("ep", "still-up").body().asUtf8String()).isEqualTo("body");
    }

    private static InvokeEndpointResponse invoke(String endpointName, String body) {
        return runtime.invokeEndpoint(r -> r.endpointName(endpointName).contentType("text/plain")
                .body(SdkBytes.fromUtf8String(body)));
    }

    private static String readS3(String location) {
        URI uri = URI.create(location);
        return s3.getObjectAsBytes(r -> r.bucket(uri.getHost()).key(uri.getPath().substring(1)))
                .asString(StandardCharsets.UTF_8);
    }

    private static boolean exists(String location) {
        URI uri = URI.create(location);
        try {
            s3.headObject(r -> r.bucket(uri.getHost()).key(uri.getPath().substring(1)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
