package io.github.sminference.examples.model;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves a {@link CreditModel} on loopback over the SageMaker model-container contract, so the SDK's local mode and
 * examples work with no AWS account and no Docker.
 *
 * <ul>
 *   <li>{@code GET /ping}: 200 with an empty body (the model is trained before the server starts).</li>
 *   <li>{@code POST /invocations}: scores the rows of the body, one probability of default per row, in order, with six
 *       decimals. The request's {@code Content-Type} is {@code text/csv} (one applicant per line, no header), {@code
 *       application/json} ({@code {"instances": [[f1, ...], ...]}}, answered by {@code {"predictions":[p1, ...]}}) or
 *       {@code application/jsonlines} (one array per line, answered by one number per line). The answer takes the
 *       type {@code Accept} prefers if it is one of these, else the request's. A row that cannot be scored gets 400
 *       with a text body naming the row and the problem; another content type gets 415.
 *       {@code X-Amzn-SageMaker-Custom-Attributes} is echoed in the response; the inference id, target model and
 *       target variant headers are accepted and ignored.</li>
 *   <li>{@code GET /execution-parameters}: what batch transform asks a container for: {@value #EXECUTION_PARAMETERS}.
 *   </li>
 * </ul>
 *
 * <p>The request body is parsed as it arrives and each row is scored at once, so only the scores (8 bytes a row) are
 * held until the answer is written; the whole body is checked before the status is sent, so a bad last row still
 * gets a 400. Answers up to 64 KiB go out with a {@code Content-Length}, larger ones stream in chunks.
 *
 * <p>Start one with {@link #start(CreditModel)} or {@link #builder(CreditModel)}, and {@link #close()} it. Or run
 * {@link #main(String[])} to serve the default model like a container. Thread-safe.
 */
public final class ModelServer implements AutoCloseable {
    static {
        // The JDK's HTTP server writes headers and body separately; without TCP_NODELAY every small answer waits for
        // the client's delayed ACK (about 40 ms). Read once, when the first server of the JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The default size of the thread pool that handles requests. */
    public static final int DEFAULT_THREADS = 8;
    /** The port {@link #main(String[])} listens on by default, as a SageMaker model container does. */
    public static final int CONTAINER_PORT = 8080;
    /** The header carrying the caller's custom attributes, which the server echoes. */
    public static final String CUSTOM_ATTRIBUTES_HEADER = "X-Amzn-SageMaker-Custom-Attributes";
    /** The body of {@code GET /execution-parameters}. */
    public static final String EXECUTION_PARAMETERS =
            "{\"MaxConcurrentTransforms\": 4, \"BatchStrategy\": \"MULTI_RECORD\", \"MaxPayloadInMB\": 6}";

    private static final int BACKLOG = 128;
    /** Answers up to this size are sent with a Content-Length; beyond it the answer streams in chunks this size. */
    private static final int FLUSH_BYTES = 64 * 1024;
    /** The most of an unusable request body that is read (and dropped) so the error answer reaches the caller. */
    private static final long MAX_DRAIN_BYTES = 1L << 30;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final CreditModel model;
    private final HttpServer server;
    private final ExecutorService executor;
    private final int threads;
    private final Duration delay;
    private final URI uri;
    private final LongAdder invocations = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModelServer(Builder b) {
        this.model = b.model;
        this.threads = b.threads;
        this.delay = b.delay;
        int id = SERVERS.incrementAndGet();
        AtomicInteger workers = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "model-server-" + id + "-" + workers.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(threads, factory);
        try {
            this.server = HttpServer.create(new InetSocketAddress(loopback(), b.port), BACKLOG);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + b.port + ": " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Starts serving {@code model} on a free loopback port with the defaults.
     *
     * @param model the model to serve
     * @return the running server
     * @throws NullPointerException if {@code model} is null
     * @throws UncheckedIOException if the server cannot listen
     */
    public static ModelServer start(CreditModel model) {
        return builder(model).start();
    }

    /**
     * A builder for a server of {@code model}: port, threads, delay.
     *
     * @param model the model to serve
     * @return a new builder
     * @throws NullPointerException if {@code model} is null
     */
    public static Builder builder(CreditModel model) {
        return new Builder(model);
    }

    /**
     * The server's base address, {@code http://127.0.0.1:<port>} (no trailing slash): the paths are {@code /ping},
     * {@code /invocations} and {@code /execution-parameters}.
     *
     * @return the base URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * The port the server listens on (the one chosen when 0 was asked for).
     *
     * @return the port
     */
    public int port() {
        return uri.getPort();
    }

    /**
     * The model the server scores with.
     *
     * @return the model
     */
    public CreditModel model() {
        return model;
    }

    /**
     * How many {@code POST /invocations} requests the server has received, answered or not.
     *
     * @return the count since the start
     */
    public long invocations() {
        return invocations.sum();
    }

    /**
     * Stops at once: closes the port and every connection, interrupts requests in progress (including a
     * {@linkplain Builder#delay(Duration) delay}) and waits up to a second for their threads to end. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns the address and settings, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ModelServer[uri=" + uri + ", threads=" + threads + ", delay=" + delay + ", closed=" + closed.get()
                + "]";
    }

    /**
     * Trains the default model and serves it on loopback until the process is stopped, like a SageMaker model
     * container.
     *
     * @param args optionally {@code serve} (the argument SageMaker starts a container with), then optionally the
     *     port (default {@value #CONTAINER_PORT}; 0 picks a free one)
     */
    public static void main(String[] args) {
        try {
            ModelServer server = serve(Arrays.asList(args), System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "model-server-shutdown"));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("ModelServer: " + e.getMessage());
            System.err.println("usage: ModelServer [serve] [port]");
            System.exit(2);
        }
    }

    /**
     * What {@link #main(String[])} does, minus the shutdown hook: trains the default model, starts serving it and
     * prints where.
     *
     * @param args optionally {@code serve}, then optionally the port
     * @return the running server
     * @throws IllegalArgumentException if the arguments are not understood
     * @throws UncheckedIOException if the server cannot listen
     */
    static ModelServer serve(List<String> args, PrintStream out) {
        List<String> rest = !args.isEmpty() && args.get(0).equals("serve") ? args.subList(1, args.size()) : args;
        if (rest.size() > 1) {
            throw new IllegalArgumentException("unexpected arguments " + rest);
        }
        int port = CONTAINER_PORT;
        if (!rest.isEmpty()) {
            try {
                port = Integer.parseInt(rest.get(0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port must be a number but was \"" + rest.get(0) + "\"", e);
            }
        }
        ModelServer server = builder(CreditModel.trainDefault()).port(port).start();
        out.println("Credit model serving on " + server.uri() + " (Ctrl-C to stop)");
        out.println("  features: " + String.join(",", server.model().featureNames()));
        out.println("  try: curl -s -H 'Content-Type: text/csv' --data-binary $'52.0,0.31,7,4,1,38\\n' "
                + server.uri() + "/invocations");
        return server;
    }

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            switch (exchange.getRequestURI().getPath()) {
                case "/ping" -> {
                    if (method.equals("GET") || method.equals("HEAD")) {
                        exchange.sendResponseHeaders(200, -1);
                    } else {
                        methodNotAllowed(exchange, "GET, HEAD");
                    }
                }
                case "/invocations" -> {
                    if (method.equals("POST")) {
                        invoke(exchange);
                    } else {
                        methodNotAllowed(exchange, "POST");
                    }
                }
                case "/execution-parameters" -> {
                    if (method.equals("GET")) {
                        byte[] body = EXECUTION_PARAMETERS.getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    } else {
                        methodNotAllowed(exchange, "GET");
                    }
                }
                default -> sendText(exchange, 404, "no such path: the model serves GET /ping, POST /invocations and"
                        + " GET /execution-parameters");
            }
        } catch (IOException e) {
            // The caller went away, or the server is closing: there is no one left to answer.
        } catch (RuntimeException e) {
            try {
                sendText(exchange, 500, "the model failed: " + e);
            } catch (IOException | RuntimeException ignored) {
                // The answer had already begun; closing the exchange below cuts it short, which the caller sees.
            }
        } finally {
            exchange.close();
        }
    }

    private void invoke(HttpExchange exchange) throws IOException {
        invocations.increment();
        Headers request = exchange.getRequestHeaders();
        String attributes = request.getFirst(CUSTOM_ATTRIBUTES_HEADER);
        if (attributes != null) {
            exchange.getResponseHeaders().set(CUSTOM_ATTRIBUTES_HEADER, attributes);
        }
        InputStream body = exchange.getRequestBody();
        String contentType = request.getFirst("Content-Type");
        PayloadFormat in = PayloadFormat.forContentType(contentType);
        if (in == null) {
            drain(body);
            sendText(exchange, 415, (contentType == null ? "no Content-Type" : "unsupported Content-Type \""
                    + contentType + "\"") + ": send text/csv, application/json or application/jsonlines");
            return;
        }
        List<String> accept = request.get("Accept");
        PayloadFormat out = PayloadFormat.negotiate(accept == null ? null : String.join(",", accept), in);

        Scores scores = new Scores();
        try {
            in.read(body, model.featureNames(), new double[model.featureCount()], row -> scores.add(model.score(row)));
        } catch (MalformedRequestException e) {
            drain(body);
            sendText(exchange, e.status(), e.getMessage());
            return;
        }
        if (!pause()) {
            return;
        }
        writeScores(exchange, out, scores);
    }

    /** Sleeps for the configured delay; false if interrupted (the server is closing). */
    private boolean pause() {
        if (delay.isZero()) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void writeScores(HttpExchange exchange, PayloadFormat format, Scores scores) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", format.mediaType());
        ByteBuilder buffer = new ByteBuilder(FLUSH_BYTES + 64);
        OutputStream body = null;
        format.writeStart(buffer);
        for (int i = 0; i < scores.size; i++) {
            format.writeScore(buffer, i, scores.values[i]);
            if (buffer.length() >= FLUSH_BYTES) {
                if (body == null) {
                    exchange.sendResponseHeaders(200, 0);   // 0: chunked
                    body = exchange.getResponseBody();
                }
                buffer.writeTo(body);
                buffer.clear();
            }
        }
        format.writeEnd(buffer);
        if (body == null) {
            exchange.sendResponseHeaders(200, buffer.length() == 0 ? -1 : buffer.length());
            body = exchange.getResponseBody();
        }
        buffer.writeTo(body);
        body.close();
    }

    private static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        sendText(exchange, 405, exchange.getRequestMethod() + " is not allowed here; use " + allowed);
    }

    private static void sendText(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Reads the rest of a request body we will not use, so the caller's upload ends and it can read the answer. */
    private static void drain(InputStream body) throws IOException {
        byte[] scratch = new byte[16 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAIN_BYTES && (n = body.read(scratch)) >= 0) {
            total += n;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    /** The scores of one request, in row order: a growable array of doubles. */
    private static final class Scores {
        double[] values = new double[256];
        int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /**
     * Configures and starts a {@link ModelServer}. Each setter checks its argument at once. Not thread-safe.
     */
    public static final class Builder {
        private final CreditModel model;
        private int port;
        private int threads = DEFAULT_THREADS;
        private Duration delay = Duration.ZERO;

        private Builder(CreditModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * The loopback port to listen on.
         *
         * @param port 1 to 65535, or 0 (the default) for a free port
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The size of the thread pool that handles requests: at most this many are served at once, the rest wait.
         *
         * @param threads at least 1; default {@value ModelServer#DEFAULT_THREADS}
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} is below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * An artificial pause before each {@code /invocations} answer, after the body is read: a slow model, for
         * demonstrating and testing timeouts.
         *
         * @param delay zero (the default) or more
         * @return this builder
         * @throws NullPointerException if {@code delay} is null
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public Builder delay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative but was " + delay);
            }
            this.delay = delay;
            return this;
        }

        /**
         * Starts the server; it answers {@code /ping} as soon as this returns.
         *
         * @return the running server, which the caller must close
         * @throws UncheckedIOException if the server cannot listen (for example, the port is taken)
         */
        public ModelServer start() {
            return new ModelServer(this);
        }
    }
}
