package io.github.sminference.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real model container on loopback, speaking the SageMaker contract over HTTP: {@code GET /ping},
 * {@code POST /invocations}. The model scores each line of the body as {@code len=<characters>}, one output line
 * per input line. A body with a line {@code FAIL} gets a 400 ({@code "cannot score row FAIL"}); a line
 * {@code SLOW} makes the answer take 1.2 s. It counts invocations and keeps the last request's SageMaker headers.
 */
final class TestContainer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    final AtomicInteger invocations = new AtomicInteger();
    final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    final List<Integer> bodySizes = new CopyOnWriteArrayList<>();

    private TestContainer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/ping", ex -> answer(ex, 200, "", "text/plain"));
        server.createContext("/invocations", this::invoke);
        server.setExecutor(pool);
        server.start();
    }

    static TestContainer start() {
        return new TestContainer();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void invoke(HttpExchange ex) throws IOException {
        invocations.incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        bodySizes.add(body.length);
        lastHeaders.clear();
        ex.getRequestHeaders().forEach((k, v) -> {
            if (k.toLowerCase().startsWith("x-amzn-sagemaker") || k.equalsIgnoreCase("content-type")
                    || k.equalsIgnoreCase("accept")) {
                lastHeaders.put(k.toLowerCase(), v.get(0));
            }
        });
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("FAIL")) {
                answer(ex, 400, "cannot score row FAIL", "text/plain");
                return;
            }
            if (line.equals("SLOW")) {
                try {
                    Thread.sleep(1200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.append("len=").append(line.length()).append('\n');
        }
        answer(ex, 200, out.toString(), "text/plain");
    }

    private static void answer(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
