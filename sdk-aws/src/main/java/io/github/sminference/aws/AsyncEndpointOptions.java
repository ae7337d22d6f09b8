package io.github.sminference.aws;

import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@code ASYNC_ENDPOINT} client stages payloads and learns that a request finished.
 *
 * <ul>
 *   <li><b>Staging</b>: payloads (bytes, files, streams of known or unknown length, up to 1 GB) are uploaded under
 *       {@link #stagingLocation()} as {@code <prefix>/<inference-id>}: one PUT up to {@link #partSizeBytes()}, a
 *       multipart upload beyond, with at most {@link #uploadConcurrency()} parts in memory at once (bounded memory:
 *       a 1 GB payload stages with a 128 MB heap). Optional SSE-KMS key and expected bucket owner. A payload given as
 *       {@code Payload.ofLocation("s3://...")} is used as it is, never copied.</li>
 *   <li><b>Completion</b>: {@link Completion#POLLING} sends HEAD requests to the output and failure locations that
 *       InvokeEndpointAsync returned, with exponential backoff and jitter on a scheduler, until the request's deadline
 *       (queue TTL plus invocation timeout). {@link Completion#SNS} listens on an SQS queue subscribed to the
 *       endpoint's success and error topics; a notification only wakes the client up, and the outcome is always read
 *       from the locations InvokeEndpointAsync returned, never from the message. If no notification arrives within
 *       {@link #notificationFallback()}, the client polls.</li>
 * </ul>
 *
 * <p>IAM: {@code sagemaker:InvokeEndpointAsync}; {@code s3:PutObject} (and multipart) on the staging prefix;
 * {@code s3:GetObject} on the output and failure prefixes and {@code s3:ListBucket} on their bucket (without it S3
 * answers 403 instead of 404 for a key that does not exist yet; see {@link Builder#treatForbiddenAsMissing});
 * {@code s3:DeleteObject} to delete staged inputs; for SNS, {@code sqs:ReceiveMessage} and {@code sqs:DeleteMessage}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AsyncEndpointOptions {
    /** How the client learns that a request finished. */
    public enum Completion {
        /** HEAD the output and failure locations with backoff. */
        POLLING,
        /** Notifications through SNS to an SQS queue, falling back to polling. */
        SNS
    }

    /** S3's smallest multipart part (except the last). */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    private final String stagingLocation;
    private final String kmsKeyId;
    private final String expectedBucketOwner;
    private final boolean deleteStagedInputs;
    private final Completion completion;
    private final String notificationQueueUrl;
    private final Duration notificationFallback;
    private final Duration pollInitialInterval;
    private final Duration pollMaxInterval;
    private final double pollMultiplier;
    private final double pollJitter;
    private final boolean treatForbiddenAsMissing;
    private final long partSizeBytes;
    private final int uploadConcurrency;

    private AsyncEndpointOptions(Builder b) {
        this.stagingLocation = b.stagingLocation;
        this.kmsKeyId = b.kmsKeyId;
        this.expectedBucketOwner = b.expectedBucketOwner;
        this.deleteStagedInputs = b.deleteStagedInputs;
        this.completion = b.completion;
        this.notificationQueueUrl = b.notificationQueueUrl;
        this.notificationFallback = b.notificationFallback;
        this.pollInitialInterval = b.pollInitialInterval;
        this.pollMaxInterval = b.pollMaxInterval;
        this.pollMultiplier = b.pollMultiplier;
        this.pollJitter = b.pollJitter;
        this.treatForbiddenAsMissing = b.treatForbiddenAsMissing;
        this.partSizeBytes = b.partSizeBytes;
        this.uploadConcurrency = b.uploadConcurrency;
    }

    /**
     * A new builder.
     *
     * @return a builder with the defaults
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
        b.stagingLocation = stagingLocation;
        b.kmsKeyId = kmsKeyId;
        b.expectedBucketOwner = expectedBucketOwner;
        b.deleteStagedInputs = deleteStagedInputs;
        b.completion = completion;
        b.notificationQueueUrl = notificationQueueUrl;
        b.notificationFallback = notificationFallback;
        b.pollInitialInterval = pollInitialInterval;
        b.pollMaxInterval = pollMaxInterval;
        b.pollMultiplier = pollMultiplier;
        b.pollJitter = pollJitter;
        b.treatForbiddenAsMissing = treatForbiddenAsMissing;
        b.partSizeBytes = partSizeBytes;
        b.uploadConcurrency = uploadConcurrency;
        return b;
    }

    /**
     * Where payloads are staged: {@code s3://bucket/prefix}.
     *
     * @return the location, or empty if every request passes an {@code s3://} payload location
     */
    public Optional<String> stagingLocation() {
        return Optional.ofNullable(stagingLocation);
    }

    /**
     * The KMS key for SSE-KMS on staged payloads.
     *
     * @return the key id, ARN or alias, or empty for the bucket's default encryption
     */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    /**
     * The account expected to own the buckets (sent on every S3 call, which fails if another account owns it).
     *
     * @return the account id, or empty
     */
    public Optional<String> expectedBucketOwner() {
        return Optional.ofNullable(expectedBucketOwner);
    }

    /**
     * Whether staged payloads are deleted once their request completed (success or failure).
     *
     * @return {@code false} by default
     */
    public boolean deleteStagedInputs() {
        return deleteStagedInputs;
    }

    /**
     * How completion is detected.
     *
     * @return POLLING by default
     */
    public Completion completion() {
        return completion;
    }

    /**
     * The SQS queue subscribed to the endpoint's success and error topics (SNS completion).
     *
     * @return the queue URL, or empty
     */
    public Optional<String> notificationQueueUrl() {
        return Optional.ofNullable(notificationQueueUrl);
    }

    /**
     * How long to wait for a notification before polling (SNS completion).
     *
     * @return the duration (default 2 minutes)
     */
    public Duration notificationFallback() {
        return notificationFallback;
    }

    /**
     * The first polling interval.
     *
     * @return the duration (default 1 s)
     */
    public Duration pollInitialInterval() {
        return pollInitialInterval;
    }

    /**
     * The polling interval cap.
     *
     * @return the duration (default 30 s)
     */
    public Duration pollMaxInterval() {
        return pollMaxInterval;
    }

    /**
     * The polling backoff factor.
     *
     * @return the multiplier (default 2)
     */
    public double pollMultiplier() {
        return pollMultiplier;
    }

    /**
     * The polling jitter: each interval is drawn from {@code [d * (1 - jitter), d]}.
     *
     * @return 0 to 1 (default 0.2)
     */
    public double pollJitter() {
        return pollJitter;
    }

    /**
     * Whether a 403 on HEAD means "not there yet" (for callers without {@code s3:ListBucket}) instead of an
     * {@link io.github.sminference.exception.AccessDeniedException}.
     *
     * @return {@code false} by default
     */
    public boolean treatForbiddenAsMissing() {
        return treatForbiddenAsMissing;
    }

    /**
     * The multipart part size; payloads up to it are sent with one PUT.
     *
     * @return bytes (default 8 MiB, at least 5 MiB)
     */
    public long partSizeBytes() {
        return partSizeBytes;
    }

    /**
     * How many parts upload at once (each held in memory while it uploads).
     *
     * @return 1 to 16 (default 4)
     */
    public int uploadConcurrency() {
        return uploadConcurrency;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AsyncEndpointOptions)) {
            return false;
        }
        AsyncEndpointOptions a = (AsyncEndpointOptions) o;
        return deleteStagedInputs == a.deleteStagedInputs && Double.compare(pollMultiplier, a.pollMultiplier) == 0
                && Double.compare(pollJitter, a.pollJitter) == 0 && treatForbiddenAsMissing == a.treatForbiddenAsMissing
                && partSizeBytes == a.partSizeBytes && uploadConcurrency == a.uploadConcurrency
                && Objects.equals(stagingLocation, a.stagingLocation) && Objects.equals(kmsKeyId, a.kmsKeyId)
                && Objects.equals(expectedBucketOwner, a.expectedBucketOwner) && completion == a.completion
                && Objects.equals(notificationQueueUrl, a.notificationQueueUrl)
                && notificationFallback.equals(a.notificationFallback)
                && pollInitialInterval.equals(a.pollInitialInterval) && pollMaxInterval.equals(a.pollMaxInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stagingLocation, kmsKeyId, expectedBucketOwner, deleteStagedInputs, completion,
                notificationQueueUrl, notificationFallback, pollInitialInterval, pollMaxInterval, pollMultiplier,
                pollJitter, treatForbiddenAsMissing, partSizeBytes, uploadConcurrency);
    }

    @Override
    public String toString() {
        return "AsyncEndpointOptions[staging=" + stagingLocation + (kmsKeyId == null ? "" : ", sse-kms")
                + (expectedBucketOwner == null ? "" : ", owner=" + expectedBucketOwner) + ", completion=" + completion
                + (notificationQueueUrl == null ? "" : " via " + notificationQueueUrl) + ", poll="
                + pollInitialInterval + ".." + pollMaxInterval + ", partSize=" + partSizeBytes + " x"
                + uploadConcurrency + (deleteStagedInputs ? ", delete staged inputs" : "") + "]";
    }

    /** Builds {@link AsyncEndpointOptions}. Not thread-safe. */
    public static final class Builder {
        private String stagingLocation;
        private String kmsKeyId;
        private String expectedBucketOwner;
        private boolean deleteStagedInputs;
        private Completion completion = Completion.POLLING;
        private String notificationQueueUrl;
        private Duration notificationFallback = Duration.ofMinutes(2);
        private Duration pollInitialInterval = Duration.ofSeconds(1);
        private Duration pollMaxInterval = Duration.ofSeconds(30);
        private double pollMultiplier = 2.0;
        private double pollJitter = 0.2;
        private boolean treatForbiddenAsMissing;
        private long partSizeBytes = 8L * 1024 * 1024;
        private int uploadConcurrency = 4;

        private Builder() {
        }

        /**
         * Sets where payloads are staged.
         *
         * @param s3Prefix {@code s3://bucket/prefix}
         * @return this builder
         */
        public Builder stagingLocation(String s3Prefix) {
            this.stagingLocation = s3Prefix;
            return this;
        }

        /**
         * Encrypts staged payloads with SSE-KMS.
         *
         * @param kmsKeyId a key id, ARN or alias, or {@code null}
         * @return this builder
         */
        public Builder kmsKeyId(String kmsKeyId) {
            this.kmsKeyId = kmsKeyId;
            return this;
        }

        /**
         * Sets the account expected to own the buckets.
         *
         * @param accountId a 12-digit account id, or {@code null}
         * @return this builder
         */
        public Builder expectedBucketOwner(String accountId) {
            this.expectedBucketOwner = accountId;
            return this;
        }

        /**
         * Deletes staged payloads once their request completed.
         *
         * @param delete {@code true} to delete
         * @return this builder
         */
        public Builder deleteStagedInputs(boolean delete) {
            this.deleteStagedInputs = delete;
            return this;
        }

        /**
         * Detects completion by polling S3 (the default).
         *
         * @return this builder
         */
        public Builder pollingCompletion() {
            this.completion = Completion.POLLING;
            this.notificationQueueUrl = null;
            return this;
        }

        /**
         * Detects completion through SNS notifications delivered to an SQS queue (raw or enveloped delivery).
         * Set the queue up as one queue per consuming service, subscribed to both the success and the error topic,
         * with a queue policy that allows {@code sqs:SendMessage} only from those topics ({@code aws:SourceArn}).
         *
         * @param queueUrl the SQS queue URL
         * @return this builder
         */
        public Builder snsCompletion(String queueUrl) {
            this.completion = Completion.SNS;
            this.notificationQueueUrl = queueUrl;
            return this;
        }

        /**
         * Sets how long to wait for a notification before polling.
         *
         * @param fallback a positive duration
         * @return this builder
         */
        public Builder notificationFallback(Duration fallback) {
            this.notificationFallback = fallback;
            return this;
        }

        /**
         * Sets the polling backoff.
         *
         * @param initial the first interval
         * @param max the cap
         * @return this builder
         */
        public Builder pollInterval(Duration initial, Duration max) {
            this.pollInitialInterval = initial;
            this.pollMaxInterval = max;
            return this;
        }

        /**
         * Sets the polling backoff factor and jitter.
         *
         * @param multiplier at least 1
         * @param jitter 0 to 1
         * @return this builder
         */
        public Builder pollBackoff(double multiplier, double jitter) {
            this.pollMultiplier = multiplier;
            this.pollJitter = jitter;
            return this;
        }

        /**
         * Treats a 403 on HEAD as "not there yet", for credentials without {@code s3:ListBucket}. A real permission
         * problem then shows only when the request's deadline passes.
         *
         * @param treat {@code true} to poll through 403s
         * @return this builder
         */
        public Builder treatForbiddenAsMissing(boolean treat) {
            this.treatForbiddenAsMissing = treat;
            return this;
        }

        /**
         * Sets the multipart part size.
         *
         * @param bytes at least 5 MiB
         * @return this builder
         */
        public Builder partSizeBytes(long bytes) {
            this.partSizeBytes = bytes;
            return this;
        }

        /**
         * Sets how many parts upload at once.
         *
         * @param n 1 to 16
         * @return this builder
         */
        public Builder uploadConcurrency(int n) {
            this.uploadConcurrency = n;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws InvalidRequestException naming the setting, the value and the fix
         */
        public AsyncEndpointOptions build() {
            if (stagingLocation != null) {
                io.github.sminference.aws.internal.S3Uri.parse("stagingLocation", stagingLocation);
            }
            if (completion == Completion.SNS && (notificationQueueUrl == null || notificationQueueUrl.isBlank())) {
                throw new InvalidRequestException("notificationQueueUrl", notificationQueueUrl,
                        "SNS completion needs the URL of the SQS queue subscribed to the endpoint's topics");
            }
            positive("notificationFallback", notificationFallback);
            positive("pollInitialInterval", pollInitialInterval);
            positive("pollMaxInterval", pollMaxInterval);
            if (pollMaxInterval.compareTo(pollInitialInterval) < 0) {
                throw new InvalidRequestException("pollMaxInterval", pollMaxInterval.toString(),
                        "must be at least the initial interval " + pollInitialInterval);
            }
            if (!(pollMultiplier >= 1.0) || Double.isInfinite(pollMultiplier)) {
                throw new InvalidRequestException("pollMultiplier", Double.toString(pollMultiplier), "pass 1 or more");
            }
            if (!(pollJitter >= 0 && pollJitter <= 1)) {
                throw new InvalidRequestException("pollJitter", Double.toString(pollJitter), "pass 0 to 1");
            }
            if (partSizeBytes < MIN_PART_BYTES || partSizeBytes > 5L * 1024 * 1024 * 1024) {
                throw new InvalidRequestException("partSizeBytes", Long.toString(partSizeBytes),
                        "S3 parts are 5 MiB to 5 GiB");
            }
            if (uploadConcurrency < 1 || uploadConcurrency > 16) {
                throw new InvalidRequestException("uploadConcurrency", Integer.toString(uploadConcurrency),
                        "pass 1 to 16 (each part in flight is held in memory)");
            }
            if (kmsKeyId != null && (kmsKeyId.isEmpty() || kmsKeyId.length() > 2048
                    || !kmsKeyId.matches("[a-zA-Z0-9:/_-]+"))) {
                throw new InvalidRequestException("kmsKeyId", io.github.sminference.internal.RequestValidator
                        .abbreviate(kmsKeyId), "pass a KMS key id, key ARN, alias name or alias ARN of at most 2048"
                                + " characters (letters, digits and :/_-); it is sent in a header of every upload");
            }
            if (expectedBucketOwner != null && !expectedBucketOwner.matches("\\d{12}")) {
                throw new InvalidRequestException("expectedBucketOwner", expectedBucketOwner,
                        "an AWS account id is 12 digits");
            }
            return new AsyncEndpointOptions(this);
        }

        private static void positive(String field, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new InvalidRequestException(field, String.valueOf(d), "pass a positive duration");
            }
        }
    }
}
