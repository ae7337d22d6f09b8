package io.github.sminference.local;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A contract fixture for local mode: a scripted model, in-process or behind a loopback container. */
final class LocalFixture implements ContractFixture {
    private final InvocationMode mode;
    private final ScriptedModel model = new ScriptedModel();
    private final FakeContainer container;
    private final Path workDir;

    LocalFixture(InvocationMode mode, boolean viaContainer) {
        this.mode = mode;
        try {
            this.container = viaContainer ? new FakeContainer(model) : null;
            this.workDir = Files.createTempDirectory("local-contract-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InvocationMode mode() {
        return mode;
    }

    @Override
    public Capabilities capabilities() {
        switch (mode) {
            case REAL_TIME:
            case SERVERLESS:
                // a container cannot make the service throttle; an in-process handler can simulate it
                return new Capabilities(true, container == null, true, true, true, true,
                        io.github.sminference.exception.ModelErrorException.class, 1);
            case ASYNC_ENDPOINT:
                return new Capabilities(false, false, true, true, false, true, JobFailedException.class, 1);
            default:
                return new Capabilities(false, false, false, false, false, true, JobFailedException.class, 4);
        }
    }

    @Override
    public InferenceClient client(Consumer<BaseClientBuilder<?>> settings) {
        LocalInferenceClient.Builder b = LocalInferenceClient.builder().endpointName("local-contract").mode(mode)
                .workDir(workDir).readyTimeout(Duration.ofSeconds(5));
        if (container != null) {
            b.container(container.uri());
        } else {
            b.handler(model);
        }
        settings.accept(b);
        return b.build();
    }

    @Override
    public void modelAnswers(byte[] body, String contentType, String invokedVariant) {
        model.answer(body, contentType);
    }

    @Override
    public void modelFails(int originalStatus, String message) {
        model.fail(originalStatus, message);
    }

    @Override
    public void modelStalls(Duration delay, byte[] body) {
        model.stall(delay, body);
    }

    @Override
    public void throttlesThenAnswers(int times, byte[] body) {
        model.throttleThenAnswer(times, body);
    }

    @Override
    public void modelStreams(List<byte[]> parts, String contentType) {
        model.stream(parts, contentType);
    }

    @Override
    public int requestsReceived() {
        return model.received().size();
    }

    @Override
    public Optional<RecordedRequest> lastRequest() {
        return model.last();
    }

    ScriptedModel model() {
        return model;
    }

    Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        if (container != null) {
            container.close();
        }
        io.github.sminference.local.AsyncStore.deleteTree(workDir);
    }
}
