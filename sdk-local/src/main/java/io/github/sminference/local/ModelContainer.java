package io.github.sminference.local;

import io.github.sminference.exception.InferenceTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * A client for a model container that speaks the SageMaker inference contract, at a URL such as
 * {@code http://localhost:8080}: {@code GET /ping}, {@code POST /invocations} and {@code GET /execution-parameters}.
 * Useful on its own to test a container; {@link LocalInferenceClient} uses it to run every mode against one.
 *
 * <p>Thread-safe.
 */
public final class ModelContainer {
    private final ContainerClient client;

    private ModelContainer(ContainerClient client) {
        this.client = client;
    }

    /**
     * A client for the container at a base URL.
     *
     * @param baseUrl e.g. {@code http://localhost:8080}
     * @return the client
     */
    public static ModelContainer at(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        return new ModelContainer(new ContainerClient(baseUrl, ContainerClient.defaultHttpClient(
                Executors.newCachedThreadPool(io.github.sminference.internal.ClientResources.daemon(
                        "sminference-container")))));
    }

    ContainerClient client() {
        return client;
    }

    /**
     * The container's base URL.
     *
     * @return the URL
     */
    public URI url() {
        return client.base();
    }

    /**
     * One {@code GET /ping}.
     *
     * @param timeout how long to wait for the answer
     * @return {@code true} if the container answered 200
     */
    public boolean ping(Duration timeout) {
        return client.ping(timeout);
    }

    /**
     * Waits until {@code GET /ping} answers 200, polling every 200 ms, at most {@code timeout} (SageMaker gives a
     * container a few minutes to become healthy; local tools usually want seconds).
     *
     * @param timeout the longest wait
     * @throws InferenceTimeoutException if the container is not ready in time
     * @throws io.github.sminference.exception.InferenceCancelledException if the thread is interrupted
     */
    public void awaitReady(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (client.ping(Duration.ofNanos(Math.max(Math.min(left, Duration.ofSeconds(2).toNanos()), 1_000_000)))) {
                return;
            }
            if (end - System.nanoTime() <= 0) {
                throw new InferenceTimeoutException(InferenceTimeoutException.Budget.DEADLINE, timeout,
                        "the model container at " + client.base() + " did not answer GET /ping with 200 within "
                                + timeout + "; is it running and listening on that port?", null);
            }
            try {
                Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.github.sminference.exception.InferenceCancelledException(
                        "interrupted while waiting for the model container", e);
            }
        }
    }

    /**
     * One {@code POST /invocations} with the given body and headers.
     *
     * @param body the body
     * @param headers the headers (e.g. {@code Content-Type}, {@code Accept},
     *     {@code X-Amzn-SageMaker-Custom-Attributes})
     * @param timeout how long to wait for the answer
     * @return the answer; a 4xx/5xx answer is returned as an error output, not thrown
     * @throws io.github.sminference.exception.InferenceTimeoutException if the container does not answer in time
     * @throws io.github.sminference.exception.TransportException if the connection fails
     */
    public ModelOutput invoke(byte[] body, Map<String, String> headers, Duration timeout) {
        return client.invoke(ModelInput.of(body, headers), timeout);
    }

    /**
     * The container's batch defaults from {@code GET /execution-parameters}.
     *
     * @return the parameters, or empty if the container has no such route
     */
    public Optional<ExecutionParameters> executionParameters() {
        return client.executionParameters(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "ModelContainer[" + client.base() + "]";
    }
}
