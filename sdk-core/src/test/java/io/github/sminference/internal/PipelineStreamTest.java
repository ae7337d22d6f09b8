package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.ResponseStream;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.fake.FakeClientBuilder;
import io.github.sminference.fake.FakeEndpointTransport;
import io.github.sminference.testing.FakeTimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** predictStream through a real client: reassembly, permits held until the stream ends, retries before it starts. */
@Timeout(20)
class PipelineStreamTest {
    private final FakeTimeSource clock = new FakeTimeSource();
    private final FakeEndpointTransport fake = new FakeEndpointTransport();
    private InferenceClient client;

    @BeforeEach
    void build() {
        client = new FakeClientBuilder(fake).endpointName("ep").mode(InvocationMode.REAL_TIME).timeSource(clock)
                .retry(RetryPolicy.builder().jitter(0).build()).maxConcurrency(1).build();
    }

    @AfterEach
    void close() {
        client.close();
        fake.close();
    }

    private int inUse() {
        return ((EndpointClient) client).pipeline().limiter().inUse();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void predictStream_linesSplitAcrossParts_reassembledAndPermitReturned() {
        fake.stream(List.of(utf8("{\"t\":\"a\"}\n{\"t\""), utf8(":\"b\"}\n"), utf8("{\"t\":\"c\"}")),
                "application/jsonlines");
        try (ResponseStream s = client.predictStream(InferenceRequest.of("prompt", "application/json"));
                Stream<String> lines = s.lines()) {
            assertThat(s.contentType()).contains("application/jsonlines");
            assertThat(s.metadata().attempts()).isEqualTo(1);
            assertThat(lines.collect(Collectors.toList())).containsExactly("{\"t\":\"a\"}", "{\"t\":\"b\"}",
                    "{\"t\":\"c\"}");
        }
        assertThat(inUse()).isZero();
    }

    @Test
    void predictStream_longStream_permitHeldUntilClosed() throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            parts.add(utf8("part-" + i + ";"));
        }
        fake.stream(parts, "text/plain");
        ResponseStream s = client.predictStream(InferenceRequest.of("p", "text/plain"));
        assertThat(inUse()).as("the stream has not ended").isEqualTo(1);
        try (InputStream in = s.inputStream()) {
            assertThat(new String(in.readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("part-0;");
        }
        assertThat(inUse()).as("closing early returns the permit").isZero();
        fake.stream(List.of(utf8("again")), "text/plain");
        try (ResponseStream again = client.predictStream(InferenceRequest.of("p", "text/plain"))) {
            assertThat(again.inputStream().readAllBytes()).isEqualTo(utf8("again"));
        }
    }

    @Test
    void predictStream_throttledBeforeStart_retriedWithBackoff() throws IOException {
        fake.throttleThenAnswer(2, utf8("whole body"));
        try (ResponseStream s = client.predictStream(InferenceRequest.of("p", "text/plain"))) {
            assertThat(s.inputStream().readAllBytes()).isEqualTo(utf8("whole body"));
            assertThat(s.metadata().attempts()).isEqualTo(3);
        }
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(inUse()).isZero();
    }

    @Test
    void predictStream_targetModel_rejectedBeforeSending() {
        InferenceRequest r = InferenceRequest.builder().body("p").targetModel("m.tar.gz").build();
        assertThatThrownBy(() -> client.predictStream(r)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("targetModel");
        assertThat(fake.received()).isEmpty();
        assertThat(inUse()).isZero();
    }
}
