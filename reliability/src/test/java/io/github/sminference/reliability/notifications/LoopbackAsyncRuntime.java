package io.github.sminference.reliability.notifications;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SageMaker's asynchronous runtime played on loopback: it answers InvokeEndpointAsync (202, an output location with a
 * random name and a failure location, as the service does), reads the staged input from S3 (moto), and after the
 * request's model time writes the output, which is derived from that input alone ({@link #score(byte[])}), so a
 * result read from another request's location is detected. It sends no notification itself: {@link Hooks} tell the
 * test when a request was accepted and when its output exists, and the test decides what reaches the queue.
 */
public final class LoopbackAsyncRuntime implements AutoCloseable {

    /** What the test learns from the runtime; called on the runtime's threads. */
    public interface Hooks {
        /**
         * InvokeEndpointAsync accepted a request (called before the 202 is sent).
         *
         * @param inferenceId the inference id
         * @param output where the output will be written
         * @param failure where a failure would be written
         */
        void accepted(String inferenceId, String output, String failure);

        /**
         * The output object of a request now exists: SageMaker would publish its success notification now.
         *
         * @param inferenceId the inference id
         * @param output the output location
         * @param failure the failure location
         */
        void written(String inferenceId, String output, String failure);
    }

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService model;
    private final S3Client s3;
    private final String bucket;
    private final Function<String, Duration> modelTime;
    private final Hooks hooks;
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicInteger unreadableInputs = new AtomicInteger();

    /**
     * Starts the runtime on a free loopback port.
     *
     * @param s3 the S3 client it reads inputs and writes outputs with
     * @param bucket the bucket for outputs and failures (created here)
     * @param modelTime how long the model takes for an inference id
     * @param hooks what to tell the test
     * @throws IOException if the server cannot bind
     */
    public LoopbackAsyncRuntime(S3Client s3, String bucket, Function<String, Duration> modelTime, Hooks hooks)
            throws IOException {
        this.s3 = s3;
        this.bucket = bucket;
        this.modelTime = modelTime;
        this.hooks = hooks;
        s3.createBucket(b -> b.bucket(bucket));
        this.httpThreads = Executors.newFixedThreadPool(16, daemon("loopback-async-http"));
        this.model = Executors.newScheduledThreadPool(32, daemon("loopback-async-model"));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(httpThreads);
        server.createContext("/endpoints/", this::invoke);
        server.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The model: what the output of an input is. Depends on the input's bytes only.
     *
     * @param input the input
     * @return the output text
     */
    public static String score(byte[] input) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(input);
            return "scored:" + input.length + ":" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where the runtime listens.
     *
     * @return its loopback URI
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * InvokeEndpointAsync calls accepted so far.
     *
     * @return the count
     */
    public int invocations() {
        return invocations.get();
    }

    /**
     * Requests whose input could not be read (a failure object was written instead).
     *
     * @return the count
     */
    public int unreadableInputs() {
        return unreadableInputs.get();
    }

    private void invoke(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            if (!ex.getRequestURI().getPath().endsWith("/async-invocations")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            invocations.incrementAndGet();
            String input = ex.getRequestHeaders().getFirst("X-Amzn-SageMaker-InputLocation");
            String id = ex.getRequestHeaders().getFirst("X-Amzn-SageMaker-Inference-Id");
            if (id == null) {
                id = UUID.randomUUID().toString();
            }
            String inferenceId = id;
            String outKey = "out/" + UUID.randomUUID() + ".out";
            String failKey = "failures/" + id + "-error.out";
            String output = "s3://" + bucket + "/" + outKey;
            String failure = "s3://" + bucket + "/" + failKey;
            hooks.accepted(inferenceId, output, failure);
            model.schedule(() -> run(inferenceId, input, outKey, failKey, output, failure),
                    modelTime.apply(inferenceId).toMillis(), TimeUnit.MILLISECONDS);
            byte[] resp = ("{\"InferenceId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("X-Amzn-SageMaker-OutputLocation", output);
            ex.getResponseHeaders().add("X-Amzn-SageMaker-FailureLocation", failure);
            ex.sendResponseHeaders(202, resp.length);
            ex.getResponseBody().write(resp);
        }
    }

    private void run(String id, String input, String outKey, String failKey, String output, String failure) {
        try {
            byte[] in = read(input);
            s3.putObject(b -> b.bucket(bucket).key(outKey).contentType("text/plain"),
                    RequestBody.fromString(score(in)));
            hooks.written(id, output, failure);
        } catch (RuntimeException e) {
            unreadableInputs.incrementAndGet();
            s3.putObject(b -> b.bucket(bucket).key(failKey),
                    RequestBody.fromString("the loopback runtime could not run " + id + ": " + e));
        }
    }

    private byte[] read(String location) {
        if (location == null || !location.startsWith("s3://")) {
            throw new IllegalArgumentException("no S3 input location: " + location);
        }
        String rest = location.substring(5);
        int slash = rest.indexOf('/');
        String b = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        return s3.getObject(r -> r.bucket(b).key(key), ResponseTransformer.toBytes()).asByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        model.shutdownNow();
    }
}
