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
import io.github.sminference.internal.fanout.FanOut;
import io.github.sminference.internal.fanout.FanOutSpec;
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
    private final java.util.function.Function<Dataset, List<io.github.sminference.spi.RecordSource>> sources;
    private final Listeners listeners;

    /**
     * Creates the client.
     *
     * @param settings the settings; the mode must be synchronous
     * @param transport makes single attempts; closed with the client
     * @param owned further resources the client closes, in order, after the transport
     */
    public EndpointClient(ClientSettings settings, EndpointTransport transport, List<AutoCloseable> owned) {
        this(settings, transport, owned, d -> FanOut.localSources(d, settings.mode()));
    }

    /**
     * Creates the client with a way to list datasets the core cannot read itself (S3).
     *
     * @param settings the settings; the mode must be synchronous
     * @param transport makes single attempts; closed with the client
     * @param owned further resources the client closes, in order, after the transport
     * @param sources turns a dataset into its sources in input order
     */
    public EndpointClient(ClientSettings settings, EndpointTransport transport, List<AutoCloseable> owned,
            java.util.function.Function<Dataset, List<io.github.sminference.spi.RecordSource>> sources) {
        if (!settings.mode().isSynchronous()) {
            throw new IllegalArgumentException("EndpointClient serves REAL_TIME and SERVERLESS, not " + settings.mode());
        }
        this.settings = settings;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resources = ClientResources.create(settings);
        this.pipeline = new InvocationPipeline(settings, transport, resources);
        this.owned = List.copyOf(owned);
        this.sources = sources;
        this.listeners = new Listeners(settings.listeners());
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
                : request.toBuilder().inferenceId(InferenceIds.next()).build();
        CompletableFuture<InferenceResult> f = pipeline.submit(withId, "submit");
        return new FutureInferenceJob(withId.inferenceId().orElse("(none)"), settings.mode(),
                settings.endpointName(), f, settings.timeSource().now(), settings.timeSource()::now);
    }

    @Override
    public ScoringJob score(Dataset dataset, ScoringOptions options) {
        checkOpen();
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        return FanOut.start(new FanOutSpec(FanOut.newId(settings.timeSource()), settings.mode(),
                settings.endpointName(), sources.apply(dataset), dataset.splitType(),
                dataset.contentType().orElse(null), dataset.accept().orElse(null), options,
                settings.limits().maxRequestBytes(),
                options.maxConcurrentTransforms().orElse(settings.maxConcurrency()), pipeline::invokeAsyncForReader,
                resources, listeners, settings.timeSource()));
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
        throw FanOut.cannotResume(t.mode());
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
