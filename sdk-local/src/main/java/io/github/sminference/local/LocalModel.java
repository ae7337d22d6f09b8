package io.github.sminference.local;

import io.github.sminference.spi.EndpointResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A model local mode calls: a container over HTTP, or an in-process handler. Model failures come back as error
 * outputs ({@link ModelOutput#isError()}); transport failures, timeouts and simulated service errors are thrown as
 * {@code InferenceException}s. Thread-safe.
 */
interface LocalModel extends AutoCloseable {

    /** One call, waiting at most {@code timeout}. */
    ModelOutput invoke(ModelInput in, Duration timeout);

    /** One call without blocking the caller. */
    CompletableFuture<ModelOutput> invokeAsync(ModelInput in, Duration timeout);

    /** One streaming call: headers when the answer starts (or the mapped model error), then parts. */
    CompletableFuture<EndpointResponse> stream(ModelInput in, Duration timeout, Flow.Subscriber<ByteBuffer> parts);

    /** One call with the body read from a file and the answer written to a file. */
    ModelOutput invokeFile(Path body, Map<String, String> headers, Path out, Duration timeout);

    /** The model's batch defaults. */
    Optional<ExecutionParameters> executionParameters();

    /** For messages: "model container at http://..." or "in-process handler". */
    String describe();

    @Override
    void close();
}
