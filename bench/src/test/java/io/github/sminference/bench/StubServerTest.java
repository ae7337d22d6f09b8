package io.github.sminference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/** A smoke test of the benchmark's stub server: the routes it serves, with a plain HTTP client and the AWS SDK. */
class StubServerTest {
    private static StubServer stub;

    @BeforeAll
    static void start() throws InterruptedException {
        stub = StubServer.start(0, 1, "bucket");
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void invocations_plainHttp_echoesBodyAndContentTypeWithTheVariantOnOneConnection() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) { // keep-alive: the same client reuses its connection
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(stub.uri().resolve("/endpoints/e1/invocations"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("1,2," + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("1,2," + i);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv");
            assertThat(r.headers().firstValue("x-Amzn-Invoked-Production-Variant")).hasValue("AllTraffic");
        }
    }

    @Test
    void invocations_awsSdkClient_answersInvokeEndpoint() {
        try (SageMakerRuntimeClient c = Clients.rawSync(stub.uri(), 2)) {
            byte[] body = OverheadBench.payload(100_000);
            InvokeEndpointResponse r = c.invokeEndpoint(b -> b.endpointName("bench")
                    .contentType("application/octet-stream").body(SdkBytes.fromByteArray(body)));
            assertThat(r.body().asByteArray()).isEqualTo(body);
            assertThat(r.contentType()).isEqualTo("application/octet-stream");
            assertThat(r.invokedProductionVariant()).isEqualTo("AllTraffic");
        }
    }

    @Test
    void asyncInvocations_answersOutputLocationUnderTheBucket() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                stub.uri().resolve("/endpoints/e1/async-invocations")).header("X-Amzn-SageMaker-Inference-Id", "id-1")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).contains("\"InferenceId\":\"id-1\"");
        assertThat(r.headers().firstValue("X-Amzn-SageMaker-OutputLocation"))
                .hasValue("s3://bucket/async-output/id-1.out");
    }

    @Test
    void describeTransformJob_awsSdkClient_describesACompletedJoinedJob() {
        try (SageMakerClient c = SageMakerClient.builder().region(Clients.REGION)
                .credentialsProvider(Clients.CREDENTIALS).endpointOverride(stub.uri())
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()).build()) {
            DescribeTransformJobResponse d = c.describeTransformJob(b -> b.transformJobName("job-1"));
            assertThat(d.transformJobStatusAsString()).isEqualTo("Completed");
            assertThat(d.modelName()).isEqualTo(Clients.ENDPOINT);
            assertThat(d.transformInput().dataSource().s3DataSource().s3Uri()).isEqualTo("s3://bucket/job-1/in/");
            assertThat(d.transformOutput().s3OutputPath()).isEqualTo("s3://bucket/job-1/out/");
            assertThat(d.dataProcessing().joinSourceAsString()).isEqualTo("Input");
            assertThat(c.listTags(b -> b.resourceArn(d.transformJobArn())).tags()).isEmpty();
        }
    }

    @Test
    void unknownRoute_answers404() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                stub.uri() + "/ping")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("no route");
    }
}
