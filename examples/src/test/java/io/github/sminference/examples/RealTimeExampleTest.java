package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Runs the real-time example against moto server on loopback. */
class RealTimeExampleTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    @Test
    void run_againstMoto_printsAndReturnsEveryScoreInOrder(MotoServer moto) {
        moto.queueRealTimeResults(new MotoServer.RealTimeResult("0.82", "text/csv", "AllTraffic", null),
                new MotoServer.RealTimeResult("0.11", "text/csv", "AllTraffic", null),
                new MotoServer.RealTimeResult("0.97", "text/csv", "AllTraffic", null));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> scores;
        try (InferenceClient client = AwsInferenceClient.builder().endpointName("credit-scorer")
                .mode(InvocationMode.REAL_TIME).region(Region.of(moto.region())).endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .maxConcurrency(1) // keeps moto's result queue in request order
                .build()) {
            scores = RealTimeExample.run(client, new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
        assertThat(scores).containsExactly("0.82", "0.11", "0.97");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("predict      -> 0.82")
                .contains("predictAsync -> 0.11 (variant AllTraffic)");
    }
}
