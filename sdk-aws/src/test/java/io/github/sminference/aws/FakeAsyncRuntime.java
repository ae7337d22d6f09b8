package io.github.sminference.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.sminference.testing.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A stand-in for SageMaker's asynchronous runtime on loopback, for the contract test: it answers
 * InvokeEndpointAsync (202, output and failure locations as headers), reads the staged input from S3 (moto), runs a
 * scripted model, and after the model's time writes the output or failure object to S3, as the service does. It can
 * also throttle InvokeEndpointAsync itself.
 */
final class FakeAsyncRuntime implements AutoCloseable {
    private final HttpServer server;
    private final S3Client s3;
    private final ScheduledExecutorService worker = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-async-runtime");
        t.setDaemon(true);
        return t;
    });
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttles = new AtomicInteger();
    private volatile byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    private volatile String contentType = "text/plain";
    private volatile int failStatus;
    private volatile String failMessage;
    private volatile Duration delay = Duration.ZERO;

    FakeAsyncRuntime(S3Client s3) throws IOException {
        this.s3 = s3;
        s3.createBucket(b -> b.bucket("async-results"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-async-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/endpoints/", this::invoke);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(byte[] body, String contentType) {
        this.body = body;
        this.contentType = contentType;
        this.failStatus = 0;
        this.delay = Duration.ZERO;
    }

    void fail(int status, String message) {
        this.failStatus = status;
        this.failMessage = message;
        this.delay = Duration.ZERO;
    }

    void stall(Duration delay, byte[] body) {
        this.body = body;
        this.contentType = "text/plain";
        this.failStatus = 0;
        this.delay = delay;
    }

    void throttleThenAnswer(int times, byte[] body) {
        answer(body, "text/plain");
        throttles.set(times);
    }

    int requests() {
        return received.size();
    }

    Optional<RecordedRequest> last() {
        List<RecordedRequest> r = received;
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
    }

    private void invoke(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String input = ex.getRequestHeaders().getFirst("X-Amzn-SageMaker-InputLocation");
            Map<String, String> headers = new LinkedHashMap<>();
            copy(ex, "X-Amzn-SageMaker-Content-Type", "Content-Type", headers);
            copy(ex, "X-Amzn-SageMaker-Accept", "Accept", headers);
            copy(ex, "X-Amzn-SageMaker-Custom-Attributes", "X-Amzn-SageMaker-Custom-Attributes", headers);
            copy(ex, "X-Amzn-SageMaker-Inference-Id", "X-Amzn-SageMaker-Inference-Id", headers);
            byte[] payload = readInput(input);
            received.add(new RecordedRequest("/invocations", headers, payload));
            if (throttles.getAndDecrement() > 0) {
                byte[] err = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException");
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(400, err.length);
                ex.getResponseBody().write(err);
                return;
            }
            String id = headers.getOrDefault("X-Amzn-SageMaker-Inference-Id", UUID.randomUUID().toString());
            String out = "out/" + UUID.randomUUID() + ".out";
            String fail = "failures/" + id + "-error.out";
            int status = failStatus;
            String message = failMessage;
            byte[] answer = body;
            String type = contentType;
            worker.schedule(() -> {
                if (status > 0) {
                    put(fail, "Received server error (" + status + ") from model with message \"" + message + "\"");
                } else {
                    s3.putObject(b -> b.bucket("async-results").key(out).contentType(type),
                            RequestBody.fromBytes(answer));
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
            byte[] resp = ("{\"InferenceId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("X-Amzn-SageMaker-OutputLocation", "s3://async-results/" + out);
            ex.getResponseHeaders().add("X-Amzn-SageMaker-FailureLocation", "s3://async-results/" + fail);
            ex.sendResponseHeaders(202, resp.length);
            ex.getResponseBody().write(resp);
        }
    }

    private void put(String key, String text) {
        s3.putObject(b -> b.bucket("async-results").key(key), RequestBody.fromString(text));
    }

    private byte[] readInput(String location) {
        if (location == null || !location.startsWith("s3://")) {
            return new byte[0];
        }
        String rest = location.substring(5);
        int slash = rest.indexOf('/');
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
        } catch (RuntimeException e) {
            return new byte[0];
        }
    }

    private static void copy(HttpExchange ex, String from, String to, Map<String, String> into) {
        String v = ex.getRequestHeaders().getFirst(from);
        if (v != null) {
            into.put(to, v);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }

    static InputStream unused() {
        return InputStream.nullInputStream();
    }
}
