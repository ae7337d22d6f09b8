package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.config.RetryPolicy;
import io.github.sminference.exception.CircuitOpenException;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.ServiceUnavailableException;
import io.github.sminference.fake.FakeClientBuilder;
import io.github.sminference.fake.FakeEndpointTransport;
import io.github.sminference.spi.EndpointResponse;
import io.github.sminference.testing.FakeTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** maxConcurrency and close() through a real client; the non-blocking path uses short real delays. */
@Timeout(20)
class PipelineConcurrencyTest {
    private final FakeTimeSource clock = new FakeTimeSource();
    private final FakeEndpointTransport fake = new FakeEndpointTransport();
    private InferenceClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        fake.close();
    }

    private InferenceClient client(int maxConcurrency) {
        client = new FakeClientBuilder(fake).endpointName("ep").mode(InvocationMode.REAL_TIME).timeSource(clock)
                .maxConcurrency(maxConcurrency).build();
        return client;
    }

    private static InferenceRequest request(int i) {
        return InferenceRequest.of("req-" + i, "text/plain");
    }

    @Test
    void predictAsync_maxConcurrencyOne_neverMoreThanOneInFlightAndAllComplete() throws Exception {
        fake.stall(Duration.ofMillis(15), "done".getBytes(StandardCharsets.UTF_8));
        InferenceClient c = client(1);
        List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(c.predictAsync(request(i)));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        for (CompletableFuture<InferenceResult> f : futures) {
            assertThat(f.get().text()).isEqualTo("done");
        }
        assertThat(fake.received()).hasSize(6);
        assertThat(fake.maxInFlight()).isEqualTo(1);
        assertThat(((EndpointClient) c).pipeline().limiter().inUse()).isZero();
    }

    @Test
    void predictAsync_completesOnTheCompletionExecutor_theFanOutsReaderCallOnTheThreadThatFinishedIt()
            throws Exception {
        fake.stall(Duration.ofMillis(300), "done".getBytes(StandardCharsets.UTF_8));
        InferenceClient c = client(4);
        CompletableFuture<String> forCaller = c.predictAsync(request(1))
                .thenApply(r -> Thread.currentThread().getName());
        CompletableFuture<InferenceResult> answer = ((EndpointClient) c).pipeline()
                .invokeAsyncForReader(request(2));
        CompletableFuture<String> forReader = answer.thenApply(r -> Thread.currentThread().getName());
        assertThat(forCaller.get(10, TimeUnit.SECONDS)).startsWith("sminference-completion-");
        assertThat(forReader.get(10, TimeUnit.SECONDS)).isEqualTo("fake-io");
        assertThat(answer.get().text()).isEqualTo("done");
        assertThat(((EndpointClient) c).pipeline().limiter().inUse()).isZero();
    }

    @Test
    void predictAsync_maxConcurrencyTwo_boundedAtTwo() throws Exception {
        fake.stall(Duration.ofMillis(15), "done".getBytes(StandardCharsets.UTF_8));
        InferenceClient c = client(2);
        List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(c.predictAsync(request(i)));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(fake.maxInFlight()).isBetween(1, 2);
        assertThat(fake.received()).hasSize(8);
    }

    @Test
    void predictAsync_manyQueuedCallsFailingFastWhenBreakerOpens_allCompleteAndPermitReturned() throws Exception {
        ScriptedTransport scripted = new ScriptedTransport();
        CompletableFuture<EndpointResponse> first = new CompletableFuture<>();
        scripted.then(first);
        client = new ScriptedTransport.Builder(scripted).endpointName("ep").mode(InvocationMode.REAL_TIME)
                .timeSource(clock).maxConcurrency(1).retry(RetryPolicy.none())
                .circuitBreaker(CircuitBreakerPolicy.builder().slidingWindowSize(1)
                        .minimumCalls(1).build())
                .build();
        List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            futures.add(client.predictAsync(request(i)));
        }
        first.completeExceptionally(new ServiceUnavailableException("503", 503,
                "ServiceUnavailable", "r", null));
        assertThatThrownBy(() -> futures.get(0).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ServiceUnavailableException.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (int i = 1; i < futures.size(); i++) {
            CompletableFuture<InferenceResult> f = futures.get(i);
            long wait = Math.max(1, deadline - System.nanoTime());
            assertThatThrownBy(() -> f.get(wait, TimeUnit.NANOSECONDS)).as("queued call %d", i)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(CircuitOpenException.class);
        }
        assertThat(((EndpointClient) client).pipeline().limiter().inUse()).isZero();
        assertThat(scripted.invocations).hasSize(1);
    }

    @Test
    void close_callsWaitingForPermit_failWithClientClosed() throws Exception {
        fake.stall(Duration.ofSeconds(30), "late".getBytes(StandardCharsets.UTF_8));
        InferenceClient c = client(1);
        CompletableFuture<InferenceResult> inFlight = c.predictAsync(request(0));
        CompletableFuture<InferenceResult> waiting1 = c.predictAsync(request(1));
        CompletableFuture<InferenceResult> waiting2 = c.predictAsync(request(2));
        assertThat(waiting1).isNotDone();

        CompletableFuture<Throwable> blockingOutcome = new CompletableFuture<>();
        Thread blocking = new Thread(() -> {
            try {
                c.predict(request(3));
                blockingOutcome.complete(null);
            } catch (Throwable e) {
                blockingOutcome.complete(e);
            }
        }, "blocking-caller");
        blocking.start();
        ConcurrencyLimiterTest.awaitParked(blocking);

        c.close();

        for (CompletableFuture<InferenceResult> f : List.of(waiting1, waiting2)) {
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClientClosedException.class);
        }
        assertThat(blockingOutcome.get(5, TimeUnit.SECONDS)).isInstanceOf(ClientClosedException.class);
        assertThat(fake.received()).as("only the first call reached the endpoint").hasSize(1);
        assertThat(inFlight).isNotDone();
    }

    @Test
    void close_thenNewCalls_failWithClientClosed() {
        InferenceClient c = client(4);
        c.close();
        assertThatThrownBy(() -> c.predict(request(0))).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> c.predictAsync(request(1)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> c.predictStream(request(2))).isInstanceOf(ClientClosedException.class);
        assertThat(fake.received()).isEmpty();
        c.close();
    }

    @Test
    void predictAsync_cancelledWhileWaitingForPermit_permitNotLeaked() throws Exception {
        fake.stall(Duration.ofMillis(30), "done".getBytes(StandardCharsets.UTF_8));
        InferenceClient c = client(1);
        CompletableFuture<InferenceResult> first = c.predictAsync(request(0));
        CompletableFuture<InferenceResult> cancelled = c.predictAsync(request(1));
        assertThat(cancelled.cancel(true)).isTrue();
        assertThat(first.get(5, TimeUnit.SECONDS).text()).isEqualTo("done");
        assertThat(c.predictAsync(request(2)).get(5, TimeUnit.SECONDS).text()).isEqualTo("done");
        assertThat(fake.received()).hasSize(2);
        assertThat(((EndpointClient) c).pipeline().limiter().inUse()).isZero();
    }
}
