package io.github.sminference;

import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.RequestValidator;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How a dataset is scored by {@link InferenceClient#score(Dataset, ScoringOptions)}: the portable settings of a
 * SageMaker transform job (batch strategy, payload size, concurrency, output assembly, join), which the endpoint
 * modes also honour when they fan records out. Unset values take the model container's
 * {@code /execution-parameters} where the mode can ask, then SageMaker's defaults.
 *
 * <p>Sizes follow SageMaker: {@code MaxPayloadInMB} counts megabytes of 1,048,576 bytes, and
 * {@code MaxPayloadInMB x MaxConcurrentTransforms} may not exceed 100. Immutable and thread-safe.
 */
public final class ScoringOptions {
    private static final ScoringOptions DEFAULTS = builder().build();
    private static final Pattern JOB_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");

    /** One megabyte as SageMaker counts MaxPayloadInMB. */
    public static final long MB = 1_048_576L;

    /** How records are grouped into requests. */
    public enum BatchStrategy {
        /** One record per request. */
        SINGLE_RECORD,
        /** As many records per request as fit under MaxPayloadInMB. */
        MULTI_RECORD
    }

    /** How responses are written to the {@code .out} output. */
    public enum AssembleWith {
        /** Responses concatenated as they are. */
        NONE,
        /** A line break after each response. */
        LINE
    }

    /** What a record that fails does to a fan-out over an endpoint. */
    public enum RecordErrors {
        /** The first failed record fails the whole job (the default, as a transform job does). */
        FAIL_JOB,
        /** A failed record is reported in the record stream ({@link ScoredRecord#error()}) and the job goes on. */
        REPORT
    }

    /** What the output holds. */
    public enum JoinSource {
        /** Only the model's output. */
        NONE,
        /** Each input record joined with its output (CSV: output appended to the row; JSON: a SageMakerOutput field). */
        INPUT
    }

    private final BatchStrategy batchStrategy;
    private final Integer maxPayloadInMb;
    private final Integer maxConcurrentTransforms;
    private final AssembleWith assembleWith;
    private final JoinSource joinSource;
    private final Duration modelTimeout;
    private final int maxRetries;
    private final String outputLocation;
    private final String jobName;
    private final String idempotencyKey;
    private final Double requestsPerSecond;
    private final RecordErrors recordErrors;

    private ScoringOptions(Builder b) {
        this.batchStrategy = b.batchStrategy;
        this.maxPayloadInMb = b.maxPayloadInMb;
        this.maxConcurrentTransforms = b.maxConcurrentTransforms;
        this.assembleWith = b.assembleWith;
        this.joinSource = b.joinSource;
        this.modelTimeout = b.modelTimeout;
        this.maxRetries = b.maxRetries;
        this.outputLocation = b.outputLocation;
        this.jobName = b.jobName;
        this.idempotencyKey = b.idempotencyKey;
        this.requestsPerSecond = b.requestsPerSecond;
        this.recordErrors = b.recordErrors;
    }

    /**
     * The defaults: everything unset (container or SageMaker defaults), join none, 3 retries.
     *
     * @return the defaults
     */
    public static ScoringOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchStrategy = batchStrategy;
        b.maxPayloadInMb = maxPayloadInMb;
        b.maxConcurrentTransforms = maxConcurrentTransforms;
        b.assembleWith = assembleWith;
        b.joinSource = joinSource;
        b.modelTimeout = modelTimeout;
        b.maxRetries = maxRetries;
        b.outputLocation = outputLocation;
        b.jobName = jobName;
        b.idempotencyKey = idempotencyKey;
        b.requestsPerSecond = requestsPerSecond;
        b.recordErrors = recordErrors;
        return b;
    }

    /**
     * The batch strategy.
     *
     * @return the strategy, or empty for the container's (else MultiRecord)
     */
    public Optional<BatchStrategy> batchStrategy() {
        return Optional.ofNullable(batchStrategy);
    }

    /**
     * The largest request, in MB of 1,048,576 bytes; 0 means unlimited.
     *
     * @return 0-100, or empty for the container's (else 6)
     */
    public OptionalInt maxPayloadInMb() {
        return maxPayloadInMb == null ? OptionalInt.empty() : OptionalInt.of(maxPayloadInMb);
    }

    /**
     * How many requests run at once.
     *
     * @return at least 1, or empty for the container's (else 1)
     */
    public OptionalInt maxConcurrentTransforms() {
        return maxConcurrentTransforms == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrentTransforms);
    }

    /**
     * How responses are assembled.
     *
     * @return the assembly, or empty: {@code LINE} when records are split by line (so outputs pair with inputs),
     *     else {@code NONE}
     */
    public Optional<AssembleWith> assembleWith() {
        return Optional.ofNullable(assembleWith);
    }

    /**
     * What the output holds.
     *
     * @return the join
     */
    public JoinSource joinSource() {
        return joinSource;
    }

    /**
     * The per-request model time (InvocationsTimeoutInSeconds, 1-3600 s).
     *
     * @return the time, or empty for SageMaker's 600 s
     */
    public Optional<Duration> modelTimeout() {
        return Optional.ofNullable(modelTimeout);
    }

    /**
     * Retries per failed request (InvocationsMaxRetries, 0-3).
     *
     * @return the retries
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * Where outputs go: a local folder (local mode) or {@code s3://bucket/prefix} (AWS).
     *
     * @return the location, or empty for the mode's default
     */
    public Optional<String> outputLocation() {
        return Optional.ofNullable(outputLocation);
    }

    /**
     * The job's name (1-63 letters, digits and inner hyphens).
     *
     * @return the name, or empty to derive one (from the idempotency key when set)
     */
    public Optional<String> jobName() {
        return Optional.ofNullable(jobName);
    }

    /**
     * A key that makes a retried submission attach to the job it created instead of starting a second one.
     *
     * @return the key, or empty
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /**
     * For a fan-out over an endpoint: the most requests per second.
     *
     * @return the rate, or empty for no limit beyond the concurrency
     */
    public Optional<Double> requestsPerSecond() {
        return Optional.ofNullable(requestsPerSecond);
    }

    /**
     * For a fan-out over an endpoint: whether a failed record fails the job or is reported per record.
     *
     * @return the mode (default {@link RecordErrors#FAIL_JOB})
     */
    public RecordErrors recordErrors() {
        return recordErrors;
    }

    /**
     * The largest request in bytes for the given MaxPayloadInMB.
     *
     * @param mb megabytes of 1,048,576 bytes; 0 = unlimited
     * @return bytes, or {@link Long#MAX_VALUE} for 0
     */
    public static long payloadBytes(int mb) {
        return mb == 0 ? Long.MAX_VALUE : mb * MB;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScoringOptions)) {
            return false;
        }
        ScoringOptions s = (ScoringOptions) o;
        return maxRetries == s.maxRetries && batchStrategy == s.batchStrategy
                && Objects.equals(maxPayloadInMb, s.maxPayloadInMb)
                && Objects.equals(maxConcurrentTransforms, s.maxConcurrentTransforms)
                && assembleWith == s.assembleWith && joinSource == s.joinSource
                && Objects.equals(modelTimeout, s.modelTimeout) && Objects.equals(outputLocation, s.outputLocation)
                && Objects.equals(jobName, s.jobName) && Objects.equals(idempotencyKey, s.idempotencyKey)
                && Objects.equals(requestsPerSecond, s.requestsPerSecond) && recordErrors == s.recordErrors;
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchStrategy, maxPayloadInMb, maxConcurrentTransforms, assembleWith, joinSource,
                modelTimeout, maxRetries, outputLocation, jobName, idempotencyKey, requestsPerSecond, recordErrors);
    }

    @Override
    public String toString() {
        return "ScoringOptions[strategy=" + batchStrategy + ", maxPayloadInMB=" + maxPayloadInMb
                + ", maxConcurrentTransforms=" + maxConcurrentTransforms + ", assembleWith=" + assembleWith
                + ", join=" + joinSource + ", modelTimeout=" + modelTimeout + ", maxRetries=" + maxRetries
                + (outputLocation == null ? "" : ", output=" + outputLocation)
                + (jobName == null ? "" : ", jobName=" + jobName)
                + (idempotencyKey == null ? "" : ", idempotencyKey=" + idempotencyKey)
                + (requestsPerSecond == null ? "" : ", requestsPerSecond=" + requestsPerSecond)
                + ", recordErrors=" + recordErrors + "]";
    }

    /** Builds {@link ScoringOptions}. Not thread-safe. */
    public static final class Builder {
        private BatchStrategy batchStrategy;
        private Integer maxPayloadInMb;
        private Integer maxConcurrentTransforms;
        private AssembleWith assembleWith;
        private JoinSource joinSource = JoinSource.NONE;
        private Duration modelTimeout;
        private int maxRetries = 3;
        private String outputLocation;
        private String jobName;
        private String idempotencyKey;
        private Double requestsPerSecond;
        private RecordErrors recordErrors = RecordErrors.FAIL_JOB;

        private Builder() {
        }

        /**
         * Limits a fan-out over an endpoint to this many requests per second.
         *
         * @param perSecond a positive rate, or {@code null} for no limit
         * @return this builder
         */
        public Builder requestsPerSecond(Double perSecond) {
            this.requestsPerSecond = perSecond;
            return this;
        }

        /**
         * Chooses whether a failed record fails a fan-out job or is reported per record.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder recordErrors(RecordErrors mode) {
            this.recordErrors = Objects.requireNonNull(mode, "recordErrors");
            return this;
        }

        /**
         * Sets the batch strategy.
         *
         * @param batchStrategy the strategy, or {@code null} for the default
         * @return this builder
         */
        public Builder batchStrategy(BatchStrategy batchStrategy) {
            this.batchStrategy = batchStrategy;
            return this;
        }

        /**
         * Sets MaxPayloadInMB.
         *
         * @param mb 0 (unlimited) to 100, or {@code null} for the default
         * @return this builder
         */
        public Builder maxPayloadInMb(Integer mb) {
            this.maxPayloadInMb = mb;
            return this;
        }

        /**
         * Sets MaxConcurrentTransforms.
         *
         * @param n 1 or more, or {@code null} for the default
         * @return this builder
         */
        public Builder maxConcurrentTransforms(Integer n) {
            this.maxConcurrentTransforms = n;
            return this;
        }

        /**
         * Sets how responses are assembled.
         *
         * @param assembleWith the assembly, or {@code null} for the default
         * @return this builder
         */
        public Builder assembleWith(AssembleWith assembleWith) {
            this.assembleWith = assembleWith;
            return this;
        }

        /**
         * Sets what the output holds.
         *
         * @param joinSource NONE or INPUT (CSV and JSON Lines only)
         * @return this builder
         */
        public Builder joinSource(JoinSource joinSource) {
            this.joinSource = Objects.requireNonNull(joinSource, "joinSource");
            return this;
        }

        /**
         * Sets the per-request model time.
         *
         * @param modelTimeout 1-3600 s, or {@code null} for 600 s
         * @return this builder
         */
        public Builder modelTimeout(Duration modelTimeout) {
            this.modelTimeout = modelTimeout;
            return this;
        }

        /**
         * Sets the retries per failed request.
         *
         * @param maxRetries 0-3
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Sets where outputs go.
         *
         * @param outputLocation a local folder or {@code s3://bucket/prefix}, or {@code null} for the default
         * @return this builder
         */
        public Builder outputLocation(String outputLocation) {
            this.outputLocation = outputLocation;
            return this;
        }

        /**
         * Sets the job's name.
         *
         * @param jobName 1-63 letters, digits and inner hyphens, or {@code null} to derive one
         * @return this builder
         */
        public Builder jobName(String jobName) {
            this.jobName = jobName;
            return this;
        }

        /**
         * Sets the idempotency key.
         *
         * @param idempotencyKey 1-128 printable characters, or {@code null}
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Builds the options, checking each value and the SageMaker rule MaxPayloadInMB x MaxConcurrentTransforms
         * &lt;= 100.
         *
         * @return the options
         * @throws InvalidRequestException naming the field, the value and the fix
         */
        public ScoringOptions build() {
            if (maxPayloadInMb != null && (maxPayloadInMb < 0 || maxPayloadInMb > 100)) {
                throw new InvalidRequestException("maxPayloadInMb", maxPayloadInMb.toString(),
                        "MaxPayloadInMB is 0 (unlimited) to 100");
            }
            if (maxConcurrentTransforms != null && maxConcurrentTransforms < 1) {
                throw new InvalidRequestException("maxConcurrentTransforms", maxConcurrentTransforms.toString(),
                        "pass 1 or more, or null for the container's default");
            }
            if (maxPayloadInMb != null && maxConcurrentTransforms != null
                    && (long) maxPayloadInMb * maxConcurrentTransforms > 100) {
                throw new InvalidRequestException("maxPayloadInMb x maxConcurrentTransforms",
                        maxPayloadInMb + " x " + maxConcurrentTransforms,
                        "SageMaker requires MaxPayloadInMB x MaxConcurrentTransforms <= 100; lower one of them");
            }
            if (modelTimeout != null && (modelTimeout.compareTo(Duration.ofSeconds(1)) < 0
                    || modelTimeout.compareTo(Duration.ofSeconds(3600)) > 0)) {
                throw new InvalidRequestException("modelTimeout", modelTimeout.toString(),
                        "InvocationsTimeoutInSeconds is 1 to 3600 s");
            }
            if (requestsPerSecond != null && !(requestsPerSecond > 0 && requestsPerSecond < 1e9)) {
                throw new InvalidRequestException("requestsPerSecond", requestsPerSecond.toString(),
                        "pass a positive rate, or null for no limit");
            }
            if (maxRetries < 0 || maxRetries > 3) {
                throw new InvalidRequestException("maxRetries", Integer.toString(maxRetries),
                        "InvocationsMaxRetries is 0 to 3");
            }
            if (jobName != null && !JOB_NAME.matcher(jobName).matches()) {
                throw new InvalidRequestException("jobName", RequestValidator.abbreviate(jobName),
                        "a job name is 1-63 letters, digits and hyphens, starting and ending with a letter or digit");
            }
            if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 128
                    || !idempotencyKey.matches("\\A[\\x21-\\x7E][\\x20-\\x7E]*\\z"))) {
                throw new InvalidRequestException("idempotencyKey", RequestValidator.abbreviate(idempotencyKey),
                        "1-128 printable ASCII characters, not starting with whitespace");
            }
            return new ScoringOptions(this);
        }
    }
}
