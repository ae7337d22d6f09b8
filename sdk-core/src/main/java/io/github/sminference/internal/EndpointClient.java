package io.github.sminference.internal;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.EndpointTransport;
import io.github.sminference.spi.ResumeToken;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InferenceClient} of synchronous endpoints (real-time and serverless), over any
 * {@link EndpointTransport}. Thread-safe.
 */
public final class EndpointClient implements InferenceClient {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointClient.class);

    private final ClientSettings settings;
    private final InvocationPipeline pipeline;
    private final EndpointTransport transport;
    private final ClientResources resources;
    private final List<AutoCloseable> owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the client.
     *
     * @param settings the settings; the mode must be synchronous
     * @param transport makes single attempts; closed with the client
     * @param owned further resources the client closes, in order, after the transport
     */
    public EndpointClient(ClientSettings settings, EndpointTransport transport, List<AutoCloseable> owned) {
        if (!settings.mode().isSynchronous()) {
            throw new IllegalArgumentException("EndpointClient serves REAL_TIME and SERVERLESS, not " + settings.mode());
        }
        this.settings = settings;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resources = ClientResources.create(settings);
        this.pipeline = new InvocationPipeline(settings, transport, resources);
        this.owned = List.copyOf(owned);
    }

    /**
     * The pipeline, for diagnostics and tests.
     *
     * @return the pipeline
     */
    public InvocationPipeline pipeline() {
        return pipeline;
    }

    @Override
    public InferenceResult predict(InferenceRequest request) {
        return pipeline.invoke(request);
    }

    @Override
    public CompletableFuture<InferenceResult> predictAsync(InferenceRequest request) {
        return pipeline.invokeAsync(request);
    }

    @Override
    public ResponseStream predictStream(InferenceRequest request) {
        return pipeline.invokeStream(request);
    }

    @Override
    public InferenceJob submit(InferenceRequest request) {
        Objects.requireNonNull(request, "request");
        // A generated id must be known to the handle, so fix it on the request first.
        InferenceRequest withId = request.inferenceId().isPresent() || !settings.generateInferenceIds() ? request
                : request.toBuilder().inferenceId(java.util.UUID.randomUUID().toString()).build();
        CompletableFuture<InferenceResult> f = pipeline.submit(withId, "submit");
        return new FutureInferenceJob(withId.inferenceId().orElse("(none)"), settings.mode(),
                settings.endpointName(), f, settings.timeSource().now(), settings.timeSource()::now);
    }

    @Override
    public ScoringJob score(Dataset dataset, ScoringOptions options) {
        checkOpen();
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        throw new NotSupportedException("score(Dataset)", settings.mode(),
                "dataset scoring is not yet available in this version; it arrives with the dataset-scoring release"
                        + " (fan-out over endpoints and batch transform). Meanwhile send each record with"
                        + " predictAsync()");
    }

    @Override
    public InferenceJob resume(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        throw new NotSupportedException("resume(token)", t.mode(),
                "a " + t.mode() + " invocation lives only in the JVM that sent it, so it cannot be resumed; send the"
                        + " request again (inference id " + t.id() + ")");
    }

    @Override
    public ScoringJob resumeScoring(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        throw new NotSupportedException("resumeScoring(token)", t.mode(),
                "dataset scoring is not yet available in this version, so there is nothing to resume");
    }

    @Override
    public InvocationMode mode() {
        return settings.mode();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("the client is closed; build a new one");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pipeline.close();
        closeQuietly(transport);
        for (AutoCloseable c : owned) {
            closeQuietly(c);
        }
        resources.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "InferenceClient[" + settings.mode() + " " + settings.endpointName() + "]";
    }
}
