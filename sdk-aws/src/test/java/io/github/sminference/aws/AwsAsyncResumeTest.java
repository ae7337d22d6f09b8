package io.github.sminference.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code resume(token)} in a new JVM completes asynchronous requests from S3, from their tokens alone. */
class AwsAsyncResumeTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    @Test
    void resume_inANewJvm_completesFromTheOutputAndFailureObjects(MotoServer moto) throws Exception {
        SageMakerWireMock sm = SageMakerWireMock.of(WireMockFixture.server());
        sm.reset();
        List<String> tokens = new ArrayList<>();
        try (S3Client s3 = AsyncTestSupport.s3(moto.endpoint(), null)) {
            s3.createBucket(b -> b.bucket("staging"));
            s3.createBucket(b -> b.bucket("results"));
            for (String id : new String[] {"ok-1", "bad-1"}) {
                sm.stubSequence(SageMakerWireMock.Operation.INVOKE_ASYNC, "async-endpoint", List.of(aResponse()
                        .withStatus(202).withHeader("Content-Type", "application/json")
                        .withHeader("X-Amzn-SageMaker-OutputLocation", "s3://results/" + id + ".out")
                        .withHeader("X-Amzn-SageMaker-FailureLocation", "s3://results/" + id + "-error.out")
                        .withBody("{\"InferenceId\":\"" + id + "\"}")));
                try (InferenceClient c = AsyncTestSupport.builder(sm.endpoint(), s3, AsyncTestSupport
                        .fastPolling("s3://staging/in").build()).build()) {
                    InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId(id).build());
                    tokens.add(job.token());
                } // the first JVM's client is gone before anything completes
                sm.reset();
            }
            // meanwhile the endpoint finishes: one output, one failure
            s3.putObject(b -> b.bucket("results").key("ok-1.out"), RequestBody.fromString("resumed result"));
            s3.putObject(b -> b.bucket("results").key("bad-1-error.out"), RequestBody.fromString("model failed"));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AsyncResumeMain.class.getName(),
                sm.endpoint().toString(), moto.endpoint().toString()));
        cmd.addAll(tokens);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("RESULT ok-1 resumed result").contains("FAILED bad-1 JobFailedException");
    }
}
