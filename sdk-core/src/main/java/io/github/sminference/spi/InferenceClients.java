package io.github.sminference.spi;

import io.github.sminference.InferenceClient;
import io.github.sminference.internal.EndpointClient;
import java.util.List;

/**
 * Factories that turn an adapter's transport into a full {@link InferenceClient}, with the shared pipeline
 * (validation, limits, retries, circuit breaking, concurrency, budgets, listeners). For adapter authors; users
 * build clients through an adapter's builder.
 */
public final class InferenceClients {
    private InferenceClients() {
    }

    /**
     * A client for a synchronous endpoint (real-time or serverless).
     *
     * @param settings the validated settings; the mode must be REAL_TIME or SERVERLESS
     * @param transport makes single attempts; closed when the client closes
     * @param owned further resources to close with the client, after the transport (e.g. AWS clients the adapter
     *     created); never pass resources the caller supplied
     * @return the client
     * @throws IllegalArgumentException if the mode is not synchronous
     */
    public static InferenceClient synchronousEndpoint(ClientSettings settings, EndpointTransport transport,
            List<AutoCloseable> owned) {
        return new EndpointClient(settings, transport, owned);
    }

    /**
     * A client for a synchronous endpoint that can also read datasets the core cannot (for example S3 prefixes and
     * manifests), for {@code score(Dataset)}.
     *
     * @param settings the validated settings; the mode must be REAL_TIME or SERVERLESS
     * @param transport makes single attempts; closed when the client closes
     * @param owned further resources to close with the client, after the transport
     * @param sources turns a dataset into its sources, in input order
     * @return the client
     * @throws IllegalArgumentException if the mode is not synchronous
     */
    public static InferenceClient synchronousEndpoint(ClientSettings settings, EndpointTransport transport,
            List<AutoCloseable> owned, java.util.function.Function<io.github.sminference.Dataset,
                    List<RecordSource>> sources) {
        return new EndpointClient(settings, transport, owned, sources);
    }
}
