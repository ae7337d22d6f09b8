package io.github.sminference.reliability.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.sminference.testsupport.SageMakerError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * A WireMock server on loopback speaking InvokeEndpoint, whose every answer is chosen by a plan from the request's
 * body (which names the request) and the attempt number the server counts for it. It keeps, per request, the
 * attempts it saw and the faults it injected, so a test can compare them with what the client reported. Bodies
 * starting with {@code warm-up} are always answered at once, and not counted.
 */
final class FaultServer implements AutoCloseable {
    /** What the server does with one attempt. */
    enum Kind {
        /** Answers {@code 200} with {@code ok:<body>}. */
        OK,
        /** 400 ThrottlingException. */
        THROTTLE,
        /** 500 InternalFailure. */
        INTERNAL_500,
        /** 503 ServiceUnavailable. */
        UNAVAILABLE_503,
        /** 530 InternalDependencyException. */
        DEPENDENCY_530,
        /** Resets the connection (TCP RST) without answering. */
        RESET,
        /** Answers {@code 200}, but only after the slow delay (longer than the client's attempt timeout). */
        SLOW,
        /** 424 ModelError, the container's status 500. */
        MODEL_ERROR_500,
        /** 424 ModelError, the container's status 400. */
        MODEL_ERROR_400
    }

    private final WireMockServer server;
    private final AtomicReference<BiFunction<String, Integer, Kind>> plan;
    private final ConcurrentHashMap<String, List<Kind>> served = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicLong> injected = new EnumMap<>(Kind.class);
    private final AtomicLong requests = new AtomicLong();

    /**
     * Starts the server.
     *
     * @param plan the answer to attempt {@code n} (from 1) of the request with the given body
     * @param slowMillis how long a {@link Kind#SLOW} answer takes
     */
    FaultServer(BiFunction<String, Integer, Kind> plan, int slowMillis) {
        this.plan = new AtomicReference<>(plan);
        for (Kind k : Kind.values()) {
            injected.put(k, new AtomicLong());
        }
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal()
                .containerThreads(200)
                .extensions(new Transformer(slowMillis)));
        server.start();
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations")).willReturn(aResponse().withStatus(200)));
    }

    /**
     * Replaces the plan (for example to make a failing endpoint healthy again).
     *
     * @param next the new plan
     */
    void plan(BiFunction<String, Integer, Kind> next) {
        plan.set(next);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** What the server answered to each attempt of a request body, in order. */
    List<Kind> served(String body) {
        List<Kind> s = served.get(body);
        return s == null ? List.of() : List.copyOf(s);
    }

    long requests() {
        return requests.get();
    }

    long injected(Kind k) {
        return injected.get(k).get();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        private final int slowMillis;

        Transformer(int slowMillis) {
            this.slowMillis = slowMillis;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String body = new String(event.getRequest().getBody(), StandardCharsets.UTF_8);
            if (body.startsWith("warm-up")) {
                return ok(body).build();
            }
            requests.incrementAndGet();
            List<Kind> log = served.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>());
            Kind k;
            synchronized (log) {
                k = plan.get().apply(body, log.size() + 1);
                log.add(k);
            }
            injected.get(k).incrementAndGet();
            switch (k) {
                case OK:
                    return ok(body).build();
                case SLOW:
                    return ok(body).withFixedDelay(slowMillis).build();
                case THROTTLE:
                    return SageMakerError.throttling().toResponse().build();
                case INTERNAL_500:
                    return SageMakerError.internalFailure().toResponse().build();
                case UNAVAILABLE_503:
                    return SageMakerError.serviceUnavailable().toResponse().build();
                case DEPENDENCY_530:
                    return SageMakerError.internalDependency().toResponse().build();
                case RESET:
                    return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                case MODEL_ERROR_500:
                    return SageMakerError.modelError("fault-endpoint", 500, "model failed").toResponse().build();
                case MODEL_ERROR_400:
                    return SageMakerError.modelError("fault-endpoint", 400, "bad features").toResponse().build();
                default:
                    throw new IllegalStateException(k.toString());
            }
        }

        private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
            return aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                    .withHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic").withBody("ok:" + body);
        }

        @Override
        public String getName() {
            return "fault-plan";
        }
    }
}
