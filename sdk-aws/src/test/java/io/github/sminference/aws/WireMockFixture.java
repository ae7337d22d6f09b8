package io.github.sminference.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.RecordedRequest;
import io.github.sminference.testsupport.InvocationReply;
import io.github.sminference.testsupport.ResponseStreamReply;
import io.github.sminference.testsupport.SageMakerError;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A contract fixture: the real AWS SDK client, built by {@link AwsInferenceClient}, against WireMock speaking the
 * SageMaker runtime protocol on loopback. One WireMock server per JVM, reset for each fixture.
 */
final class WireMockFixture implements ContractFixture {
    static final String ENDPOINT = "contract-endpoint";
    private static WireMockServer server;

    private final InvocationMode mode;
    private final SageMakerWireMock sm;

    WireMockFixture(InvocationMode mode) {
        this.mode = mode;
        this.sm = SageMakerWireMock.of(server());
        sm.reset();
    }

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                    .containerThreads(64).asynchronousResponseEnabled(false));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    SageMakerWireMock sageMaker() {
        return sm;
    }

    static AwsInferenceClient.Builder builder(SageMakerWireMock sm, InvocationMode mode) {
        return AwsInferenceClient.builder().endpointName(ENDPOINT).mode(mode).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
                .endpointOverride(sm.endpoint());
    }

    @Override
    public InvocationMode mode() {
        return mode;
    }

    @Override
    public InferenceClient client(Consumer<BaseClientBuilder<?>> settings) {
        AwsInferenceClient.Builder b = builder(sm, mode);
        settings.accept(b);
        return b.build();
    }

    @Override
    public void modelAnswers(byte[] body, String contentType, String invokedVariant) {
        InvocationReply r = InvocationReply.of(contentType, body);
        sm.stubInvoke(ENDPOINT, invokedVariant == null ? r : r.withInvokedProductionVariant(invokedVariant));
        sm.stubResponseStream(ENDPOINT, ResponseStreamReply.ofParts(List.of(body)).withContentType(contentType));
    }

    @Override
    public void modelFails(int originalStatus, String message) {
        SageMakerError e = SageMakerError.modelError(ENDPOINT, originalStatus, message);
        sm.stubInvoke(ENDPOINT, e);
        sm.stubResponseStream(ENDPOINT, e);
    }

    @Override
    public void modelStalls(Duration delay, byte[] body) {
        sm.stubInvokeSlow(ENDPOINT, delay, InvocationReply.of("text/plain", body));
    }

    @Override
    public void throttlesThenAnswers(int times, byte[] body) {
        sm.stubInvokeFailuresThenSuccess(ENDPOINT, times, SageMakerError.throttling(),
                InvocationReply.of("text/plain", body));
    }

    @Override
    public void modelStreams(List<byte[]> parts, String contentType) {
        sm.stubResponseStream(ENDPOINT, ResponseStreamReply.ofParts(parts).withContentType(contentType));
    }

    @Override
    public int requestsReceived() {
        return sm.totalRequestCount();
    }

    @Override
    public Optional<RecordedRequest> lastRequest() {
        List<LoggedRequest> all = new java.util.ArrayList<>();
        for (SageMakerWireMock.Operation op : SageMakerWireMock.Operation.values()) {
            all.addAll(sm.requests(op, ENDPOINT));
        }
        return all.stream().max(Comparator.comparing(LoggedRequest::getLoggedDate)).map(r -> {
            Map<String, String> h = new LinkedHashMap<>();
            for (var header : r.getHeaders().all()) {
                h.put(header.key(), header.firstValue());
            }
            return new RecordedRequest(r.getUrl(), h, r.getBody());
        });
    }

    @Override
    public void close() {
        sm.reset();
    }
}
