package io.github.sminference.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real moto server (the third-party AWS emulator, {@code python3 -m moto.server}) running as a child process on
 * loopback with a dynamic port.
 *
 * <p>One {@link #endpoint()} serves every AWS service moto emulates (moto routes on the SigV4 signing scope), so use
 * it as the {@code endpointOverride} of both the SageMaker runtime and the S3 client, with {@link #region()}, static
 * credentials ({@link #accessKeyId()}, {@link #secretAccessKey()}) and, for S3, path-style access.
 *
 * <p>Most test classes should use {@link #shared()} (through {@link MotoExtension}): the JVM starts moto once and a
 * shutdown hook stops it. {@link #start()} gives a dedicated server that the caller must {@link #close()}.
 *
 * <p>What moto 5.2.1 does for the SageMaker runtime: {@code InvokeEndpoint} answers static data unless results were
 * queued with {@link #queueRealTimeResults(List)}; endpoint names are not validated; there is no error injection.
 * {@code InvokeEndpointAsync} writes its output (or failure) object to S3 before it answers, in a bucket named
 * {@code sagemaker-output-<uuid>}. {@code InvokeEndpointWithResponseStream} is not emulated (404): use
 * {@link SageMakerWireMock} for it.
 */
public final class MotoServer implements AutoCloseable {

    /** The region the server's resources live in by default and the tests' clients should use. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** The account moto puts every resource in unless told otherwise. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    /** Static access key id; moto accepts any credentials. */
    public static final String ACCESS_KEY_ID = "testing";

    /** Static secret access key; moto accepts any credentials. */
    public static final String SECRET_ACCESS_KEY = "testing";

    /** System property naming the Python 3 executable to run moto with (default {@code python3} on the PATH). */
    public static final String PYTHON_PROPERTY = "sminference.test.python";

    /** System property overriding the start-up timeout, in seconds (default 20). */
    public static final String START_TIMEOUT_PROPERTY = "sminference.test.moto.startTimeoutSeconds";

    /** The message that tells a developer how to get moto. */
    static final String INSTALL_HINT = "moto server is required for these tests: install Python 3 and "
            + "`pip install 'moto[server]'` (or point -D" + PYTHON_PROPERTY + "=... at a Python that has it)";

    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private static final Pattern RUNNING_ON = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final int KEPT_OUTPUT_LINES = 200;
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(15);

    private static MotoServer sharedInstance;

    private final Process process;
    private final URI endpoint;
    private final boolean shared;
    private final Deque<String> output;
    private final HttpClient http;

    private MotoServer(Process process, URI endpoint, boolean shared, Deque<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.shared = shared;
        this.output = output;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Returns the JVM-wide moto server, starting it on first use. A shutdown hook stops it when the JVM exits, and
     * {@link #close()} on it does nothing. If the process died, a new one is started.
     *
     * @return the shared, running server
     * @throws IllegalStateException if Python 3 or moto is missing, or the server did not start in time
     */
    public static synchronized MotoServer shared() {
        if (sharedInstance == null || !sharedInstance.isRunning()) {
            if (sharedInstance != null) {
                LOG.warn("shared moto server died; starting a new one. Last output:\n{}", sharedInstance.output());
            }
            MotoServer server = launch(pythonExecutable(), startTimeout(), true);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-shutdown"));
            sharedInstance = server;
        }
        return sharedInstance;
    }

    /**
     * Starts a dedicated moto server with the default Python executable and start-up timeout. The caller owns it
     * and must {@link #close()} it.
     *
     * @return the running server
     * @throws IllegalStateException if Python 3 or moto is missing, or the server did not start in time
     */
    public static MotoServer start() {
        return start(pythonExecutable(), startTimeout());
    }

    /**
     * Starts a dedicated moto server. The caller owns it and must {@link #close()} it.
     *
     * @param pythonExecutable the Python 3 executable (a name on the PATH or a path)
     * @param startTimeout how long to wait for the server to answer before giving up
     * @return the running server
     * @throws IllegalStateException if Python 3 or moto is missing (at once), or the server did not answer within
     *     {@code startTimeout} (with its captured output)
     */
    public static MotoServer start(String pythonExecutable, Duration startTimeout) {
        return launch(pythonExecutable, startTimeout, false);
    }

    /**
     * The base URI of the server, e.g. {@code http://127.0.0.1:45123}; use it as every client's endpoint override.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The region tests should configure their clients with.
     *
     * @return {@value #DEFAULT_REGION}
     */
    public String region() {
        return DEFAULT_REGION;
    }

    /**
     * The account moto uses for every resource.
     *
     * @return {@value #DEFAULT_ACCOUNT_ID}
     */
    public String accountId() {
        return DEFAULT_ACCOUNT_ID;
    }

    /**
     * A static access key id accepted by moto.
     *
     * @return {@value #ACCESS_KEY_ID}
     */
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    /**
     * A static secret access key accepted by moto.
     *
     * @return {@value #SECRET_ACCESS_KEY}
     */
    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    /**
     * Whether the child process is still alive.
     *
     * @return {@code true} while the server process runs
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * The last lines the server printed (stdout and stderr interleaved), for diagnostics.
     *
     * @return the captured output, one line per line
     */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /**
     * Resets every moto backend ({@code POST /moto-api/reset}): buckets, objects, queued SageMaker results and the
     * cache of answered SageMaker requests are all gone afterwards.
     */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /**
     * Queues results for {@code InvokeEndpoint} in region {@value #DEFAULT_REGION}; see
     * {@link #queueRealTimeResults(String, List)}.
     *
     * @param results the results, in the order they will be returned
     */
    public void queueRealTimeResults(RealTimeResult... results) {
        queueRealTimeResults(DEFAULT_REGION, Arrays.asList(results));
    }

    /**
     * Queues results for {@code InvokeEndpoint} in region {@value #DEFAULT_REGION}; see
     * {@link #queueRealTimeResults(String, List)}.
     *
     * @param results the results, in the order they will be returned
     */
    public void queueRealTimeResults(List<RealTimeResult> results) {
        queueRealTimeResults(DEFAULT_REGION, results);
    }

    /**
     * Queues results for {@code InvokeEndpoint} ({@code POST /moto-api/static/sagemaker/endpoint-results}).
     *
     * <p>moto hands the next queued result to each <em>distinct</em> request and caches it: a request with the same
     * endpoint name, body, {@code Accept} and {@code X-Amzn-SageMaker-*} headers as an earlier one gets the earlier
     * result again and does not consume the queue. With an empty queue moto answers body {@code body}, content type
     * {@code content_type}. The queue is shared by all endpoint names of the region, and
     * {@code InvokeEndpointAsync} also takes from it when its own queue is empty.
     *
     * @param region the region whose backend gets the results (the clients' signing region)
     * @param results the results, in the order they will be returned
     */
    public void queueRealTimeResults(String region, List<RealTimeResult> results) {
        StringBuilder json = new StringBuilder();
        json.append("{\"account_id\":").append(Json.quote(DEFAULT_ACCOUNT_ID))
                .append(",\"region\":").append(Json.quote(region))
                .append(",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            RealTimeResult r = results.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"Body\":").append(Json.quote(r.body()));
            appendOptional(json, "ContentType", r.contentType());
            appendOptional(json, "InvokedProductionVariant", r.invokedProductionVariant());
            appendOptional(json, "CustomAttributes", r.customAttributes());
            json.append('}');
        }
        json.append("]}");
        post("/moto-api/static/sagemaker/endpoint-results", json.toString());
    }

    /**
     * Queues results for {@code InvokeEndpointAsync} in region {@value #DEFAULT_REGION}; see
     * {@link #queueAsyncResults(String, List)}.
     *
     * @param results the results, in the order they will be used
     */
    public void queueAsyncResults(AsyncResult... results) {
        queueAsyncResults(DEFAULT_REGION, Arrays.asList(results));
    }

    /**
     * Queues results for {@code InvokeEndpointAsync} in region {@value #DEFAULT_REGION}; see
     * {@link #queueAsyncResults(String, List)}.
     *
     * @param results the results, in the order they will be used
     */
    public void queueAsyncResults(List<AsyncResult> results) {
        queueAsyncResults(DEFAULT_REGION, results);
    }

    /**
     * Queues results for {@code InvokeEndpointAsync}
     * ({@code POST /moto-api/static/sagemaker/async-endpoint-results}).
     *
     * <p>On each call with a new {@code InputLocation} moto takes the next result, creates a bucket
     * {@code sagemaker-output-<uuid>} and writes the data to {@code response.json} (success) or
     * {@code failure.json} (failure) in it <em>before</em> answering. The response always carries both
     * {@code X-Amzn-SageMaker-OutputLocation} ({@code s3://bucket/response.json}) and
     * {@code X-Amzn-SageMaker-FailureLocation} ({@code s3://bucket/failure.json}); only one of the two objects
     * exists. A repeated {@code InputLocation} for the same endpoint returns the earlier locations. With an empty
     * queue the data is {@code {"default": "response"}}.
     *
     * @param region the region whose backend gets the results (the clients' signing region)
     * @param results the results, in the order they will be used
     */
    public void queueAsyncResults(String region, List<AsyncResult> results) {
        StringBuilder json = new StringBuilder();
        json.append("{\"account_id\":").append(Json.quote(DEFAULT_ACCOUNT_ID))
                .append(",\"region\":").append(Json.quote(region))
                .append(",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            AsyncResult r = results.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"data\":").append(Json.quote(r.data()))
                    .append(",\"is_failure\":").append(r.failure())
                    .append('}');
        }
        json.append("]}");
        post("/moto-api/static/sagemaker/async-endpoint-results", json.toString());
    }

    /**
     * Stops a dedicated server: terminates the process and its children and waits for them. Does nothing on the
     * {@linkplain #shared() shared} server, which a shutdown hook stops.
     */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint + (shared ? ", shared" : "") + "]";
    }

    private void stop() {
        destroyTree(process);
    }

    private static void appendOptional(StringBuilder json, String name, String value) {
        if (value != null) {
            json.append(",\"").append(name).append("\":").append(Json.quote(value));
        }
    }

    private void post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("moto did not answer POST " + path + " (running: " + isRunning()
                    + "). Last output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("moto answered " + response.statusCode() + " to POST " + path + ": "
                    + response.body());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Start-up

    private static String pythonExecutable() {
        String configured = System.getProperty(PYTHON_PROPERTY);
        return configured == null || configured.isBlank() ? "python3" : configured.trim();
    }

    private static Duration startTimeout() {
        String configured = System.getProperty(START_TIMEOUT_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_START_TIMEOUT;
        }
        return Duration.ofSeconds(Long.parseLong(configured.trim()));
    }

    private static MotoServer launch(String python, Duration startTimeout, boolean shared) {
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(startTimeout, "startTimeout");
        preflight(python);

        Deque<String> output = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Process process;
        try {
            process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0").start();
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + ". Could not run " + python + ": " + e.getMessage(), e);
        }
        closeQuietly(process.getOutputStream());
        drain(process.getInputStream(), "moto-stdout", output, port);
        drain(process.getErrorStream(), "moto-stderr", output, port);
        process.onExit().thenRun(() -> port.completeExceptionally(
                new IllegalStateException("moto server exited with code " + process.exitValue())));

        long deadline = System.nanoTime() + startTimeout.toNanos();
        int boundPort;
        try {
            boundPort = port.get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            destroyTree(process);
            throw new IllegalStateException("moto server did not report its port within " + startTimeout
                    + ". Output:\n" + joined(output), e);
        } catch (ExecutionException e) {
            destroyTree(process);
            String out = joined(output);
            String hint = out.contains("No module named") ? INSTALL_HINT + ". " : "";
            throw new IllegalStateException(hint + "moto server failed to start: " + e.getCause().getMessage()
                    + ". Output:\n" + out, e.getCause());
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto", e);
        }

        URI endpoint = URI.create("http://127.0.0.1:" + boundPort);
        awaitAnswer(process, endpoint, deadline, startTimeout, output);
        LOG.debug("moto server running at {} (pid {})", endpoint, process.pid());
        return new MotoServer(process, endpoint, shared, output);
    }

    /** Fails at once, with the install hint, when Python or moto (with its server extras) is missing. */
    private static void preflight(String python) {
        String check = "import importlib.util as u, sys\n"
                + "missing = [m for m in ('moto', 'werkzeug', 'flask', 'flask_cors') if u.find_spec(m) is None]\n"
                + "print('missing: ' + ', '.join(missing) if missing else 'ok')\n"
                + "sys.exit(3 if missing else 0)\n";
        Process probe;
        try {
            probe = new ProcessBuilder(python, "-c", check).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + ". Could not run '" + python + "': " + e.getMessage(), e);
        }
        try {
            closeQuietly(probe.getOutputStream());
            byte[] out = probe.getInputStream().readAllBytes();
            if (!probe.waitFor(PREFLIGHT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(probe);
                throw new IllegalStateException("'" + python + "' did not answer within " + PREFLIGHT_TIMEOUT);
            }
            if (probe.exitValue() != 0) {
                throw new IllegalStateException(INSTALL_HINT + ". '" + python + "' reports: "
                        + new String(out, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + ". Could not check '" + python + "': " + e, e);
        } catch (InterruptedException e) {
            destroyTree(probe);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for moto", e);
        }
    }

    private static void awaitAnswer(Process process, URI endpoint, long deadline, Duration startTimeout,
            Deque<String> output) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            try {
                HttpResponse<Void> response = client.send(ping, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
                last = new IllegalStateException("status " + response.statusCode());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                destroyTree(process);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting moto", e);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                destroyTree(process);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting moto", e);
            }
        }
        destroyTree(process);
        throw new IllegalStateException("moto server at " + endpoint + " did not answer within " + startTimeout
                + " (last error: " + last + "). Output:\n" + joined(output), last);
    }

    private static void drain(InputStream stream, String name, Deque<String> output,
            CompletableFuture<Integer> port) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        output.addLast(line);
                        while (output.size() > KEPT_OUTPUT_LINES) {
                            output.removeFirst();
                        }
                    }
                    if (!port.isDone()) {
                        Matcher m = RUNNING_ON.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                // the process is gone; nothing more to read
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static String joined(Deque<String> output) {
        synchronized (output) {
            return String.join("\n", new ArrayList<>(output));
        }
    }

    private static void destroyTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // ignored
        }
    }

    /**
     * One queued {@code InvokeEndpoint} result, as moto's {@code endpoint-results} API takes it.
     *
     * @param body the response body (moto holds it as text)
     * @param contentType the {@code Content-Type} of the response, or {@code null}
     * @param invokedProductionVariant the {@code x-Amzn-Invoked-Production-Variant} header, or {@code null}
     * @param customAttributes the {@code X-Amzn-SageMaker-Custom-Attributes} header, or {@code null}
     */
    public record RealTimeResult(String body, String contentType, String invokedProductionVariant,
            String customAttributes) {

        /**
         * Checks the body is given.
         *
         * @param body the response body
         * @param contentType the content type, or {@code null}
         * @param invokedProductionVariant the invoked variant, or {@code null}
         * @param customAttributes the custom attributes, or {@code null}
         */
        public RealTimeResult {
            Objects.requireNonNull(body, "body");
        }

        /**
         * A result with only a body and a content type.
         *
         * @param body the response body
         * @param contentType the content type
         * @return the result
         */
        public static RealTimeResult of(String body, String contentType) {
            return new RealTimeResult(body, contentType, null, null);
        }
    }

    /**
     * One queued {@code InvokeEndpointAsync} result, as moto's {@code async-endpoint-results} API takes it.
     *
     * @param data the text moto writes to the output object ({@code response.json}) or, for a failure, to the
     *     failure object ({@code failure.json})
     * @param failure whether this invocation fails
     */
    public record AsyncResult(String data, boolean failure) {

        /**
         * Checks the data is given.
         *
         * @param data the object content
         * @param failure whether this invocation fails
         */
        public AsyncResult {
            Objects.requireNonNull(data, "data");
        }

        /**
         * A successful invocation whose output object holds {@code data}.
         *
         * @param data the output object's content
         * @return the result
         */
        public static AsyncResult success(String data) {
            return new AsyncResult(data, false);
        }

        /**
         * A failed invocation whose failure object holds {@code data}.
         *
         * @param data the failure object's content
         * @return the result
         */
        public static AsyncResult failure(String data) {
            return new AsyncResult(data, true);
        }
    }
}
