package io.github.sminference.aws.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.ResponseStream;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.exception.ClientClosedException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.internal.CallRetrier;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.JobCalls;
import io.github.sminference.internal.Listeners;
import io.github.sminference.internal.RequestValidator;
import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.ResumeToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AssemblyType;
import software.amazon.awssdk.services.sagemaker.model.BatchStrategy;
import software.amazon.awssdk.services.sagemaker.model.CompressionType;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.JoinSource;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.SplitType;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Batch transform on AWS: {@code score} runs a SageMaker transform job over a dataset (local files and in-memory
 * records are uploaded first; S3 prefixes and manifests are used where they are), {@code predict} and
 * {@code submit} run one over a single payload. Everything is validated before anything is uploaded or created; an
 * idempotency key fixes the job name, so a retried submission attaches to the job it created (recognised by a digest
 * of its input kept in a job tag). The client's {@code endpointName} is the SageMaker model. Thread-safe.
 */
public final class TransformClient implements InferenceClient {
    private static final Logger LOG = LoggerFactory.getLogger(TransformClient.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Pattern JOB_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
    private static final Set<String> JOINABLE = Set.of("text/csv", "application/json", "application/jsonlines",
            "application/x-jsonlines");

    private final ClientSettings settings;
    private final TransformJobOptions options;
    private final ControlPlane control;
    private final BatchS3 s3;
    private final InputStager stager;
    private final ClientResources resources;
    private final ExecutorService io;
    private final Listeners listeners;
    private final List<AutoCloseable> owned;
    private final String region;
    private final JobCalls calls;
    private final S3Uri staging;
    private final S3Uri defaultOutput;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the client.
     *
     * @param settings the shared settings (mode BATCH; the endpoint name is the model)
     * @param options the transform job options
     * @param sageMaker the SageMaker control-plane client
     * @param s3Client the S3 client
     * @param region the Region's name, recorded in tokens, or {@code null}
     * @param owned what to close with the client (never the caller's clients)
     */
    public TransformClient(ClientSettings settings, TransformJobOptions options, SageMakerClient sageMaker,
            S3Client s3Client, String region, List<AutoCloseable> owned) {
        this.settings = settings;
        this.options = options;
        this.region = region;
        this.resources = ClientResources.create(settings);
        this.io = Executors.newCachedThreadPool(ClientResources.daemon("sminference-batch-io-"
                + settings.endpointName()));
        this.s3 = new BatchS3(s3Client, options.expectedBucketOwner().orElse(null));
        this.stager = new InputStager(s3, io, options.uploadPartSizeBytes(), options.uploadConcurrency());
        CallRetrier retrier = new CallRetrier(settings.endpointName() + "-transform", settings.retry(),
                settings.circuitBreaker(), settings.timeSource());
        Duration attempt = settings.timeouts().attemptTimeout().orElse(Duration.ofSeconds(30));
        this.control = new ControlPlane(sageMaker, retrier, settings.timeSource(),
                settings.timeouts().totalTimeout(), attempt, "sagemaker-control-plane");
        this.listeners = new Listeners(settings.listeners());
        this.owned = List.copyOf(owned);
        this.calls = new JobCalls(this::submit, settings.timeouts().totalTimeout(), resources.scheduler(),
                "transform job");
        this.staging = options.inputStagingLocation().map(l -> S3Uri.parse("inputStagingLocation", l)).orElse(null);
        this.defaultOutput = options.defaultOutputLocation().map(l -> S3Uri.parse("defaultOutputLocation", l))
                .orElse(null);
    }

    // ------------------------------------------------------------------ for the handles

    TransformJobOptions options() {
        return options;
    }

    ControlPlane control() {
        return control;
    }

    BatchS3 s3() {
        return s3;
    }

    ExecutorService io() {
        return io;
    }

    ScheduledExecutorService scheduler() {
        return resources.scheduler();
    }

    ClientResources resources() {
        return resources;
    }

    Listeners listeners() {
        return listeners;
    }

    boolean isClosed() {
        return closed.get();
    }

    Instant now() {
        return settings.timeSource().now();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientClosedException("the client is closed; build a new one");
        }
    }

    private String model() {
        return settings.endpointName();
    }

    InferenceEvent.Builder event(String op, String jobName) {
        return InferenceEvent.builder().operation(op).mode(InvocationMode.BATCH).endpointName(model())
                .inferenceId(jobName);
    }

    private void failed(String op, String jobName, InferenceException e) {
        if (listeners.any()) {
            listeners.failure(event(op, jobName).attempt(0).error(e).build());
        }
    }

    /** A job this client followed has ended (for listeners). */
    void ended(String jobName, InferenceException error) {
        if (!listeners.any()) {
            return;
        }
        if (error == null) {
            listeners.success(event("transformJob", jobName).build());
        } else {
            listeners.failure(event("transformJob", jobName).error(error).build());
        }
    }

    // ------------------------------------------------------------------ submission: planning

    /** Everything checked and resolved before anything is uploaded or created. */
    private static final class Submission {
        String name;
        boolean generatedName;
        String key;
        String digest;
        JobSpec spec;
        CreateTransformJobRequest.Builder request;
        Supplier<List<S3Uri>> upload;
        long uploadBytes;
        String what;
    }

    private record Name(String name, boolean generated) {
    }

    private Name name(String explicit, String idempotencyKey) {
        if (explicit != null) {
            if (!JOB_NAME.matcher(explicit).matches()) {
                throw new InvalidRequestException("jobName", explicit, "a job name is 1-63 letters, digits and"
                        + " hyphens, starting and ending with a letter or digit");
            }
            return new Name(explicit, false);
        }
        if (idempotencyKey != null) {
            // stable: the same model and key always give the same name
            return new Name("sminference-" + sha256(model() + "\n" + idempotencyKey).substring(0, 32), false);
        }
        return new Name("sminference-" + STAMP.format(now()) + "-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt()), true);
    }

    private static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String digest(String kind, String input, String split, String contentType) {
        return sha256("v1\nmodel=" + model() + "\nkind=" + kind + "\ninput=" + input + "\nsplit=" + split
                + "\ncontentType=" + (contentType == null ? "" : contentType));
    }

    private String outputFor(String explicit, String jobName) {
        if (explicit != null) {
            if (!explicit.startsWith("s3://")) {
                throw new InvalidRequestException("outputLocation", explicit, "a transform job writes to S3: pass"
                        + " s3://bucket/prefix");
            }
            return S3Uri.parse("outputLocation", explicit).toString();
        }
        if (defaultOutput == null) {
            throw new InvalidRequestException("outputLocation", null, "set ScoringOptions.outputLocation"
                    + "(\"s3://bucket/prefix\") for this job, or TransformJobOptions.defaultOutputLocation(..) on the"
                    + " client");
        }
        return defaultOutput.child(jobName).toString() + "/";
    }

    private S3Uri stagingPrefix(String jobName, Dataset.SourceKind what) {
        if (staging == null) {
            throw new InvalidRequestException("inputStagingLocation", null, (what == null ? "a single payload"
                    : what == Dataset.SourceKind.FILES ? "local files" : "in-memory records") + " must be uploaded"
                    + " to S3 first: set TransformJobOptions.inputStagingLocation(\"s3://bucket/prefix\"), or score"
                    + " data already in S3 (Dataset.ofS3Prefix / ofManifest)");
        }
        S3Uri job = staging.child(jobName);
        return new S3Uri(job.bucket(), job.key() + "/");
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRequestException(field, value.substring(0, 40) + "...", "at most " + max
                    + " characters");
        }
    }

    private static boolean joinable(String contentType) {
        String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return JOINABLE.contains(base);
    }

    private Submission plan(Dataset d, ScoringOptions o) {
        String contentType = d.contentType().orElse(null);
        String accept = d.accept().orElse(null);
        checkLength("dataset.contentType", contentType, 256);
        checkLength("dataset.accept", accept, 256);
        Dataset.SplitType split = d.splitType();
        if (o.joinSource() == ScoringOptions.JoinSource.INPUT && !joinable(contentType)) {
            throw new InvalidRequestException("joinSource", "INPUT with " + (contentType == null
                    ? "no content type" : "content type " + contentType), "SageMaker joins input and output only"
                            + " for CSV (text/csv) and JSON (application/json, application/jsonlines) records; set"
                            + " the dataset's content type to one of them, or use JoinSource.NONE (records are then"
                            + " paired with their inputs by position)");
        }
        if (o.batchStrategy().isPresent() && split == Dataset.SplitType.NONE) {
            LOG.warn("BatchStrategy {} is set but the dataset is not split (SplitType None): SageMaker ignores the"
                    + " strategy, and each object is sent as one request", o.batchStrategy().get());
        }
        Submission s = new Submission();
        s.key = o.idempotencyKey().orElse(null);
        Name n = name(o.jobName().orElse(null), s.key);
        s.name = n.name();
        s.generatedName = n.generated();
        String output = outputFor(o.outputLocation().orElse(null), s.name);
        String input;
        boolean manifest = false;
        String order = null;
        String inputId;
        switch (d.kind()) {
            case S3_PREFIX:
                input = S3Uri.parse("dataset", d.s3Uri().orElseThrow()).toString();
                inputId = "prefix " + input;
                s.what = input;
                break;
            case MANIFEST:
                input = S3Uri.parse("dataset", d.s3Uri().orElseThrow()).toString();
                manifest = true;
                inputId = "manifest " + input;
                s.what = "manifest " + input;
                break;
            case FILES: {
                S3Uri prefix = stagingPrefix(s.name, Dataset.SourceKind.FILES);
                List<Path> files = d.files();
                List<String> relative = relativeKeys(files);
                StringBuilder id = new StringBuilder("files");
                for (int i = 0; i < files.size(); i++) {
                    try {
                        s.uploadBytes += Files.size(files.get(i));
                        id.append('\n').append(relative.get(i)).append(':').append(Files.size(files.get(i)))
                                .append(':').append(Files.getLastModifiedTime(files.get(i)).toMillis());
                    } catch (IOException e) {
                        throw new InvalidRequestException("files", files.get(i).toString(), "cannot be read: "
                                + e.getMessage(), e);
                    }
                }
                input = prefix.toString();
                order = JobSpec.orderObjectFor(input);
                S3Uri orderUri = S3Uri.parse("order", order);
                inputId = id.toString();
                s.upload = () -> {
                    List<S3Uri> done = new ArrayList<>(stager.uploadFiles(files, relative, prefix, contentType));
                    try {
                        stager.putText(orderUri, String.join("\n", relative) + "\n");
                    } catch (RuntimeException e) {
                        stager.deleteAll(done);
                        throw e;
                    }
                    done.add(orderUri);
                    return done;
                };
                s.what = files.size() + " file(s) uploaded to " + input;
                break;
            }
            case RECORDS: {
                S3Uri prefix = stagingPrefix(s.name, Dataset.SourceKind.RECORDS);
                List<byte[]> records = d.records();
                if (records.isEmpty()) {
                    throw new InvalidRequestException("records", "0 records", "there is nothing to score; a"
                            + " transform job needs at least one record");
                }
                StringBuilder id = new StringBuilder("records");
                for (byte[] r : records) {
                    id.append('\n').append(sha256(r));
                    s.uploadBytes += r.length + (split == Dataset.SplitType.LINE ? 1 : 0);
                }
                inputId = id.toString();
                input = prefix.toString();
                s.upload = recordsUpload(records, split, prefix, contentType);
                s.what = records.size() + " record(s) uploaded to " + input;
                break;
            }
            default:
                throw new InvalidRequestException("dataset", d.toString(), "unknown dataset kind");
        }
        s.digest = digest(d.kind().name(), inputId, split.name(), contentType);
        ScoringOptions.AssembleWith assemble = o.assembleWith().orElse(split == Dataset.SplitType.LINE
                ? ScoringOptions.AssembleWith.LINE : ScoringOptions.AssembleWith.NONE);
        boolean joined = o.joinSource() == ScoringOptions.JoinSource.INPUT;
        s.spec = new JobSpec(s.name, model(), region, input, manifest, order, output, JobSpec.serviceSplit(split),
                joined, contentType, accept, options.compression() == TransformJobOptions.Compression.GZIP);
        CreateTransformJobRequest.Builder b = base(s.spec, split, assemble, joined);
        if (o.batchStrategy().isPresent()) {
            b.batchStrategy(o.batchStrategy().get() == ScoringOptions.BatchStrategy.MULTI_RECORD
                    ? BatchStrategy.MULTI_RECORD : BatchStrategy.SINGLE_RECORD);
        }
        if (o.maxPayloadInMb().isPresent()) {
            b.maxPayloadInMB(o.maxPayloadInMb().getAsInt());
        }
        if (o.maxConcurrentTransforms().isPresent()) {
            b.maxConcurrentTransforms(o.maxConcurrentTransforms().getAsInt());
        }
        b.modelClientConfig(m -> m.invocationsTimeoutInSeconds(o.modelTimeout().map(t -> (int) t.getSeconds())
                .orElse(null)).invocationsMaxRetries(o.maxRetries()));
        s.request = b;
        return s;
    }

    private Supplier<List<S3Uri>> recordsUpload(List<byte[]> records, Dataset.SplitType split, S3Uri prefix,
            String contentType) {
        if (split == Dataset.SplitType.LINE) {
            for (int i = 0; i < records.size(); i++) {
                for (byte c : records.get(i)) {
                    if (c == '\n') {
                        throw new InvalidRequestException("records[" + i + "]", "<" + records.get(i).length
                                + " bytes>", "a record split by line cannot contain a line break; use"
                                        + " SplitType.NONE, or remove the line break");
                    }
                }
            }
            S3Uri target = prefix.child("records");
            return () -> {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (byte[] r : records) {
                    all.writeBytes(r);
                    all.write('\n');
                }
                stager.putBytes(target, all.toByteArray(), contentType);
                return List.of(target);
            };
        }
        return () -> {
            List<S3Uri> done = new ArrayList<>();
            try {
                for (int i = 0; i < records.size(); i++) {
                    // zero-padded, so key order is list order
                    S3Uri target = prefix.child(String.format(Locale.ROOT, "record-%010d", i));
                    stager.putBytes(target, records.get(i), contentType);
                    done.add(target);
                }
            } catch (RuntimeException e) {
                stager.deleteAll(done);
                throw e;
            }
            return done;
        };
    }

    /** Keys relative to the files' common directory, with {@code /} separators; duplicates are rejected. */
    private static List<String> relativeKeys(List<Path> files) {
        Path root;
        try {
            root = OutputLayout.commonRoot(files);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("files", files.toString(), e.getMessage()
                    + "; put the files under one directory", e);
        }
        List<String> out = new ArrayList<>(files.size());
        Set<String> seen = new HashSet<>();
        for (Path f : files) {
            Path rel = root.relativize(f.toAbsolutePath().normalize());
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < rel.getNameCount(); i++) {
                if (i > 0) {
                    key.append('/');
                }
                key.append(rel.getName(i).toString());
            }
            if (!seen.add(key.toString())) {
                throw new InvalidRequestException("files", f.toString(), "the file is given twice; each file is one"
                        + " input object of the job");
            }
            out.add(key.toString());
        }
        return out;
    }

    /** The request fields every job has. */
    private CreateTransformJobRequest.Builder base(JobSpec spec, Dataset.SplitType split,
            ScoringOptions.AssembleWith assemble, boolean joined) {
        CreateTransformJobRequest.Builder b = CreateTransformJobRequest.builder()
                .transformJobName(spec.jobName())
                .modelName(spec.model())
                .transformInput(ti -> ti.dataSource(ds -> ds.s3DataSource(src -> src.s3DataType(spec.manifest()
                        ? S3DataType.MANIFEST_FILE : S3DataType.S3_PREFIX).s3Uri(spec.input())))
                        .contentType(spec.contentType())
                        .splitType(split == Dataset.SplitType.LINE ? SplitType.LINE : SplitType.NONE)
                        .compressionType(spec.gzip() ? CompressionType.GZIP : CompressionType.NONE))
                .transformOutput(to -> to.s3OutputPath(spec.output()).accept(spec.accept())
                        .assembleWith(assemble == ScoringOptions.AssembleWith.LINE ? AssemblyType.LINE
                                : AssemblyType.NONE)
                        .kmsKeyId(options.outputKmsKeyId().orElse(null)))
                .transformResources(tr -> tr.instanceType(options.instanceType())
                        .instanceCount(options.instanceCount())
                        .volumeKmsKeyId(options.volumeKmsKeyId().orElse(null))
                        .transformAmiVersion(options.transformAmiVersion().orElse(null)));
        if (!options.environment().isEmpty()) {
            b.environment(options.environment());
        }
        if (joined || options.inputFilter().isPresent() || options.outputFilter().isPresent()) {
            b.dataProcessing(dp -> dp.inputFilter(options.inputFilter().orElse(null))
                    .outputFilter(options.outputFilter().orElse(null))
                    .joinSource(joined ? JoinSource.INPUT : JoinSource.NONE));
        }
        if (options.dataCaptureDestination().isPresent()) {
            b.dataCaptureConfig(dc -> dc.destinationS3Uri(options.dataCaptureDestination().get())
                    .kmsKeyId(options.dataCaptureKmsKeyId().orElse(null))
                    .generateInferenceId(options.dataCaptureGenerateInferenceId().orElse(null)));
        }
        if (options.experimentName().isPresent() || options.trialName().isPresent()
                || options.trialComponentDisplayName().isPresent() || options.runName().isPresent()) {
            b.experimentConfig(ec -> ec.experimentName(options.experimentName().orElse(null))
                    .trialName(options.trialName().orElse(null))
                    .trialComponentDisplayName(options.trialComponentDisplayName().orElse(null))
                    .runName(options.runName().orElse(null)));
        }
        return b;
    }

    private List<Tag> tags(Submission s) {
        Map<String, String> all = new LinkedHashMap<>(options.tags());
        all.put(JobSpec.DIGEST_TAG, s.digest);
        if (s.spec.order() != null) {
            all.put(JobSpec.ORDER_TAG, "sidecar");
        }
        List<Tag> out = new ArrayList<>();
        all.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    // ------------------------------------------------------------------ submission: launching

    private TransformScoringJob launch(Submission s) {
        if (!s.generatedName) {
            Optional<DescribeTransformJobResponse> existing = control.describe(s.name);
            if (existing.isPresent()) {
                return attachExisting(existing.get(), s, false);
            }
        }
        List<S3Uri> uploaded = List.of();
        if (s.upload != null) {
            long t0 = settings.timeSource().nanoTime();
            uploaded = s.upload.get();
            if (listeners.any()) {
                listeners.upload(event("upload", s.name).requestBytes(s.uploadBytes)
                        .elapsed(Duration.ofNanos(settings.timeSource().nanoTime() - t0)).build());
            }
        }
        ControlPlane.Created created;
        Instant submitted = now();
        try {
            created = control.create(s.request.tags(tags(s)).build());
        } catch (InferenceException e) {
            stager.deleteAll(uploaded); // no orphan input for a job that was never created
            throw e;
        }
        if (created == ControlPlane.Created.NAME_IN_USE) {
            // a lost race with another submitter, or our own earlier attempt whose answer was lost
            Optional<DescribeTransformJobResponse> d = control.describe(s.name);
            if (d.isEmpty()) {
                throw new InferenceException("CreateTransformJob said the name " + s.name + " is in use, but no"
                        + " such job can be described; retry later", null, true);
            }
            return attachExisting(d.get(), s, true);
        }
        LOG.debug("transform job created: job={} model={} input={} output={}", s.name, model(), s.what,
                s.spec.output());
        TransformScoringJob job = new TransformScoringJob(this, s.spec, submitted);
        if (listeners.any()) {
            listeners.start(event("transformJob", s.name).build());
            job.announced();
        }
        job.startPolling(options.pollInitialInterval());
        return job;
    }

    private TransformScoringJob attachExisting(DescribeTransformJobResponse d, Submission s, boolean raced) {
        Map<String, String> tags = control.tags(d.transformJobArn());
        String stored = tags.get(JobSpec.DIGEST_TAG);
        if (s.key == null && !raced) {
            throw new InvalidRequestException("jobName", s.name, "a transform job named " + s.name + " already exists"
                    + " (" + d.transformJobStatusAsString() + "); choose another name, or set an idempotency key so"
                    + " a retried submission attaches to the job it created");
        }
        if (!s.digest.equals(stored)) {
            if (s.key != null) {
                throw new InvalidRequestException("idempotencyKey", s.key, "this key was already used for"
                        + " transform job " + s.name + " over other input (the model, input location or files,"
                        + " split or content type differ); use a new key for new work");
            }
            throw new InvalidRequestException("jobName", s.name, "a transform job named " + s.name + " was just"
                    + " created by someone else for other input; choose another name");
        }
        LOG.debug("submission attached to existing transform job {} ({})", s.name, d.transformJobStatusAsString());
        TransformScoringJob job = new TransformScoringJob(this, JobSpec.fromDescribe(d, tags, region),
                d.creationTime());
        follow(job, d);
        return job;
    }

    private void follow(TransformScoringJob job, DescribeTransformJobResponse d) {
        job.update(d);
        job.startPolling(options.pollInitialInterval());
    }

    // ------------------------------------------------------------------ InferenceClient

    @Override
    public ScoringJob score(Dataset dataset, ScoringOptions scoringOptions) {
        checkOpen();
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(scoringOptions, "options");
        Submission s;
        try {
            s = plan(dataset, scoringOptions);
        } catch (InferenceException e) {
            failed("score", null, e);
            throw e;
        }
        try {
            return launch(s);
        } catch (InferenceException e) {
            failed("score", s.name, e);
            throw e;
        }
    }

    @Override
    public InferenceJob submit(InferenceRequest request) {
        Objects.requireNonNull(request, "request");
        checkOpen();
        Submission s;
        try {
            s = planPayload(request);
        } catch (InferenceException e) {
            failed("submit", null, e);
            throw e;
        }
        try {
            return new TransformInferenceJob(launch(s), this);
        } catch (InferenceException e) {
            failed("submit", s.name, e);
            throw e;
        }
    }

    /** A transform job over one payload: SplitType None, AssembleWith None, the payload within MaxPayloadInMB. */
    private Submission planPayload(InferenceRequest r) {
        RequestValidator.checkFields(r, InvocationMode.BATCH, RequestValidator.Operation.BATCH);
        Duration modelTime = RequestValidator.modelTime(r, settings.limits());
        long max = Math.min(options.requestMaxPayloadInMb() * ScoringOptions.MB, settings.limits().maxRequestBytes());
        String contentType = r.contentType().orElse(null);
        String accept = r.accept().orElse(null);
        checkLength("contentType", contentType, 256);
        checkLength("accept", accept, 256);
        Submission s = new Submission();
        s.key = r.idempotencyKey().orElse(null);
        Name n = name(null, s.key);
        s.name = n.name();
        s.generatedName = n.generated();
        String output = outputFor(null, s.name);
        Payload p = r.payload();
        String input;
        String inputId;
        if (p.kind() == Payload.Kind.LOCATION) {
            String loc = p.location().orElseThrow();
            if (!loc.startsWith("s3://")) {
                throw new InvalidRequestException("payload.location", loc, "a transform job reads its input from S3:"
                        + " pass an s3:// location, or the payload's bytes");
            }
            S3Uri u = S3Uri.parse("payload.location", loc);
            HeadObjectResponse h = s3.head(u).orElseThrow(() -> new InvalidRequestException("payload.location", loc,
                    "there is no such object"));
            long size = h.contentLength() == null ? 0 : h.contentLength();
            if (size > max) {
                throw tooLarge(size, max);
            }
            input = u.toString();
            inputId = "location " + input + " " + h.eTag();
            s.what = input;
        } else {
            if (p.knownLength().isPresent() && p.knownLength().getAsLong() > max) {
                throw tooLarge(p.knownLength().getAsLong(), max);
            }
            S3Uri target = stagingPrefix(s.name, null).child("payload");
            byte[] body = RequestValidator.syncBody(p, settings.limits().toBuilder().maxRequestBytes(max).build());
            input = target.toString();
            inputId = "payload " + body.length + " " + sha256(body);
            s.uploadBytes = body.length;
            s.upload = () -> {
                stager.putBytes(target, body, contentType);
                return List.of(target);
            };
            s.what = body.length + " bytes uploaded to " + input;
        }
        s.digest = digest("PAYLOAD", inputId, "NONE", contentType);
        s.spec = new JobSpec(s.name, model(), region, input, false, null, output, "None", false, contentType,
                accept, options.compression() == TransformJobOptions.Compression.GZIP);
        s.request = base(s.spec, Dataset.SplitType.NONE, ScoringOptions.AssembleWith.NONE, false)
                .maxPayloadInMB(options.requestMaxPayloadInMb())
                .modelClientConfig(m -> m.invocationsTimeoutInSeconds((int) modelTime.getSeconds()));
        return s;
    }

    private PayloadTooLargeException tooLarge(long size, long max) {
        return new PayloadTooLargeException("payload", size, max, InvocationMode.BATCH, "a payload is one request"
                + " of its transform job: raise TransformJobOptions.requestMaxPayloadInMb (up to 100), or score it as"
                + " a dataset split into records (score(Dataset))");
    }

    @Override
    public InferenceResult predict(InferenceRequest request) {
        return calls.predict(request);
    }

    @Override
    public ResponseStream predictStream(InferenceRequest request) {
        return calls.predictStream(request);
    }

    @Override
    public CompletableFuture<InferenceResult> predictAsync(InferenceRequest request) {
        Submission s;
        try {
            Objects.requireNonNull(request, "request");
            checkOpen();
            s = planPayload(request);
        } catch (InferenceException e) {
            failed("submit", null, e);
            return CompletableFuture.failedFuture(e);
        }
        // uploading and CreateTransformJob block on I/O: they run on the client's I/O threads
        Duration budget = request.timeout().orElse(settings.timeouts().totalTimeout());
        CompletableFuture<InferenceResult> out = new CompletableFuture<>();
        CompletableFuture.supplyAsync(() -> new TransformInferenceJob(launch(s), this), io).whenComplete((job, e) -> {
            if (e != null) {
                InferenceException x = Futures.rethrow(e);
                failed("submit", s.name, x);
                resources.complete(() -> out.completeExceptionally(x));
                return;
            }
            var timer = resources.scheduler().schedule(() -> out.completeExceptionally(new InferenceTimeoutException(
                    InferenceTimeoutException.Budget.TOTAL, budget, "transform job " + job.id() + " did not finish"
                            + " within the total budget of " + budget + "; it goes on: resume it with its token ("
                            + job.token() + ")", null)), budget.toNanos(), TimeUnit.NANOSECONDS);
            job.future().whenComplete((r, x) -> {
                timer.cancel(false);
                if (x != null) {
                    out.completeExceptionally(Futures.unwrap(x));
                } else {
                    out.complete(r);
                }
            });
            out.whenComplete((r, x) -> {
                if (out.isCancelled()) {
                    job.cancel();
                }
            });
        });
        return out;
    }

    // ------------------------------------------------------------------ resume and attach

    private ResumeToken checkToken(String token, ResumeToken.Kind kind) {
        ResumeToken t = ResumeToken.parse(token);
        if (t.kind() != kind) {
            throw new InvalidRequestException("token", t.id(), kind == ResumeToken.Kind.SCORING
                    ? "this is an inference token; use resume(token)" : "this is a scoring token; use"
                            + " resumeScoring(token)");
        }
        if (t.mode() != InvocationMode.BATCH) {
            throw new InvalidRequestException("token", t.id(), "the token is for mode " + t.mode()
                    + " but this client is BATCH; resume it with a client of that mode");
        }
        if (!t.name().equals(model())) {
            throw new InvalidRequestException("token", t.id(), "the token is for model " + t.name()
                    + " but this client's is " + model());
        }
        String tokenRegion = t.get("region").orElse(null);
        if (tokenRegion != null && region != null && !tokenRegion.equals(region)) {
            throw new InvalidRequestException("token", t.id(), "the token is for Region " + tokenRegion
                    + " but this client's is " + region);
        }
        return t;
    }

    private TransformScoringJob resumed(ResumeToken t) {
        TransformScoringJob job = new TransformScoringJob(this, JobSpec.fromToken(t), null);
        LOG.debug("resume: model={} job={}", model(), t.id());
        job.startPolling(Duration.ZERO); // it may have ended while nobody was waiting
        return job;
    }

    @Override
    public ScoringJob resumeScoring(String token) {
        checkOpen();
        return resumed(checkToken(token, ResumeToken.Kind.SCORING));
    }

    @Override
    public InferenceJob resume(String token) {
        checkOpen();
        return new TransformInferenceJob(resumed(checkToken(token, ResumeToken.Kind.INFERENCE)), this);
    }

    /**
     * Attaches to an existing transform job by name, from its description: its input (S3 prefix or manifest), output
     * path, split and join.
     *
     * @param jobName the job
     * @return the handle
     * @throws InvalidRequestException if there is no such job, or it runs another model
     */
    public ScoringJob attach(String jobName) {
        checkOpen();
        if (jobName == null || !JOB_NAME.matcher(jobName).matches()) {
            throw new InvalidRequestException("jobName", jobName, "a transform job name is 1-63 letters, digits and"
                    + " hyphens, starting and ending with a letter or digit");
        }
        DescribeTransformJobResponse d = control.describe(jobName).orElseThrow(() -> new InvalidRequestException(
                "jobName", jobName, "there is no transform job with this name" + (region == null ? ""
                        : " in Region " + region) + "; check the name and the Region"));
        if (!model().equals(d.modelName())) {
            throw new InvalidRequestException("jobName", jobName, "the job runs model " + d.modelName()
                    + " but this client's model is " + model() + "; attach with a BATCH client built with"
                    + " endpointName(\"" + d.modelName() + "\")");
        }
        TransformScoringJob job = new TransformScoringJob(this, JobSpec.fromDescribe(d, control.tags(
                d.transformJobArn()), region), d.creationTime());
        follow(job, d);
        return job;
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
        io.shutdownNow();
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
        return "InferenceClient[BATCH model " + model() + ", " + options + "]";
    }
}
