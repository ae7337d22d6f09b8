package io.github.sminference.aws;

import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@code BATCH} client runs SageMaker transform jobs: every CreateTransformJob field that the portable
 * {@link io.github.sminference.ScoringOptions} does not carry (instances, locations, encryption, environment, tags,
 * compression, filters, data capture, experiment), plus how the client stages local input, waits for a job and
 * reads its output.
 *
 * <pre>{@code
 * TransformJobOptions options = TransformJobOptions.builder()
 *         .instanceType("ml.m5.xlarge")
 *         .instanceCount(2)
 *         .inputStagingLocation("s3://my-bucket/batch-inputs")     // local files and records go here
 *         .defaultOutputLocation("s3://my-bucket/batch-outputs")   // when ScoringOptions has no outputLocation
 *         .build();
 * }</pre>
 *
 * <p>Locations:
 * <ul>
 *   <li>{@link #inputStagingLocation()}: local files ({@code Dataset.ofFiles}), in-memory records and the payloads of
 *       {@code predict}/{@code submit} are uploaded under {@code <staging>/<jobName>/}, and that prefix is the job's
 *       input. Datasets already in S3 are used where they are.</li>
 *   <li>{@link #defaultOutputLocation()}: a job's outputs go to {@code <defaultOutputLocation>/<jobName>/}, so jobs
 *       never overwrite each other's outputs; {@code ScoringOptions.outputLocation} is used as given instead.</li>
 * </ul>
 *
 * <p>Waiting: the client polls DescribeTransformJob starting at {@link #pollInitialInterval()} (5 s), multiplying
 * the interval by {@link #pollMultiplier()} (2) up to {@link #pollMaxInterval()} (2 min), with no limit on the
 * number of polls, so jobs of hours or days are followed to the end (the AWS SDK's standard waiter gives up after
 * about an hour). Polls run on the client's scheduler; no thread sleeps.
 *
 * <p>Results: {@code ScoringJob.records()} streams the {@code .out} objects in input order once the job has ended,
 * downloading the next {@link #prefetchObjects()} objects in parallel, and pairs each output line with its input
 * line (unless the job joined them, {@code JoinSource=Input}, when the inputs are not read). A transform job reports
 * no record counts, so {@code ScoringSummary.recordsTotal()} and {@code recordsSucceeded()} are -1 (unknown); count
 * the records as you read them. Its {@code outputLocations()} lists the {@code .out} objects in input order.
 *
 * <p>Everything is validated in {@link Builder#build()} against the limits of the SageMaker API model; the error
 * names the field, the value and the fix. Immutable and thread-safe. {@code toString()} shows environment
 * variable names but never their values.
 */
public final class TransformJobOptions {
    /** Tag keys this library writes on the jobs it creates; user tags may not use this prefix. */
    public static final String RESERVED_TAG_PREFIX = "sminference:";
    /** How many tags a job may carry in all (the API's limit). */
    public static final int MAX_TAGS = 50;
    /** How many of the job's tags the library uses for itself (the input digest and the input order). */
    public static final int RESERVED_TAGS = 2;

    private static final Pattern INSTANCE_TYPE = Pattern.compile("^ml\\.[a-z0-9]+\\.[a-z0-9]+$");
    private static final Pattern KMS = Pattern.compile("^[a-zA-Z0-9:/_-]*$");
    private static final Pattern AMI = Pattern.compile("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$");
    private static final Pattern ENV_KEY = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Pattern TAG = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$");
    private static final Pattern EXPERIMENT = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$");
    private static final Pattern ACCOUNT = Pattern.compile("^[0-9]{12}$");
    private static final long MIB = 1_048_576L;

    /** Whether SageMaker decompresses the input before sending it to the model (TransformInput.CompressionType). */
    public enum Compression {
        /** The input is sent as it is. */
        NONE,
        /** The input objects are gzip files; SageMaker decompresses them (the outputs are not compressed). */
        GZIP
    }

    private final String instanceType;
    private final int instanceCount;
    private final String defaultOutputLocation;
    private final String inputStagingLocation;
    private final String outputKmsKeyId;
    private final String volumeKmsKeyId;
    private final String transformAmiVersion;
    private final Map<String, String> environment;
    private final Map<String, String> tags;
    private final Compression compression;
    private final String inputFilter;
    private final String outputFilter;
    private final String dataCaptureDestination;
    private final String dataCaptureKmsKeyId;
    private final Boolean dataCaptureGenerateInferenceId;
    private final String experimentName;
    private final String trialName;
    private final String trialComponentDisplayName;
    private final String runName;
    private final String expectedBucketOwner;
    private final Duration pollInitialInterval;
    private final Duration pollMaxInterval;
    private final double pollMultiplier;
    private final Duration stopTimeout;
    private final int prefetchObjects;
    private final long uploadPartSizeBytes;
    private final int uploadConcurrency;
    private final int requestMaxPayloadInMb;

    private TransformJobOptions(Builder b) {
        this.instanceType = b.instanceType;
        this.instanceCount = b.instanceCount;
        this.defaultOutputLocation = b.defaultOutputLocation;
        this.inputStagingLocation = b.inputStagingLocation;
        this.outputKmsKeyId = b.outputKmsKeyId;
        this.volumeKmsKeyId = b.volumeKmsKeyId;
        this.transformAmiVersion = b.transformAmiVersion;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        this.compression = b.compression;
        this.inputFilter = b.inputFilter;
        this.outputFilter = b.outputFilter;
        this.dataCaptureDestination = b.dataCaptureDestination;
        this.dataCaptureKmsKeyId = b.dataCaptureKmsKeyId;
        this.dataCaptureGenerateInferenceId = b.dataCaptureGenerateInferenceId;
        this.experimentName = b.experimentName;
        this.trialName = b.trialName;
        this.trialComponentDisplayName = b.trialComponentDisplayName;
        this.runName = b.runName;
        this.expectedBucketOwner = b.expectedBucketOwner;
        this.pollInitialInterval = b.pollInitialInterval;
        this.pollMaxInterval = b.pollMaxInterval;
        this.pollMultiplier = b.pollMultiplier;
        this.stopTimeout = b.stopTimeout;
        this.prefetchObjects = b.prefetchObjects;
        this.uploadPartSizeBytes = b.uploadPartSizeBytes;
        this.uploadConcurrency = b.uploadConcurrency;
        this.requestMaxPayloadInMb = b.requestMaxPayloadInMb;
    }

    /**
     * A new builder; {@link Builder#instanceType(String)} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a builder holding every value of these options
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.instanceType = instanceType;
        b.instanceCount = instanceCount;
        b.defaultOutputLocation = defaultOutputLocation;
        b.inputStagingLocation = inputStagingLocation;
        b.outputKmsKeyId = outputKmsKeyId;
        b.volumeKmsKeyId = volumeKmsKeyId;
        b.transformAmiVersion = transformAmiVersion;
        b.environment.putAll(environment);
        b.tags.putAll(tags);
        b.compression = compression;
        b.inputFilter = inputFilter;
        b.outputFilter = outputFilter;
        b.dataCaptureDestination = dataCaptureDestination;
        b.dataCaptureKmsKeyId = dataCaptureKmsKeyId;
        b.dataCaptureGenerateInferenceId = dataCaptureGenerateInferenceId;
        b.experimentName = experimentName;
        b.trialName = trialName;
        b.trialComponentDisplayName = trialComponentDisplayName;
        b.runName = runName;
        b.expectedBucketOwner = expectedBucketOwner;
        b.pollInitialInterval = pollInitialInterval;
        b.pollMaxInterval = pollMaxInterval;
        b.pollMultiplier = pollMultiplier;
        b.stopTimeout = stopTimeout;
        b.prefetchObjects = prefetchObjects;
        b.uploadPartSizeBytes = uploadPartSizeBytes;
        b.uploadConcurrency = uploadConcurrency;
        b.requestMaxPayloadInMb = requestMaxPayloadInMb;
        return b;
    }

    /**
     * The ML compute instance type (TransformResources.InstanceType).
     *
     * @return e.g. {@code ml.m5.xlarge}
     */
    public String instanceType() {
        return instanceType;
    }

    /**
     * How many instances run the job (TransformResources.InstanceCount).
     *
     * @return 1 to 100
     */
    public int instanceCount() {
        return instanceCount;
    }

    /**
     * Where outputs go when {@code ScoringOptions.outputLocation} is not set: under
     * {@code <defaultOutputLocation>/<jobName>/}.
     *
     * @return an {@code s3://} prefix, or empty (then every job must name its output location)
     */
    public Optional<String> defaultOutputLocation() {
        return Optional.ofNullable(defaultOutputLocation);
    }

    /**
     * Where local files, in-memory records and single payloads are uploaded, under {@code <staging>/<jobName>/}.
     *
     * @return an {@code s3://} prefix, or empty (then only datasets already in S3 can be scored)
     */
    public Optional<String> inputStagingLocation() {
        return Optional.ofNullable(inputStagingLocation);
    }

    /**
     * The KMS key that encrypts the outputs (TransformOutput.KmsKeyId).
     *
     * @return a key id, key ARN, alias name or alias ARN, or empty
     */
    public Optional<String> outputKmsKeyId() {
        return Optional.ofNullable(outputKmsKeyId);
    }

    /**
     * The KMS key that encrypts the instances' storage volumes (TransformResources.VolumeKmsKeyId).
     *
     * @return a key id, key ARN, alias name or alias ARN, or empty
     */
    public Optional<String> volumeKmsKeyId() {
        return Optional.ofNullable(volumeKmsKeyId);
    }

    /**
     * The AMI version of the instances (TransformResources.TransformAmiVersion), for GPU driver versions.
     *
     * @return e.g. {@code al2-ami-sagemaker-batch-gpu-535}, or empty for the service's default
     */
    public Optional<String> transformAmiVersion() {
        return Optional.ofNullable(transformAmiVersion);
    }

    /**
     * The environment variables set in the model container.
     *
     * @return an unmodifiable map (at most 16 entries), in insertion order
     */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The tags put on each job, besides the library's own (keys starting with {@value #RESERVED_TAG_PREFIX}).
     *
     * @return an unmodifiable map (at most {@value #MAX_TAGS} - {@value #RESERVED_TAGS} entries), in insertion order
     */
    public Map<String, String> tags() {
        return tags;
    }

    /**
     * Whether the input is gzip-compressed (TransformInput.CompressionType).
     *
     * @return the compression (default {@link Compression#NONE})
     */
    public Compression compression() {
        return compression;
    }

    /**
     * The JSONPath that selects the part of each input record sent to the model (DataProcessing.InputFilter).
     *
     * @return the expression (at most 63 characters), e.g. {@code $[1:]}, or empty
     */
    public Optional<String> inputFilter() {
        return Optional.ofNullable(inputFilter);
    }

    /**
     * The JSONPath that selects what is written for each record (DataProcessing.OutputFilter).
     *
     * @return the expression (at most 63 characters), e.g. {@code $['id','SageMakerOutput']}, or empty
     */
    public Optional<String> outputFilter() {
        return Optional.ofNullable(outputFilter);
    }

    /**
     * Where batch data capture writes (DataCaptureConfig.DestinationS3Uri).
     *
     * @return an {@code s3://} location, or empty for no data capture
     */
    public Optional<String> dataCaptureDestination() {
        return Optional.ofNullable(dataCaptureDestination);
    }

    /**
     * The KMS key that encrypts captured data (DataCaptureConfig.KmsKeyId).
     *
     * @return the key, or empty
     */
    public Optional<String> dataCaptureKmsKeyId() {
        return Optional.ofNullable(dataCaptureKmsKeyId);
    }

    /**
     * Whether captured data gets an inference id per record (DataCaptureConfig.GenerateInferenceId).
     *
     * @return the flag, or empty for the service's default
     */
    public Optional<Boolean> dataCaptureGenerateInferenceId() {
        return Optional.ofNullable(dataCaptureGenerateInferenceId);
    }

    /**
     * The experiment the job is recorded in (ExperimentConfig.ExperimentName).
     *
     * @return the name, or empty
     */
    public Optional<String> experimentName() {
        return Optional.ofNullable(experimentName);
    }

    /**
     * The trial the job is recorded in (ExperimentConfig.TrialName).
     *
     * @return the name, or empty
     */
    public Optional<String> trialName() {
        return Optional.ofNullable(trialName);
    }

    /**
     * The display name of the job's trial component (ExperimentConfig.TrialComponentDisplayName).
     *
     * @return the name, or empty
     */
    public Optional<String> trialComponentDisplayName() {
        return Optional.ofNullable(trialComponentDisplayName);
    }

    /**
     * The experiment run the job is recorded in (ExperimentConfig.RunName).
     *
     * @return the name, or empty
     */
    public Optional<String> runName() {
        return Optional.ofNullable(runName);
    }

    /**
     * The account that must own every bucket the client reads or writes (sent as the expected bucket owner on every
     * S3 call), so a bucket name taken over by another account fails instead of receiving data.
     *
     * @return a 12-digit account id, or empty
     */
    public Optional<String> expectedBucketOwner() {
        return Optional.ofNullable(expectedBucketOwner);
    }

    /**
     * The first interval between DescribeTransformJob polls.
     *
     * @return the interval (default 5 s)
     */
    public Duration pollInitialInterval() {
        return pollInitialInterval;
    }

    /**
     * The longest interval between polls.
     *
     * @return the interval (default 2 min)
     */
    public Duration pollMaxInterval() {
        return pollMaxInterval;
    }

    /**
     * The factor by which the poll interval grows after each poll.
     *
     * @return at least 1 (default 2)
     */
    public double pollMultiplier() {
        return pollMultiplier;
    }

    /**
     * How long {@code stopRemote()} waits, after StopTransformJob, for the job to reach Stopped.
     *
     * @return the time (default 20 min)
     */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /**
     * How many {@code .out} objects after the one being read are downloaded ahead, in parallel, while records are
     * read. Each object in flight holds at most 4 MiB of buffered data (and as much again for its input when
     * outputs are paired with inputs).
     *
     * @return 0 to 16 (default 2)
     */
    public int prefetchObjects() {
        return prefetchObjects;
    }

    /**
     * The part size of multipart uploads of local files; files up to this size are uploaded with one PUT. Files are
     * streamed from disk, never held in memory.
     *
     * @return bytes, 5 MiB to 5 GiB (default 64 MiB)
     */
    public long uploadPartSizeBytes() {
        return uploadPartSizeBytes;
    }

    /**
     * How many uploads (files or parts) run at once when staging local input.
     *
     * @return 1 to 64 (default 4)
     */
    public int uploadConcurrency() {
        return uploadConcurrency;
    }

    /**
     * The MaxPayloadInMB of the transform jobs that {@code predict} and {@code submit} run over one payload: the
     * payload is one request, so a payload larger than this is rejected before anything is uploaded.
     *
     * @return 1 to 100 MB of 1,048,576 bytes (default 6, the service's default)
     */
    public int requestMaxPayloadInMb() {
        return requestMaxPayloadInMb;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TransformJobOptions)) {
            return false;
        }
        TransformJobOptions t = (TransformJobOptions) o;
        return instanceCount == t.instanceCount && Double.compare(pollMultiplier, t.pollMultiplier) == 0
                && prefetchObjects == t.prefetchObjects && uploadPartSizeBytes == t.uploadPartSizeBytes
                && uploadConcurrency == t.uploadConcurrency && requestMaxPayloadInMb == t.requestMaxPayloadInMb
                && instanceType.equals(t.instanceType)
                && Objects.equals(defaultOutputLocation, t.defaultOutputLocation)
                && Objects.equals(inputStagingLocation, t.inputStagingLocation)
                && Objects.equals(outputKmsKeyId, t.outputKmsKeyId) && Objects.equals(volumeKmsKeyId, t.volumeKmsKeyId)
                && Objects.equals(transformAmiVersion, t.transformAmiVersion) && environment.equals(t.environment)
                && tags.equals(t.tags) && compression == t.compression && Objects.equals(inputFilter, t.inputFilter)
                && Objects.equals(outputFilter, t.outputFilter)
                && Objects.equals(dataCaptureDestination, t.dataCaptureDestination)
                && Objects.equals(dataCaptureKmsKeyId, t.dataCaptureKmsKeyId)
                && Objects.equals(dataCaptureGenerateInferenceId, t.dataCaptureGenerateInferenceId)
                && Objects.equals(experimentName, t.experimentName) && Objects.equals(trialName, t.trialName)
                && Objects.equals(trialComponentDisplayName, t.trialComponentDisplayName)
                && Objects.equals(runName, t.runName) && Objects.equals(expectedBucketOwner, t.expectedBucketOwner)
                && pollInitialInterval.equals(t.pollInitialInterval) && pollMaxInterval.equals(t.pollMaxInterval)
                && stopTimeout.equals(t.stopTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceType, instanceCount, defaultOutputLocation, inputStagingLocation, outputKmsKeyId,
                volumeKmsKeyId, transformAmiVersion, environment, tags, compression, inputFilter, outputFilter,
                dataCaptureDestination, dataCaptureKmsKeyId, dataCaptureGenerateInferenceId, experimentName,
                trialName, trialComponentDisplayName, runName, expectedBucketOwner, pollInitialInterval,
                pollMaxInterval, pollMultiplier, stopTimeout, prefetchObjects, uploadPartSizeBytes, uploadConcurrency,
                requestMaxPayloadInMb);
    }

    /** Names every setting; environment values are left out (they may hold secrets). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TransformJobOptions[").append(instanceCount).append(" x ")
                .append(instanceType);
        append(sb, "defaultOutput", defaultOutputLocation);
        append(sb, "inputStaging", inputStagingLocation);
        append(sb, "outputKmsKeyId", outputKmsKeyId);
        append(sb, "volumeKmsKeyId", volumeKmsKeyId);
        append(sb, "amiVersion", transformAmiVersion);
        if (!environment.isEmpty()) {
            sb.append(", environment=").append(environment.keySet());
        }
        if (!tags.isEmpty()) {
            sb.append(", tags=").append(tags);
        }
        if (compression != Compression.NONE) {
            sb.append(", compression=").append(compression);
        }
        append(sb, "inputFilter", inputFilter);
        append(sb, "outputFilter", outputFilter);
        append(sb, "dataCapture", dataCaptureDestination);
        append(sb, "experiment", experimentName);
        append(sb, "trial", trialName);
        append(sb, "trialComponent", trialComponentDisplayName);
        append(sb, "run", runName);
        append(sb, "expectedBucketOwner", expectedBucketOwner);
        return sb.append(", poll=").append(pollInitialInterval).append("..").append(pollMaxInterval).append(" x")
                .append(pollMultiplier).append(", stopTimeout=").append(stopTimeout).append(", prefetch=")
                .append(prefetchObjects).append(", partSize=").append(uploadPartSizeBytes).append(", uploads=")
                .append(uploadConcurrency).append(", requestMaxPayloadInMB=").append(requestMaxPayloadInMb)
                .append(']').toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value);
        }
    }

    /** Builds {@link TransformJobOptions}. Not thread-safe. */
    public static final class Builder {
        private String instanceType;
        private int instanceCount = 1;
        private String defaultOutputLocation;
        private String inputStagingLocation;
        private String outputKmsKeyId;
        private String volumeKmsKeyId;
        private String transformAmiVersion;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Compression compression = Compression.NONE;
        private String inputFilter;
        private String outputFilter;
        private String dataCaptureDestination;
        private String dataCaptureKmsKeyId;
        private Boolean dataCaptureGenerateInferenceId;
        private String experimentName;
        private String trialName;
        private String trialComponentDisplayName;
        private String runName;
        private String expectedBucketOwner;
        private Duration pollInitialInterval = Duration.ofSeconds(5);
        private Duration pollMaxInterval = Duration.ofMinutes(2);
        private double pollMultiplier = 2.0;
        private Duration stopTimeout = Duration.ofMinutes(20);
        private int prefetchObjects = 2;
        private long uploadPartSizeBytes = 64 * MIB;
        private int uploadConcurrency = 4;
        private int requestMaxPayloadInMb = 6;

        private Builder() {
        }

        /**
         * Sets the instance type (required).
         *
         * @param instanceType an ML instance type, e.g. {@code ml.m5.xlarge}
         * @return this builder
         */
        public Builder instanceType(String instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /**
         * Sets the number of instances (default 1).
         *
         * @param instanceCount 1 to 100
         * @return this builder
         */
        public Builder instanceCount(int instanceCount) {
            this.instanceCount = instanceCount;
            return this;
        }

        /**
         * Sets where outputs go when {@code ScoringOptions.outputLocation} is not set; each job writes under
         * {@code <location>/<jobName>/}.
         *
         * @param location an {@code s3://bucket/prefix}, or {@code null}
         * @return this builder
         */
        public Builder defaultOutputLocation(String location) {
            this.defaultOutputLocation = location;
            return this;
        }

        /**
         * Sets where local files, records and single payloads are uploaded (under {@code <location>/<jobName>/}).
         *
         * @param location an {@code s3://bucket/prefix}, or {@code null}
         * @return this builder
         */
        public Builder inputStagingLocation(String location) {
            this.inputStagingLocation = location;
            return this;
        }

        /**
         * Sets the KMS key that encrypts the outputs.
         *
         * @param kmsKeyId a key id, key ARN, alias name or alias ARN, or {@code null}
         * @return this builder
         */
        public Builder outputKmsKeyId(String kmsKeyId) {
            this.outputKmsKeyId = kmsKeyId;
            return this;
        }

        /**
         * Sets the KMS key that encrypts the instances' storage volumes.
         *
         * @param kmsKeyId a key id, key ARN, alias name or alias ARN, or {@code null}
         * @return this builder
         */
        public Builder volumeKmsKeyId(String kmsKeyId) {
            this.volumeKmsKeyId = kmsKeyId;
            return this;
        }

        /**
         * Sets the instances' AMI version.
         *
         * @param version e.g. {@code al2-ami-sagemaker-batch-gpu-535}, or {@code null} for the default
         * @return this builder
         */
        public Builder transformAmiVersion(String version) {
            this.transformAmiVersion = version;
            return this;
        }

        /**
         * Replaces the container's environment variables.
         *
         * @param environment at most 16 entries; names {@code [a-zA-Z_][a-zA-Z0-9_]*} up to 1024 characters,
         *     values up to 10240 characters
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            this.environment.clear();
            this.environment.putAll(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /**
         * Adds one environment variable.
         *
         * @param name the variable's name
         * @param value its value
         * @return this builder
         */
        public Builder putEnvironment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        /**
         * Replaces the job tags.
         *
         * @param tags at most {@value TransformJobOptions#MAX_TAGS} - {@value TransformJobOptions#RESERVED_TAGS}
         *     entries; keys 1-128 and values 0-256 characters of letters, digits, spaces and {@code _.:/=+-@}
         * @return this builder
         */
        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            this.tags.putAll(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /**
         * Adds one job tag.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putTag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }

        /**
         * Sets whether the input is gzip-compressed.
         *
         * @param compression the compression
         * @return this builder
         */
        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Sets the input filter (a JSONPath applied to each input record).
         *
         * @param jsonPath at most 63 characters, or {@code null}
         * @return this builder
         */
        public Builder inputFilter(String jsonPath) {
            this.inputFilter = jsonPath;
            return this;
        }

        /**
         * Sets the output filter (a JSONPath applied to what is written for each record).
         *
         * @param jsonPath at most 63 characters, or {@code null}
         * @return this builder
         */
        public Builder outputFilter(String jsonPath) {
            this.outputFilter = jsonPath;
            return this;
        }

        /**
         * Turns on batch data capture.
         *
         * @param destinationS3Uri where captured data goes ({@code s3://...}), or {@code null} to turn it off
         * @param kmsKeyId the key that encrypts it, or {@code null}
         * @param generateInferenceId whether each record gets an inference id, or {@code null} for the default
         * @return this builder
         */
        public Builder dataCapture(String destinationS3Uri, String kmsKeyId, Boolean generateInferenceId) {
            this.dataCaptureDestination = destinationS3Uri;
            this.dataCaptureKmsKeyId = kmsKeyId;
            this.dataCaptureGenerateInferenceId = generateInferenceId;
            return this;
        }

        /**
         * Records the job in an experiment.
         *
         * @param experimentName the experiment, or {@code null}
         * @param trialName the trial, or {@code null}
         * @param trialComponentDisplayName the trial component's display name, or {@code null}
         * @return this builder
         */
        public Builder experiment(String experimentName, String trialName, String trialComponentDisplayName) {
            this.experimentName = experimentName;
            this.trialName = trialName;
            this.trialComponentDisplayName = trialComponentDisplayName;
            return this;
        }

        /**
         * Sets the experiment run the job is recorded in.
         *
         * @param runName the run, or {@code null}
         * @return this builder
         */
        public Builder runName(String runName) {
            this.runName = runName;
            return this;
        }

        /**
         * Sets the account that must own every bucket the client uses.
         *
         * @param accountId a 12-digit account id, or {@code null}
         * @return this builder
         */
        public Builder expectedBucketOwner(String accountId) {
            this.expectedBucketOwner = accountId;
            return this;
        }

        /**
         * Sets the poll intervals: the first, and the longest it grows to.
         *
         * @param initial the first interval; positive
         * @param max the longest interval; at least {@code initial}
         * @return this builder
         */
        public Builder pollInterval(Duration initial, Duration max) {
            this.pollInitialInterval = initial;
            this.pollMaxInterval = max;
            return this;
        }

        /**
         * Sets the factor by which the poll interval grows.
         *
         * @param multiplier at least 1 (1 = a fixed interval)
         * @return this builder
         */
        public Builder pollMultiplier(double multiplier) {
            this.pollMultiplier = multiplier;
            return this;
        }

        /**
         * Sets how long {@code stopRemote()} waits for the job to reach Stopped.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /**
         * Sets how many output objects are downloaded ahead while records are read.
         *
         * @param objects 0 to 16
         * @return this builder
         */
        public Builder prefetchObjects(int objects) {
            this.prefetchObjects = objects;
            return this;
        }

        /**
         * Sets the multipart part size for uploading local files.
         *
         * @param bytes 5 MiB to 5 GiB
         * @return this builder
         */
        public Builder uploadPartSizeBytes(long bytes) {
            this.uploadPartSizeBytes = bytes;
            return this;
        }

        /**
         * Sets how many uploads run at once.
         *
         * @param uploads 1 to 64
         * @return this builder
         */
        public Builder uploadConcurrency(int uploads) {
            this.uploadConcurrency = uploads;
            return this;
        }

        /**
         * Sets the MaxPayloadInMB of the jobs {@code predict} and {@code submit} run over one payload.
         *
         * @param mb 1 to 100
         * @return this builder
         */
        public Builder requestMaxPayloadInMb(int mb) {
            this.requestMaxPayloadInMb = mb;
            return this;
        }

        /**
         * Validates every value against the SageMaker API model and builds the options.
         *
         * @return the options
         * @throws InvalidRequestException naming the field, the value and the fix
         */
        public TransformJobOptions build() {
            if (instanceType == null || !INSTANCE_TYPE.matcher(instanceType).matches()) {
                throw new InvalidRequestException("instanceType", instanceType,
                        "set an ML instance type such as ml.m5.xlarge (TransformResources.InstanceType)");
            }
            if (instanceCount < 1 || instanceCount > 100) {
                throw new InvalidRequestException("instanceCount", Integer.toString(instanceCount),
                        "InstanceCount is 1 to 100");
            }
            s3("defaultOutputLocation", defaultOutputLocation);
            s3("inputStagingLocation", inputStagingLocation);
            kms("outputKmsKeyId", outputKmsKeyId);
            kms("volumeKmsKeyId", volumeKmsKeyId);
            if (transformAmiVersion != null && (transformAmiVersion.isEmpty() || transformAmiVersion.length() > 63
                    || !AMI.matcher(transformAmiVersion).matches())) {
                throw new InvalidRequestException("transformAmiVersion", transformAmiVersion,
                        "1-63 letters and digits in hyphen-separated groups, e.g. al2-ami-sagemaker-batch-gpu-535");
            }
            checkEnvironment();
            checkTags();
            filter("inputFilter", inputFilter);
            filter("outputFilter", outputFilter);
            s3("dataCapture.destinationS3Uri", dataCaptureDestination);
            kms("dataCapture.kmsKeyId", dataCaptureKmsKeyId);
            if (dataCaptureDestination == null && (dataCaptureKmsKeyId != null
                    || dataCaptureGenerateInferenceId != null)) {
                throw new InvalidRequestException("dataCapture.destinationS3Uri", null,
                        "data capture settings need a destination: pass dataCapture(\"s3://...\", ...)");
            }
            experiment("experimentName", experimentName);
            experiment("trialName", trialName);
            experiment("trialComponentDisplayName", trialComponentDisplayName);
            experiment("runName", runName);
            if (expectedBucketOwner != null && !ACCOUNT.matcher(expectedBucketOwner).matches()) {
                throw new InvalidRequestException("expectedBucketOwner", expectedBucketOwner,
                        "pass a 12-digit AWS account id");
            }
            if (pollInitialInterval == null || pollInitialInterval.isNegative() || pollInitialInterval.isZero()) {
                throw new InvalidRequestException("pollInterval.initial", String.valueOf(pollInitialInterval),
                        "pass a positive duration");
            }
            if (pollMaxInterval == null || pollMaxInterval.compareTo(pollInitialInterval) < 0) {
                throw new InvalidRequestException("pollInterval.max", String.valueOf(pollMaxInterval),
                        "pass a duration at least as long as the initial interval (" + pollInitialInterval + ")");
            }
            if (!(pollMultiplier >= 1.0 && pollMultiplier <= 100.0)) {
                throw new InvalidRequestException("pollMultiplier", Double.toString(pollMultiplier),
                        "pass a factor from 1 (fixed interval) to 100");
            }
            if (stopTimeout == null || stopTimeout.isNegative() || stopTimeout.isZero()) {
                throw new InvalidRequestException("stopTimeout", String.valueOf(stopTimeout),
                        "pass a positive duration");
            }
            if (prefetchObjects < 0 || prefetchObjects > 16) {
                throw new InvalidRequestException("prefetchObjects", Integer.toString(prefetchObjects),
                        "pass 0 (no prefetch) to 16");
            }
            if (uploadPartSizeBytes < 5 * MIB || uploadPartSizeBytes > 5 * 1024 * MIB) {
                throw new InvalidRequestException("uploadPartSizeBytes", Long.toString(uploadPartSizeBytes),
                        "S3 multipart parts are 5 MiB (5242880) to 5 GiB");
            }
            if (uploadConcurrency < 1 || uploadConcurrency > 64) {
                throw new InvalidRequestException("uploadConcurrency", Integer.toString(uploadConcurrency),
                        "pass 1 to 64");
            }
            if (requestMaxPayloadInMb < 1 || requestMaxPayloadInMb > 100) {
                throw new InvalidRequestException("requestMaxPayloadInMb", Integer.toString(requestMaxPayloadInMb),
                        "MaxPayloadInMB is 1 to 100 for a job over one payload");
            }
            return new TransformJobOptions(this);
        }

        private void checkEnvironment() {
            if (environment.size() > 16) {
                throw new InvalidRequestException("environment", environment.size() + " entries",
                        "a transform job takes at most 16 environment variables; remove "
                                + (environment.size() - 16) + " of them");
            }
            for (Map.Entry<String, String> e : environment.entrySet()) {
                String k = e.getKey();
                if (k == null || k.length() > 1024 || !ENV_KEY.matcher(k).matches()) {
                    throw new InvalidRequestException("environment", String.valueOf(k),
                            "environment variable names are [a-zA-Z_][a-zA-Z0-9_]*, at most 1024 characters");
                }
                if (e.getValue() == null || e.getValue().length() > 10240) {
                    throw new InvalidRequestException("environment[" + k + "]",
                            e.getValue() == null ? null : "<" + e.getValue().length() + " characters>",
                            "an environment value is a string of at most 10240 characters");
                }
            }
        }

        private void checkTags() {
            int max = MAX_TAGS - RESERVED_TAGS;
            if (tags.size() > max) {
                throw new InvalidRequestException("tags", tags.size() + " tags", "a job takes at most " + MAX_TAGS
                        + " tags, and this library uses " + RESERVED_TAGS + "; pass at most " + max);
            }
            for (Map.Entry<String, String> e : tags.entrySet()) {
                String k = e.getKey();
                if (k == null || k.isEmpty() || k.length() > 128 || !TAG.matcher(k).matches()) {
                    throw new InvalidRequestException("tags", String.valueOf(k), "a tag key is 1-128 letters,"
                            + " digits, spaces and _.:/=+-@");
                }
                if (k.startsWith("aws:") || k.startsWith(RESERVED_TAG_PREFIX)) {
                    throw new InvalidRequestException("tags", k, "tag keys starting with 'aws:' or '"
                            + RESERVED_TAG_PREFIX + "' are reserved; choose another key");
                }
                String v = e.getValue();
                if (v == null || v.length() > 256 || !TAG.matcher(v).matches()) {
                    throw new InvalidRequestException("tags[" + k + "]", v, "a tag value is 0-256 letters, digits,"
                            + " spaces and _.:/=+-@");
                }
            }
        }

        private static void s3(String field, String location) {
            if (location == null) {
                return;
            }
            if (!location.startsWith("s3://")) {
                throw new InvalidRequestException(field, location, "pass an s3://bucket/prefix location");
            }
            S3Uri.parse(field, location);
        }

        private static void kms(String field, String key) {
            if (key != null && (key.isEmpty() || key.length() > 2048 || !KMS.matcher(key).matches())) {
                throw new InvalidRequestException(field, key, "a KMS key id, key ARN, alias name or alias ARN of at"
                        + " most 2048 characters (letters, digits and :/_-)");
            }
        }

        private static void filter(String field, String jsonPath) {
            if (jsonPath != null && (jsonPath.isEmpty() || jsonPath.length() > 63)) {
                throw new InvalidRequestException(field, jsonPath, "a JSONPath expression of 1 to 63 characters,"
                        + " e.g. $[1:] or $['id','SageMakerOutput']");
            }
        }

        private static void experiment(String field, String name) {
            if (name != null && !EXPERIMENT.matcher(name).matches()) {
                throw new InvalidRequestException(field, name, "1-120 letters, digits and inner hyphens");
            }
        }
    }
}
