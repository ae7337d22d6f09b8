package io.github.sminference.local;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.InferenceIds;
import io.github.sminference.internal.Listeners;
import io.github.sminference.internal.RequestValidator;
import io.github.sminference.limits.ModeLimits;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.ResumeToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous endpoint on this machine: payloads are staged in a folder, a queue journaled on disk feeds a
 * bounded pool of workers, and results and failures are written as files, as the service writes them to S3. A new
 * JVM finishes what an earlier one left with {@code resume(token)}. Thread-safe.
 */
final class LocalAsyncClient implements InferenceClient {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAsyncClient.class);

    private final ClientSettings settings;
    private final LocalModel model;
    private final AsyncStore store;
    private final ClientResources resources;
    private final Listeners listeners;
    private final ExecutorService workers;
    private final boolean deleteInputs;
    private final List<AutoCloseable> owned;
    private final ModeLimits limits;
    private final Map<String, LocalAsyncJob> jobs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final io.github.sminference.internal.JobCalls calls;

    LocalAsyncClient(ClientSettings settings, LocalModel model, Path workDir, int concurrency, boolean deleteInputs,
            List<AutoCloseable> owned) {
        this.settings = settings;
        this.model = model;
        this.store = new AsyncStore(workDir.resolve("async").resolve(settings.endpointName()));
        this.resources = ClientResources.create(settings);
        this.calls = new io.github.sminference.internal.JobCalls(this::submit, settings.timeouts().totalTimeout(), resources.scheduler(),
                "asynchronous inference");
        this.listeners = new Listeners(settings.listeners());
        this.workers = Executors.newFixedThreadPool(concurrency,
                ClientResources.daemon("sminference-local-async-" + settings.endpointName()));
        this.deleteInputs = deleteInputs;
        this.owned = List.copyOf(owned);
        this.limits = settings.limits();
    }

    AsyncStore store() {
        return store;
    }

    ClientResources resources() {
        return resources;
    }

    String endpointName() {
        return settings.endpointName();
    }

    Instant now() {
        return settings.timeSource().now();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("the client is closed; build a new one");
        }
    }

    private InferenceEvent.Builder event(String op, String id) {
        return InferenceEvent.builder().operation(op).mode(InvocationMode.ASYNC_ENDPOINT)
                .endpointName(settings.endpointName()).inferenceId(id);
    }

    static String idFor(InferenceRequest r) {
        if (r.idempotencyKey().isPresent()) {
            String key = r.idempotencyKey().get();
            if (key.length() <= 64 && key.matches("[A-Za-z0-9._:-]+")) {
                return key;
            }
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
                return "idem-" + HexFormat.of().formatHex(d, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return r.inferenceId().orElseGet(InferenceIds::next);
    }

    @Override
    public InferenceJob submit(InferenceRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        String id = null;
        try {
            RequestValidator.checkFields(request, InvocationMode.ASYNC_ENDPOINT, RequestValidator.Operation.ASYNC);
            Duration modelTime = RequestValidator.modelTime(request, limits);
            Duration ttl = RequestValidator.queueTtl(request, limits);
            id = idFor(request);
            Instant submitted = now();
            Instant deadline = submitted.plus(ttl).plus(modelTime);
            long uploadStart = settings.timeSource().nanoTime();
            AsyncStore.Staged staged = store.stage(request.payload(), limits.maxRequestBytes());
            if (listeners.any()) {
                listeners.upload(event("upload", id).requestBytes(staged.size()).elapsed(Duration.ofNanos(
                        settings.timeSource().nanoTime() - uploadStart)).build());
            }
            Properties meta = new Properties();
            request.contentType().ifPresent(v -> meta.setProperty("contentType", v));
            request.accept().ifPresent(v -> meta.setProperty("accept", v));
            request.customAttributes().ifPresent(v -> meta.setProperty("customAttributes", v));
            request.idempotencyKey().ifPresent(v -> meta.setProperty("idempotencyKey", v));
            meta.setProperty("modelTimeSeconds", Long.toString(modelTime.getSeconds()));
            meta.setProperty("queueTtlSeconds", Long.toString(ttl.getSeconds()));
            meta.setProperty("submittedAt", submitted.toString());
            meta.setProperty("deadline", deadline.toString());
            meta.setProperty("sha256", staged.digest());
            meta.setProperty("size", Long.toString(staged.size()));
            if (!store.publish(staged, id, meta)) {
                return attachExisting(request, id, staged.digest());
            }
            LOG.debug("submit staged: endpoint={} mode=ASYNC_ENDPOINT inferenceId={} bytes={}",
                    settings.endpointName(), id, staged.size());
            if (listeners.any()) {
                listeners.start(event("submit", id).requestBytes(staged.size()).build());
            }
            LocalAsyncJob job = register(id, submitted, deadline);
            enqueue(id);
            return job;
        } catch (InferenceException e) {
            if (listeners.any()) {
                listeners.failure(event("submit", id).attempt(0).error(e).build());
            }
            throw e;
        }
    }

    private InferenceJob attachExisting(InferenceRequest request, String id, String digest) {
        Properties existing = store.meta(id).orElseThrow();
        if (request.idempotencyKey().isEmpty()) {
            throw new InvalidRequestException("inferenceId", id, "an asynchronous request with this inference id"
                    + " already exists; use a new inference id, or resume(token) to wait for the existing one");
        }
        if (!digest.equals(existing.getProperty("sha256"))) {
            throw new InvalidRequestException("idempotencyKey", request.idempotencyKey().get(),
                    "this key was already used for a different input; use a new key for new work");
        }
        LOG.debug("submit attached to existing request: endpoint={} inferenceId={}", settings.endpointName(), id);
        LocalAsyncJob job = register(id, Instant.parse(existing.getProperty("submittedAt")),
                Instant.parse(existing.getProperty("deadline")));
        if (store.isDone(id)) {
            job.settleFromFiles();
        } else {
            enqueue(id);
        }
        return job;
    }

    private LocalAsyncJob register(String id, Instant submitted, Instant deadline) {
        LocalAsyncJob[] created = new LocalAsyncJob[1];
        LocalAsyncJob job = jobs.computeIfAbsent(id, k -> {
            created[0] = new LocalAsyncJob(k, this, submitted, deadline);
            return created[0];
        });
        if (created[0] != null) {
            job.startDeadline();
            job.outcome().whenComplete((o, e) -> {
                if (!listeners.any()) {
                    return;
                }
                Duration took = Duration.between(submitted, now());
                if (e == null) {
                    long size;
                    try {
                        size = Files.size(o.output());
                    } catch (java.io.IOException x) {
                        size = -1;
                    }
                    listeners.success(event("submit", id).responseBytes(size).elapsed(took).build());
                } else {
                    listeners.failure(event("submit", id).elapsed(took).error(Futures.rethrow(e)).build());
                }
            });
        }
        return job;
    }

    private void enqueue(String id) {
        try {
            workers.execute(() -> run(id));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new ClientClosedException("the client is closed; the request stays queued on disk: resume it"
                    + " with its token from a new client");
        }
    }

    /** Runs one queued request: claims it, invokes the model with the staged input, writes output or failure. */
    private void run(String id) {
        if (closed.get()) {
            return; // stays pending on disk for a later resume
        }
        LocalAsyncJob job = jobs.get(id);
        if (store.isDone(id)) {
            if (job != null) {
                job.settleFromFiles();
            }
            return;
        }
        if (!store.claim(id)) {
            if (job != null) {
                job.watch(); // another live JVM runs it
            }
            return;
        }
        try {
            if (store.isDone(id)) {
                return;
            }
            Properties m = store.meta(id).orElseThrow();
            Instant submitted = Instant.parse(m.getProperty("submittedAt"));
            Duration ttl = Duration.ofSeconds(Long.parseLong(m.getProperty("queueTtlSeconds")));
            Duration modelTime = Duration.ofSeconds(Long.parseLong(m.getProperty("modelTimeSeconds")));
            if (now().isAfter(submitted.plus(ttl))) {
                store.writeFailure(id, "Request expired: it waited longer than its RequestTTLSeconds (" + ttl
                        + ") in the queue", "RequestTTLExpired".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            put(headers, "Content-Type", m.getProperty("contentType"));
            put(headers, "Accept", m.getProperty("accept"));
            put(headers, ModelInput.CUSTOM_ATTRIBUTES, m.getProperty("customAttributes"));
            headers.put(ModelInput.INFERENCE_ID, id);
            Path tmp = store.outputFile(id).resolveSibling(id + ".out.tmp-" + UUID.randomUUID());
            long t0 = System.nanoTime();
            try {
                ModelOutput o = model.invokeFile(store.input(id), headers, tmp, modelTime);
                if (o.isError()) {
                    Files.deleteIfExists(tmp);
                    store.writeFailure(id, "ClientError: " + LocalErrors.describe(o), o.body());
                } else {
                    Properties p = new Properties();
                    String ct = o.contentType().orElse(m.getProperty("accept"));
                    if (ct != null) {
                        p.setProperty("contentType", ct);
                    }
                    o.customAttributes().ifPresent(v -> p.setProperty("customAttributes", v));
                    store.publishResult(tmp, store.outputFile(id), p);
                }
            } catch (io.github.sminference.exception.InferenceCancelledException e) {
                Files.deleteIfExists(tmp);
                if (closed.get()) {
                    LOG.debug("async invocation {} interrupted by close(); it stays queued on disk", id);
                    return;
                }
                store.writeFailure(id, "ServerError: the invocation was interrupted",
                        String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            } catch (InferenceTimeoutException e) {
                Files.deleteIfExists(tmp);
                store.writeFailure(id, "ModelError: the model did not answer within InvocationTimeoutSeconds ("
                        + modelTime.getSeconds() + " s)", e.getMessage().getBytes(StandardCharsets.UTF_8));
            } catch (InferenceException e) {
                Files.deleteIfExists(tmp);
                store.writeFailure(id, "ServerError: " + e.getMessage(),
                        String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
            LOG.debug("async invocation done: endpoint={} inferenceId={} latencyMs={}", settings.endpointName(), id,
                    (System.nanoTime() - t0) / 1_000_000);
            if (deleteInputs) {
                store.deleteInput(id);
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("async invocation {} could not be completed: {}", id, e.toString());
            try {
                store.writeFailure(id, "InternalFailure: " + e, e.toString().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException ignored) {
                // the deadline fails the waiter
            }
        } finally {
            store.release(id);
            if (job != null) {
                job.settleFromFiles();
            }
        }
    }

    private static void put(Map<String, String> h, String k, String v) {
        if (v != null) {
            h.put(k, v);
        }
    }

    @Override
    public InferenceResult predict(InferenceRequest request) {
        return calls.predict(request);
    }

    @Override
    public CompletableFuture<InferenceResult> predictAsync(InferenceRequest request) {
        return calls.predictAsync(request);
    }

    @Override
    public ResponseStream predictStream(InferenceRequest request) {
        return calls.predictStream(request);
    }

    @Override
    public ScoringJob score(Dataset dataset, ScoringOptions options) {
        checkOpen();
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        return io.github.sminference.internal.fanout.FanOut.start(new io.github.sminference.internal.fanout.FanOutSpec(
                io.github.sminference.internal.fanout.FanOut.newId(settings.timeSource()),
                InvocationMode.ASYNC_ENDPOINT, settings.endpointName(),
                io.github.sminference.internal.fanout.FanOut.localSources(dataset, InvocationMode.ASYNC_ENDPOINT),
                dataset.splitType(), dataset.contentType().orElse(null), dataset.accept().orElse(null), options,
                limits.maxRequestBytes(), options.maxConcurrentTransforms().orElse(settings.maxConcurrency()),
                calls::predictAsync, resources, listeners, settings.timeSource()));
    }

    @Override
    public InferenceJob resume(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        if (t.kind() != ResumeToken.Kind.INFERENCE) {
            throw new InvalidRequestException("token", t.id(), "this is a scoring token; use resumeScoring(token)");
        }
        if (t.mode() != InvocationMode.ASYNC_ENDPOINT) {
            throw new InvalidRequestException("token", t.id(), "the token is for mode " + t.mode()
                    + " but this client is ASYNC_ENDPOINT; resume it with a client of that mode");
        }
        if (!t.name().equals(settings.endpointName())) {
            throw new InvalidRequestException("token", t.id(), "the token is for endpoint " + t.name()
                    + " but this client's is " + settings.endpointName());
        }
        String root = t.get("root").orElse("");
        if (!Path.of(root).equals(store.root())) {
            throw new InvalidRequestException("token", t.id(), "the request was queued under " + root
                    + " but this client works in " + store.root() + "; build the client with the same workDir");
        }
        String id = t.id();
        if (!store.isDone(id) && !Files.isDirectory(store.requestDir(id))) {
            throw new InvalidRequestException("token", id, "no request " + id + " exists under " + store.root()
                    + " (was the work folder deleted?)");
        }
        Properties meta = store.meta(id).orElse(new Properties());
        Instant submitted = meta.containsKey("submittedAt") ? Instant.parse(meta.getProperty("submittedAt")) : now();
        Instant deadline = t.deadline().orElse(now());
        LocalAsyncJob job = register(id, submitted, deadline);
        if (store.isDone(id)) {
            job.settleFromFiles();
        } else {
            LOG.debug("resume: endpoint={} inferenceId={} pending; queued in this JVM", settings.endpointName(), id);
            enqueue(id);
        }
        return job;
    }

    @Override
    public ScoringJob resumeScoring(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        throw io.github.sminference.internal.fanout.FanOut.cannotResume(t.mode());
    }

    @Override
    public InvocationMode mode() {
        return InvocationMode.ASYNC_ENDPOINT;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Requests not started stay queued on disk (run() sees the client closed); running ones get a moment to
        // finish, then the model is closed and what is still running stays queued too.
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
            }
        }
        resources.close();
    }

    @Override
    public String toString() {
        return "InferenceClient[local ASYNC_ENDPOINT " + settings.endpointName() + " in " + store.root() + "]";
    }
}
