package io.github.sminference.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server speaking the SageMaker runtime's InvokeEndpoint protocol as fast as it can: it answers each body
 * upper-cased (so a test can check every output belongs to its input), and throttles every {@code n}-th request with
 * the service's 400 ThrottlingException, to inject faults on the real AWS SDK client's path.
 */
final class RuntimeStub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "runtime-stub");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final int throttleEvery;

    RuntimeStub(int throttleEvery) throws IOException {
        this.throttleEvery = throttleEvery;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(pool);
        server.createContext("/endpoints/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    long requests() {
        return requests.get();
    }

    long throttled() {
        return throttled.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            long n = requests.incrementAndGet();
            if (throttleEvery > 0 && n % throttleEvery == 0) {
                throttled.incrementAndGet();
                byte[] err = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException");
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(400, err.length);
                ex.getResponseBody().write(err);
                return;
            }
            byte[] out = new String(body, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/csv");
            ex.getResponseHeaders().add("x-Amzn-Invoked-Production-Variant", "AllTraffic");
            ex.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
