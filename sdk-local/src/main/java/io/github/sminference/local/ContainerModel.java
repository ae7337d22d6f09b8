package io.github.sminference.local;

import io.github.sminference.spi.EndpointResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A model container over HTTP. */
final class ContainerModel implements LocalModel {
    private final ContainerClient client;

    ContainerModel(ContainerClient client) {
        this.client = client;
    }

    @Override
    public ModelOutput invoke(ModelInput in, Duration timeout) {
        return client.invoke(in, timeout);
    }

    @Override
    public CompletableFuture<ModelOutput> invokeAsync(ModelInput in, Duration timeout) {
        return client.invokeAsync(in, timeout);
    }

    @Override
    public CompletableFuture<EndpointResponse> stream(ModelInput in, Duration timeout,
            Flow.Subscriber<ByteBuffer> parts) {
        return client.stream(in, timeout, parts);
    }

    @Override
    public ModelOutput invokeFile(Path body, Map<String, String> headers, Path out, Duration timeout) {
        return client.invokeFile(body, headers, out, timeout);
    }

    @Override
    public Optional<ExecutionParameters> executionParameters() {
        return client.executionParameters(Duration.ofSeconds(10));
    }

    @Override
    public String describe() {
        return "model container at " + client.base();
    }

    @Override
    public void close() {
        // the JDK HTTP client needs no closing on Java 17; its executor is the client's
    }
}
