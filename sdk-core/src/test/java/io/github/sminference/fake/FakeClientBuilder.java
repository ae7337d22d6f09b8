package io.github.sminference.fake;

import io.github.sminference.InferenceClient;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.spi.InferenceClients;
import java.util.List;

/** Builds a client over a {@link FakeEndpointTransport}. */
public final class FakeClientBuilder extends BaseClientBuilder<FakeClientBuilder> {
    private final FakeEndpointTransport transport;

    /**
     * Creates the builder.
     *
     * @param transport the fake
     */
    public FakeClientBuilder(FakeEndpointTransport transport) {
        this.transport = transport;
    }

    /**
     * The validated settings, for tests of internal pieces.
     *
     * @return the settings
     */
    public io.github.sminference.spi.ClientSettings settingsForTest() {
        return settings();
    }

    /**
     * Builds the client. Closing it leaves the fake open (the test owns it).
     *
     * @return the client
     */
    public InferenceClient build() {
        return InferenceClients.synchronousEndpoint(settings(), new NonClosing(transport), List.of());
    }

    /** Keeps the shared fake open when a client closes. */
    private static final class NonClosing implements io.github.sminference.spi.EndpointTransport {
        private final FakeEndpointTransport t;

        NonClosing(FakeEndpointTransport t) {
            this.t = t;
        }

        @Override
        public io.github.sminference.spi.EndpointResponse invoke(io.github.sminference.spi.Invocation i) {
            return t.invoke(i);
        }

        @Override
        public java.util.concurrent.CompletableFuture<io.github.sminference.spi.EndpointResponse> invokeAsync(
                io.github.sminference.spi.Invocation i) {
            return t.invokeAsync(i);
        }

        @Override
        public java.util.concurrent.CompletableFuture<io.github.sminference.spi.EndpointResponse> invokeStream(
                io.github.sminference.spi.Invocation i,
                java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer> parts) {
            return t.invokeStream(i, parts);
        }

        @Override
        public void close() {
        }
    }
}
