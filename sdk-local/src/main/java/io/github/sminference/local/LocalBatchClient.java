package io.github.sminference.local;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.JobState;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.RequestValidator;
import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.ResumeToken;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch transform on this machine: {@code score} runs a transform job over local files, {@code predict} and
 * {@code submit} run one over a single payload. Jobs live under {@code workDir/batch/<job-name>/} with a
 * {@code job.properties} record, so a new JVM can re-attach, and finish a job whose JVM died. Thread-safe.
 */
final class LocalBatchClient implements InferenceClient {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBatchClient.class);
    /**
     * The job folders a runner in this JVM is working on, whichever client started it: another client of this JVM
     * that resumes one of them follows it instead of running it a second time over the same files.
     */
    private static final java.util.Set<Path> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final ClientSettings settings;
    private final LocalModel model;
    private final Path root;
    private final ScoringOptions defaults;
    private final ClientResources resources;
    private final io.github.sminference.internal.Listeners listeners;
    private final List<AutoCloseable> owned;
    private final Map<String, LocalScoringJob> jobs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final io.github.sminference.internal.JobCalls calls;

    LocalBatchClient(ClientSettings settings, LocalModel model, Path workDir, ScoringOptions defaults,
            List<AutoCloseable> owned) {
        this.settings = settings;
        this.model = model;
        this.root = workDir.resolve("batch").toAbsolutePath().normalize();
        this.defaults = defaults;
        this.resources = ClientResources.create(settings);
        this.calls = new io.github.sminference.internal.JobCalls(this::submit, settings.timeouts().totalTimeout(), resources.scheduler(),
                "transform job");
        this.listeners = new io.github.sminference.internal.Listeners(settings.listeners());
        this.owned = List.copyOf(owned);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new InvalidRequestException("workDir", root.toString(), "cannot create the folder: " + e, e);
        }
    }

    ClientResources resources() {
        return resources;
    }

    String endpointName() {
        return settings.endpointName();
    }

    private Instant now() {
        return settings.timeSource().now();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("the client is closed; build a new one");
        }
    }

    // ------------------------------------------------------------------ scoring

    @Override
    public ScoringJob score(Dataset dataset, ScoringOptions options) {
        checkOpen();
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        if (dataset.kind() == Dataset.SourceKind.RECORDS && dataset.records().isEmpty()) {
            throw new InvalidRequestException("records", "0 records", "there is nothing to score; a transform job"
                    + " needs at least one record (as on AWS)");
        }
        String name = jobName(options.jobName().orElse(null), options.idempotencyKey().orElse(null));
        Path jobDir = root.resolve(name);
        String digest = describeInput(dataset);
        LocalScoringJob existing = attachIfSame(name, jobDir, options.idempotencyKey().orElse(null), digest);
        if (existing != null) {
            return existing;
        }
        boolean existed = Files.exists(jobDir);
        try {
            List<Path> inputs = inputs(dataset, jobDir);
            return start(name, jobDir, dataset, options, inputs, digest, options.idempotencyKey().orElse(null), null);
        } catch (RuntimeException e) {
            if (!existed && !jobs.containsKey(name)) {
                AsyncStore.deleteTree(jobDir); // a rejected job leaves nothing behind (no half-written records)
            }
            throw e;
        }
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String jobName(String explicit, String idempotencyKey) {
        if (explicit != null) {
            return explicit;
        }
        if (idempotencyKey != null) {
            return "job-" + sha(idempotencyKey).substring(0, 32);
        }
        return "local-" + STAMP.format(now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Identifies the input (files, sizes and modification times; or the records' digest). */
    private static String describeInput(Dataset d) {
        StringBuilder sb = new StringBuilder(d.kind().name()).append('|').append(d.splitType());
        if (d.kind() == Dataset.SourceKind.FILES) {
            for (Path p : d.files()) {
                try {
                    sb.append('|').append(p.toAbsolutePath().normalize()).append(':').append(Files.size(p))
                            .append(':').append(Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    throw new InvalidRequestException("files", p.toString(), "cannot be read: " + e.getMessage(), e);
                }
            }
        } else if (d.kind() == Dataset.SourceKind.RECORDS) {
            for (byte[] r : d.records()) {
                sb.append('|').append(sha(new String(r, StandardCharsets.UTF_8)));
            }
        } else {
            sb.append('|').append(d.s3Uri().orElse(""));
        }
        return sha(sb.toString());
    }

    private LocalScoringJob attachIfSame(String name, Path jobDir, String key, String digest) {
        LocalScoringJob inMemory = jobs.get(name);
        Path record = jobDir.resolve("job.properties");
        if (inMemory == null && !Files.exists(record)) {
            return null;
        }
        Properties p = Files.exists(record) ? AsyncStore.readProperties(record) : new Properties();
        if (key == null || !key.equals(p.getProperty("idempotencyKey"))) {
            throw new InvalidRequestException("jobName", name, "a transform job with this name already exists in "
                    + root + "; use another name, or an idempotency key to attach to it after a retry");
        }
        if (!digest.equals(p.getProperty("inputDigest"))) {
            throw new InvalidRequestException("idempotencyKey", key,
                    "this key was already used for a job over different input; use a new key for new work");
        }
        LOG.debug("score attached to existing job {}", name);
        return inMemory != null ? inMemory : resumeJob(name, jobDir);
    }

    private List<Path> inputs(Dataset d, Path jobDir) {
        switch (d.kind()) {
            case FILES:
                return d.files();
            case RECORDS:
                return writeRecords(d, jobDir.resolve("input"));
            default:
                throw new InvalidRequestException("dataset", d.s3Uri().orElse(d.kind().toString()),
                        "local mode reads datasets from this machine; download the objects and use"
                                + " Dataset.ofFiles(..), or use an AWS BATCH client for S3 data");
        }
    }

    private static List<Path> writeRecords(Dataset d, Path dir) {
        try {
            Files.createDirectories(dir);
            List<byte[]> records = d.records();
            if (d.splitType() == Dataset.SplitType.NONE) {
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    Path f = dir.resolve(String.format(Locale.ROOT, "record-%08d", i));
                    Files.write(f, records.get(i));
                    files.add(f);
                }
                return files;
            }
            Path f = dir.resolve("records");
            try (OutputStream out = Files.newOutputStream(f)) {
                int i = 0;
                for (byte[] r : records) {
                    for (byte b : r) {
                        if (b == '\n') {
                            throw new InvalidRequestException("records[" + i + "]", "<" + r.length + " bytes>",
                                    "a record split by line cannot contain a line break; use SplitType.NONE");
                        }
                    }
                    out.write(r);
                    out.write('\n');
                    i++;
                }
            }
            return List.of(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the records to " + dir, e);
        }
    }

    private BatchRunner.Plan plan(Dataset d, ScoringOptions o, List<Path> inputs, Path jobDir) {
        ExecutionParameters ep = (o.batchStrategy().isPresent() && o.maxPayloadInMb().isPresent()
                && o.maxConcurrentTransforms().isPresent()) ? new ExecutionParameters(null, null, null)
                        : model.executionParameters().orElse(new ExecutionParameters(null, null, null));
        ScoringOptions.BatchStrategy strategy = o.batchStrategy().or(ep::strategy)
                .orElse(ScoringOptions.BatchStrategy.MULTI_RECORD);
        int mb = o.maxPayloadInMb().isPresent() ? o.maxPayloadInMb().getAsInt() : ep.payloadInMb().orElse(6);
        int concurrency = o.maxConcurrentTransforms().isPresent() ? o.maxConcurrentTransforms().getAsInt()
                : ep.concurrency().orElse(1);
        long maxPayload = Math.min(ScoringOptions.payloadBytes(mb), settings.limits().maxRequestBytes());
        if (mb == 0) {
            maxPayload = Long.MAX_VALUE;
        }
        ScoringOptions.AssembleWith assemble = o.assembleWith().orElse(d.splitType() == Dataset.SplitType.LINE
                ? ScoringOptions.AssembleWith.LINE : ScoringOptions.AssembleWith.NONE);
        String contentType = d.contentType().orElse(null);
        if (o.joinSource() == ScoringOptions.JoinSource.INPUT) {
            String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (!(ct.startsWith("text/csv") || ct.contains("json"))) {
                throw new InvalidRequestException("joinSource", "INPUT", "joining input and output works only for"
                        + " CSV and JSON (Lines) data; set the dataset's content type to text/csv or"
                        + " application/jsonlines, or use JoinSource.NONE (content type now: " + contentType + ")");
            }
        }
        Duration modelTime = o.modelTimeout().orElse(settings.limits().defaultModelTime());
        Path outDir = o.outputLocation().map(LocalBatchClient::localPath).orElse(jobDir.resolve("output"));
        Path common = OutputLayout.commonRoot(inputs);
        List<Path> outputs = new ArrayList<>();
        for (Path in : inputs) {
            outputs.add(OutputLayout.outputFile(common, in.toAbsolutePath().normalize(), outDir));
        }
        return new BatchRunner.Plan(List.copyOf(inputs), outputs, d.splitType(), strategy, maxPayload, concurrency,
                assemble, o.joinSource(), contentType, d.accept().orElse(null), modelTime, o.maxRetries());
    }

    private static Path localPath(String location) {
        if (location.startsWith("s3://")) {
            throw new InvalidRequestException("outputLocation", location,
                    "local mode writes outputs to this machine; pass a folder path (or a file: URI)");
        }
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
    }

    private LocalScoringJob start(String name, Path jobDir, Dataset d, ScoringOptions o, List<Path> inputs,
            String digest, String key, Runnable afterSuccess) {
        BatchRunner.Plan plan = plan(d, o, inputs, jobDir);
        LocalScoringJob job = new LocalScoringJob(name, this, plan, jobDir, now());
        Properties p = new Properties();
        p.setProperty("inputDigest", digest);
        if (key != null) {
            p.setProperty("idempotencyKey", key);
        }
        writeRecord(job, p);
        jobs.put(name, job);
        launch(job);
        return job;
    }

    private static Path runningKey(LocalScoringJob job) {
        return job.jobDir().toAbsolutePath().normalize();
    }

    private void launch(LocalScoringJob job) {
        if (!RUNNING.add(runningKey(job))) {
            LOG.debug("transform job {} already runs in this JVM; following it", job.id());
            watch(job, job.jobDir().resolve("job.properties"));
            return;
        }
        Thread t = new Thread(() -> {
            try {
                runJob(job);
            } finally {
                RUNNING.remove(runningKey(job));
            }
        }, "sminference-local-transform-" + job.id());
        t.setDaemon(true);
        t.start();
    }

    private void runJob(LocalScoringJob job) {
        BatchRunner.Plan plan = job.plan();
        try {
            job.started(BatchRunner.countRecords(plan.inputs(), plan.split()), now());
            LOG.debug("transform job {} started: {} inputs, {} records, strategy={} maxPayload={} concurrency={}",
                    job.id(), plan.inputs().size(), job.recordsTotal(), plan.strategy(), plan.maxPayloadBytes(),
                    plan.concurrency());
            if (listeners.any()) {
                listeners.start(event(job).build());
                progress(job);
            }
            BatchRunner runner = new BatchRunner(model, plan, job.id(), job.recordsDoneCounter(),
                    job::stopRequested, () -> progress(job));
            try {
                runner.run();
            } finally {
                job.outputContentType(runner.outputContentType());
            }
            job.completed(now());
            if (listeners.any()) {
                listeners.success(event(job).responseBytes(job.recordsDoneCounter().get()).build());
            }
        } catch (BatchRunner.Stopped e) {
            job.stopped(now());
            failed(job);
        } catch (io.github.sminference.exception.JobFailedException e) {
            job.failed(e.failureReason().orElse(e.getMessage()), e.failureContent().orElse(null), now());
            failed(job);
        } catch (InferenceException e) {
            job.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null, now());
            failed(job);
        } catch (IOException | RuntimeException e) {
            job.failed("InternalFailure: " + e, null, now());
            failed(job);
        } finally {
            job.fileDone();
            progress(job);
        }
    }

    private void progress(LocalScoringJob job) {
        if (listeners.any()) {
            listeners.progress(job.id(), InvocationMode.BATCH, job.status());
        }
    }

    private io.github.sminference.event.InferenceEvent.Builder event(LocalScoringJob job) {
        return io.github.sminference.event.InferenceEvent.builder().operation("transformJob")
                .mode(InvocationMode.BATCH).endpointName(settings.endpointName()).inferenceId(job.id());
    }

    private void failed(LocalScoringJob job) {
        if (listeners.any()) {
            listeners.failure(event(job).error(job.internal().handle((s, e) -> e).join()).build());
        }
    }

    /** Writes the job's record: everything a new JVM needs to re-attach. */
    void persist(LocalScoringJob job) {
        Path record = job.jobDir().resolve("job.properties");
        Properties p = Files.exists(record) ? AsyncStore.readProperties(record) : new Properties();
        writeRecord(job, p);
    }

    private void writeRecord(LocalScoringJob job, Properties p) {
        BatchRunner.Plan plan = job.plan();
        p.setProperty("name", job.id());
        p.setProperty("state", job.state().name());
        p.setProperty("owner", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("submittedAt", job.submittedAt().toString());
        set(p, "startedAt", job.startedAt());
        set(p, "endedAt", job.endedAt());
        set(p, "failureReason", job.failureReason());
        p.setProperty("recordsDone", Long.toString(job.recordsDoneCounter().get()));
        p.setProperty("recordsTotal", Long.toString(job.recordsTotal()));
        p.setProperty("inputs", Integer.toString(plan.inputs().size()));
        for (int i = 0; i < plan.inputs().size(); i++) {
            p.setProperty("input." + i, plan.inputs().get(i).toAbsolutePath().toString());
            p.setProperty("output." + i, plan.outputs().get(i).toAbsolutePath().toString());
        }
        p.setProperty("split", plan.split().name());
        p.setProperty("strategy", plan.strategy().name());
        p.setProperty("maxPayloadBytes", Long.toString(plan.maxPayloadBytes()));
        p.setProperty("concurrency", Integer.toString(plan.concurrency()));
        p.setProperty("assembleWith", plan.assembleWith().name());
        p.setProperty("join", plan.join().name());
        set(p, "contentType", plan.contentType());
        set(p, "accept", plan.accept());
        p.setProperty("modelTimeSeconds", Long.toString(plan.modelTimeout().getSeconds()));
        p.setProperty("maxRetries", Integer.toString(plan.maxRetries()));
        try {
            Files.createDirectories(job.jobDir());
            AsyncStore.writeProperties(job.jobDir().resolve("job.properties"), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job record in " + job.jobDir(), e);
        }
    }

    private static void set(Properties p, String k, Object v) {
        if (v != null) {
            p.setProperty(k, v.toString());
        }
    }

    // ------------------------------------------------------------------ resume

    @Override
    public ScoringJob resumeScoring(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        if (t.kind() != ResumeToken.Kind.SCORING) {
            throw new InvalidRequestException("token", t.id(), "this is an inference token; use resume(token)");
        }
        checkToken(t);
        return resumeJob(t.id(), Path.of(t.get("root").orElseThrow()));
    }

    private void checkToken(ResumeToken t) {
        if (t.mode() != InvocationMode.BATCH) {
            throw new InvalidRequestException("token", t.id(), "the token is for mode " + t.mode()
                    + " but this client is BATCH; resume it with a client of that mode");
        }
        if (!t.name().equals(settings.endpointName())) {
            throw new InvalidRequestException("token", t.id(), "the token is for model " + t.name()
                    + " but this client's is " + settings.endpointName());
        }
    }

    private LocalScoringJob resumeJob(String name, Path jobDir) {
        LocalScoringJob known = jobs.get(name);
        if (known != null) {
            return known;
        }
        Path record = jobDir.resolve("job.properties");
        if (!Files.exists(record)) {
            throw new InvalidRequestException("token", name, "no transform job record at " + record
                    + " (was the work folder deleted?)");
        }
        Properties p = AsyncStore.readProperties(record);
        int n = Integer.parseInt(p.getProperty("inputs"));
        List<Path> inputs = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(Path.of(p.getProperty("input." + i)));
            outputs.add(Path.of(p.getProperty("output." + i)));
        }
        BatchRunner.Plan plan = new BatchRunner.Plan(inputs, outputs,
                Dataset.SplitType.valueOf(p.getProperty("split")),
                ScoringOptions.BatchStrategy.valueOf(p.getProperty("strategy")),
                Long.parseLong(p.getProperty("maxPayloadBytes")), Integer.parseInt(p.getProperty("concurrency")),
                ScoringOptions.AssembleWith.valueOf(p.getProperty("assembleWith")),
                ScoringOptions.JoinSource.valueOf(p.getProperty("join")), p.getProperty("contentType"),
                p.getProperty("accept"), Duration.ofSeconds(Long.parseLong(p.getProperty("modelTimeSeconds"))),
                Integer.parseInt(p.getProperty("maxRetries")));
        LocalScoringJob job = new LocalScoringJob(name, this, plan, jobDir,
                Instant.parse(p.getProperty("submittedAt")));
        LocalScoringJob raced = jobs.putIfAbsent(name, job);
        if (raced != null) {
            return raced;
        }
        JobState state = JobState.valueOf(p.getProperty("state"));
        long owner = Long.parseLong(p.getProperty("owner", "-1"));
        boolean ownerAlive = owner != ProcessHandle.current().pid()
                ? ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)
                : RUNNING.contains(runningKey(job)); // another client of this JVM runs it
        if (state.isTerminal()) {
            job.restore(state, p.getProperty("failureReason"), Long.parseLong(p.getProperty("recordsDone", "0")),
                    Long.parseLong(p.getProperty("recordsTotal", "-1")), instant(p, "startedAt"),
                    instant(p, "endedAt"));
        } else if (ownerAlive) {
            watch(job, record);
        } else {
            LOG.debug("transform job {} was left {} by process {}; finishing it here", name, state, owner);
            launch(job);
        }
        return job;
    }

    private static Instant instant(Properties p, String k) {
        String v = p.getProperty(k);
        return v == null ? null : Instant.parse(v);
    }

    /** Follows a job another live JVM runs, through its record. */
    private void watch(LocalScoringJob job, Path record) {
        ScheduledFuture<?>[] handle = new ScheduledFuture<?>[1];
        handle[0] = resources.scheduler().scheduleWithFixedDelay(() -> {
            Properties p = AsyncStore.readProperties(record);
            JobState s = JobState.valueOf(p.getProperty("state"));
            job.recordsDoneCounter().set(Long.parseLong(p.getProperty("recordsDone", "0")));
            job.fileDone();
            if (s.isTerminal()) {
                handle[0].cancel(false);
                job.restore(s, p.getProperty("failureReason"), Long.parseLong(p.getProperty("recordsDone", "0")),
                        Long.parseLong(p.getProperty("recordsTotal", "-1")), instant(p, "startedAt"),
                        instant(p, "endedAt"));
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ one payload

    @Override
    public InferenceJob submit(InferenceRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        try {
            return submitChecked(request);
        } catch (InferenceException e) {
            if (listeners.any()) {
                listeners.failure(io.github.sminference.event.InferenceEvent.builder().operation("submit")
                        .mode(InvocationMode.BATCH).endpointName(settings.endpointName()).attempt(0).error(e)
                        .build());
            }
            throw e;
        }
    }

    private InferenceJob submitChecked(InferenceRequest request) {
        RequestValidator.checkFields(request, InvocationMode.BATCH, RequestValidator.Operation.BATCH);
        Duration modelTime = RequestValidator.modelTime(request, settings.limits());
        ScoringOptions o = defaults.toBuilder().modelTimeout(modelTime).jobName(null)
                .idempotencyKey(request.idempotencyKey().orElse(null)).build();
        String name = jobName(null, request.idempotencyKey().orElse(null));
        Path jobDir = root.resolve(name);
        // the single payload is one request: it must fit MaxPayloadInMB, checked before anything is written
        int mb = o.maxPayloadInMb().orElse(model.executionParameters().flatMap(ep -> ep.payloadInMb().isPresent()
                ? java.util.Optional.of(ep.payloadInMb().getAsInt()) : java.util.Optional.empty()).orElse(6));
        long max = mb == 0 ? settings.limits().maxRequestBytes()
                : Math.min(ScoringOptions.payloadBytes(mb), settings.limits().maxRequestBytes());
        Path staged = jobDir.resolve("input").resolve("payload");
        LocalScoringJob job;
        if (request.idempotencyKey().isPresent() && (jobs.containsKey(name)
                || Files.exists(jobDir.resolve("job.properties")))) {
            Path tmp = root.resolve(".staging-" + UUID.randomUUID()).resolve("payload");
            Staging.Copied c = Staging.copy(request.payload(), tmp, max, InvocationMode.BATCH);
            AsyncStore.deleteTree(tmp.getParent());
            job = attachIfSame(name, jobDir, request.idempotencyKey().get(), c.sha256());
        } else {
            boolean existed = Files.exists(jobDir);
            try {
                Staging.Copied c = Staging.copy(request.payload(), staged, max, InvocationMode.BATCH);
                Dataset d = Dataset.ofFiles(staged).withSplitType(Dataset.SplitType.NONE)
                        .withContentType(request.contentType().orElse(null))
                        .withAccept(request.accept().orElse(null));
                job = start(name, jobDir, d, o.toBuilder().maxPayloadInMb(mb).assembleWith(
                        ScoringOptions.AssembleWith.NONE).build(), List.of(staged), c.sha256(),
                        request.idempotencyKey().orElse(null), null);
            } catch (RuntimeException e) {
                if (!existed && !jobs.containsKey(name)) {
                    AsyncStore.deleteTree(jobDir); // a rejected payload leaves no empty job folder behind
                }
                throw e;
            }
        }
        return new LocalBatchInferenceJob(job, this);
    }

    @Override
    public InferenceJob resume(String token) {
        checkOpen();
        ResumeToken t = ResumeToken.parse(token);
        if (t.kind() != ResumeToken.Kind.INFERENCE) {
            throw new InvalidRequestException("token", t.id(), "this is a scoring token; use resumeScoring(token)");
        }
        checkToken(t);
        return new LocalBatchInferenceJob(resumeJob(t.id(), Path.of(t.get("root").orElseThrow())), this);
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
    public InvocationMode mode() {
        return InvocationMode.BATCH;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
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
        return "InferenceClient[local BATCH " + settings.endpointName() + " in " + root + "]";
    }

    static void writeLines(Path f, List<String> lines) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
    }
}
