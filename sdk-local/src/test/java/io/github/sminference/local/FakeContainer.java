package io.github.sminference.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.sminference.exception.InferenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A model container on loopback speaking the SageMaker contract ({@code /ping}, {@code /invocations},
 * optionally {@code /execution-parameters}), driven by a {@link ModelHandler}: for testing the container path.
 */
final class FakeContainer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-container");
        t.setDaemon(true);
        return t;
    });
    private volatile String executionParameters;
    private volatile boolean ready = true;

    FakeContainer(ModelHandler model) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/ping", ex -> {
            ex.sendResponseHeaders(ready ? 200 : 503, -1);
            ex.close();
        });
        server.createContext("/execution-parameters", ex -> {
            String p = executionParameters;
            if (p == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.createContext("/invocations", ex -> invocations(ex, model));
        server.start();
    }

    void executionParameters(String json) {
        this.executionParameters = json;
    }

    void ready(boolean ready) {
        this.ready = ready;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void invocations(HttpExchange ex, ModelHandler model) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> {
                if (k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("Accept")
                        || k.toLowerCase(java.util.Locale.ROOT).startsWith("x-amzn-sagemaker-")) {
                    headers.put(k, v.get(0));
                }
            });
            ModelOutput out;
            try {
                out = model.handle(ModelInput.of(body, headers));
            } catch (InferenceException e) {
                out = ModelOutput.error(429, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                out = ModelOutput.error(500, e.toString());
            }
            out.contentType().ifPresent(ct -> ex.getResponseHeaders().add("Content-Type", ct));
            out.customAttributes().ifPresent(a -> ex.getResponseHeaders().add(ModelInput.CUSTOM_ATTRIBUTES, a));
            List<byte[]> parts = out.parts();
            if (parts.size() > 1) {
                ex.sendResponseHeaders(out.status(), 0); // chunked: one flush per part
                OutputStream os = ex.getResponseBody();
                for (byte[] p : parts) {
                    os.write(p);
                    os.flush();
                }
            } else {
                byte[] b = out.body();
                ex.sendResponseHeaders(out.status(), b.length == 0 ? -1 : b.length);
                if (b.length > 0) {
                    ex.getResponseBody().write(b);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
