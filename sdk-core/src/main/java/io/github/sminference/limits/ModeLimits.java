package io.github.sminference.limits;

import io.github.sminference.InvocationMode;
import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The limits of one {@link InvocationMode}, enforced on the client before anything is sent. The defaults come from
 * the AWS API model and documentation ({@link #sources()} names each source); every value can be overridden with
 * {@link #toBuilder()}, for example when AWS raises a limit before this library does.
 *
 * <p>Where a source is ambiguous the stricter reading is the default: serverless "4 MB" is 4,000,000 bytes, not
 * 4,194,304.
 *
 * <p>Sizes are in bytes. Immutable and thread-safe.
 */
public final class ModeLimits {

    /** Real-time request and response body limit: 6 MiB (AWS API model, {@code BodyBlob} max length). */
    public static final long REAL_TIME_MAX_BYTES = 6_291_456L;
    /** Serverless request and response limit: "4 MB", read strictly as 4,000,000 bytes. */
    public static final long SERVERLESS_MAX_BYTES = 4_000_000L;
    /** Asynchronous endpoint input limit: 1 GB, read strictly as 1,000,000,000 bytes. */
    public static final long ASYNC_MAX_BYTES = 1_000_000_000L;
    /** Asynchronous endpoint inline body limit (SDK versions that have {@code Body}): 128,000 bytes. */
    public static final long ASYNC_MAX_INLINE_BYTES = 128_000L;
    /** Batch MaxPayloadInMB ceiling: 100 MB, with 1 MB = 1,048,576 bytes. */
    public static final long BATCH_MAX_PAYLOAD_BYTES = 100L * 1_048_576L;

    private static final String RT_SIZE_SRC =
            "AWS API model sagemaker-runtime 2017-05-13, BodyBlob max 6291456 bytes (request and response)";
    private static final String RT_TIME_SRC =
            "InvokeEndpoint documentation: containers must respond within 60 seconds";
    private static final String SL_SIZE_SRC = "docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-invoke.html:"
            + " 'maximum request and response payload size ... is 4 MB'; read strictly as 4,000,000 bytes";
    private static final String SL_TIME_SRC = "serverless-endpoints-invoke.html: /invocations must answer within 1 minute";
    private static final String ASYNC_SIZE_SRC = "docs.aws.amazon.com/sagemaker/latest/dg/async-inference.html:"
            + " payloads up to 1 GB; read strictly as 1,000,000,000 bytes";
    private static final String ASYNC_TIME_SRC =
            "AWS API model: InvocationTimeoutSeconds 1-3600, default 900; RequestTTLSeconds 60-21600, default 21600";
    private static final String ASYNC_INLINE_SRC =
            "async-inference-invoke-endpoint documentation: inline payload up to 128,000 bytes";
    private static final String BATCH_SIZE_SRC =
            "AWS API model sagemaker 2017-07-24: MaxPayloadInMB max 100 (1 MB = 1,048,576 bytes)";
    private static final String BATCH_TIME_SRC =
            "AWS API model: ModelClientConfig.InvocationsTimeoutInSeconds 1-3600, default 600";

    private final InvocationMode mode;
    private final long maxRequestBytes;
    private final long maxResponseBytes;
    private final long maxInlineBytes;
    private final Duration minModelTime;
    private final Duration maxModelTime;
    private final Duration defaultModelTime;
    private final Duration minQueueTtl;
    private final Duration maxQueueTtl;
    private final Duration defaultQueueTtl;
    private final Map<String, String> sources;

    private ModeLimits(Builder b) {
        this.mode = b.mode;
        this.maxRequestBytes = b.maxRequestBytes;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxInlineBytes = b.maxInlineBytes;
        this.minModelTime = b.minModelTime;
        this.maxModelTime = b.maxModelTime;
        this.defaultModelTime = b.defaultModelTime;
        this.minQueueTtl = b.minQueueTtl;
        this.maxQueueTtl = b.maxQueueTtl;
        this.defaultQueueTtl = b.defaultQueueTtl;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
    }

    /**
     * The documented limits of a mode.
     *
     * @param mode the mode
     * @return its default limits
     */
    public static ModeLimits defaults(InvocationMode mode) {
        Objects.requireNonNull(mode, "mode");
        Builder b = new Builder(mode);
        switch (mode) {
            case REAL_TIME:
                b.bytes(REAL_TIME_MAX_BYTES, REAL_TIME_MAX_BYTES, 0, RT_SIZE_SRC)
                        .times(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), RT_TIME_SRC);
                break;
            case SERVERLESS:
                b.bytes(SERVERLESS_MAX_BYTES, SERVERLESS_MAX_BYTES, 0, SL_SIZE_SRC)
                        .times(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), SL_TIME_SRC);
                break;
            case ASYNC_ENDPOINT:
                b.bytes(ASYNC_MAX_BYTES, Long.MAX_VALUE, ASYNC_MAX_INLINE_BYTES, ASYNC_SIZE_SRC)
                        .times(Duration.ofSeconds(1), Duration.ofSeconds(3600), Duration.ofSeconds(900),
                                ASYNC_TIME_SRC);
                b.minQueueTtl = Duration.ofSeconds(60);
                b.maxQueueTtl = Duration.ofSeconds(21_600);
                b.defaultQueueTtl = Duration.ofSeconds(21_600);
                b.sources.put("maxInlineBytes", ASYNC_INLINE_SRC);
                b.sources.put("queueTtl", ASYNC_TIME_SRC);
                break;
            case BATCH:
                b.bytes(BATCH_MAX_PAYLOAD_BYTES, Long.MAX_VALUE, 0, BATCH_SIZE_SRC)
                        .times(Duration.ofSeconds(1), Duration.ofSeconds(3600), Duration.ofSeconds(600),
                                BATCH_TIME_SRC);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        return b.build();
    }

    /**
     * The mode these limits apply to.
     *
     * @return the mode
     */
    public InvocationMode mode() {
        return mode;
    }

    /**
     * The largest request body, in bytes. For batch: the largest single mini-batch (MaxPayloadInMB ceiling).
     *
     * @return bytes
     */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * The largest response body, in bytes ({@link Long#MAX_VALUE} where results go to S3 and are streamed).
     *
     * @return bytes
     */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * For asynchronous endpoints: the largest body that may be sent inline instead of staged in S3; 0 elsewhere.
     *
     * @return bytes
     */
    public long maxInlineBytes() {
        return maxInlineBytes;
    }

    /**
     * The shortest model-side processing time a request may ask for.
     *
     * @return the minimum
     */
    public Duration minModelTime() {
        return minModelTime;
    }

    /**
     * The longest model-side processing time a request may ask for (60 s real-time and serverless, 3600 s for
     * asynchronous endpoints and batch). A request asking for more is rejected before sending.
     *
     * @return the maximum
     */
    public Duration maxModelTime() {
        return maxModelTime;
    }

    /**
     * The model-side processing time assumed when a request asks for none (the service's default).
     *
     * @return the default
     */
    public Duration defaultModelTime() {
        return defaultModelTime;
    }

    /**
     * For asynchronous endpoints: the shortest queue time-to-live (RequestTTLSeconds) a request may ask for.
     *
     * @return the minimum, or {@link Duration#ZERO} for other modes
     */
    public Duration minQueueTtl() {
        return minQueueTtl;
    }

    /**
     * For asynchronous endpoints: the longest queue time-to-live (RequestTTLSeconds).
     *
     * @return the maximum, or {@link Duration#ZERO} for other modes
     */
    public Duration maxQueueTtl() {
        return maxQueueTtl;
    }

    /**
     * For asynchronous endpoints: the queue time-to-live assumed when a request asks for none (the service's
     * default, 6 h).
     *
     * @return the default, or {@link Duration#ZERO} for other modes
     */
    public Duration defaultQueueTtl() {
        return defaultQueueTtl;
    }

    /**
     * Where each value comes from, keyed by the accessor's name ({@code "maxRequestBytes"}, ...). Overridden values
     * say {@code "overridden"}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> sources() {
        return sources;
    }

    /**
     * A builder starting from these limits, to override some of them.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(mode);
        b.maxRequestBytes = maxRequestBytes;
        b.maxResponseBytes = maxResponseBytes;
        b.maxInlineBytes = maxInlineBytes;
        b.minModelTime = minModelTime;
        b.maxModelTime = maxModelTime;
        b.defaultModelTime = defaultModelTime;
        b.minQueueTtl = minQueueTtl;
        b.maxQueueTtl = maxQueueTtl;
        b.defaultQueueTtl = defaultQueueTtl;
        b.sources.putAll(sources);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModeLimits)) {
            return false;
        }
        ModeLimits that = (ModeLimits) o;
        return mode == that.mode && maxRequestBytes == that.maxRequestBytes
                && maxResponseBytes == that.maxResponseBytes && maxInlineBytes == that.maxInlineBytes
                && minModelTime.equals(that.minModelTime) && maxModelTime.equals(that.maxModelTime)
                && defaultModelTime.equals(that.defaultModelTime) && minQueueTtl.equals(that.minQueueTtl)
                && maxQueueTtl.equals(that.maxQueueTtl) && defaultQueueTtl.equals(that.defaultQueueTtl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, maxRequestBytes, maxResponseBytes, maxInlineBytes, minModelTime, maxModelTime,
                defaultModelTime, minQueueTtl, maxQueueTtl, defaultQueueTtl);
    }

    @Override
    public String toString() {
        return "ModeLimits[" + mode + ", maxRequestBytes=" + maxRequestBytes + ", maxResponseBytes="
                + (maxResponseBytes == Long.MAX_VALUE ? "unbounded" : maxResponseBytes) + ", modelTime="
                + minModelTime + ".." + maxModelTime + " (default " + defaultModelTime + ")"
                + (mode == InvocationMode.ASYNC_ENDPOINT
                        ? ", maxInlineBytes=" + maxInlineBytes + ", queueTtl=" + minQueueTtl + ".." + maxQueueTtl
                        : "")
                + "]";
    }

    /** Builds {@link ModeLimits}; start from {@link ModeLimits#defaults(InvocationMode)} and {@code toBuilder()}. */
    public static final class Builder {
        private final InvocationMode mode;
        private long maxRequestBytes;
        private long maxResponseBytes;
        private long maxInlineBytes;
        private Duration minModelTime = Duration.ZERO;
        private Duration maxModelTime = Duration.ZERO;
        private Duration defaultModelTime = Duration.ZERO;
        private Duration minQueueTtl = Duration.ZERO;
        private Duration maxQueueTtl = Duration.ZERO;
        private Duration defaultQueueTtl = Duration.ZERO;
        private final Map<String, String> sources = new LinkedHashMap<>();

        private Builder(InvocationMode mode) {
            this.mode = mode;
        }

        private Builder bytes(long request, long response, long inline, String source) {
            maxRequestBytes = request;
            maxResponseBytes = response;
            maxInlineBytes = inline;
            sources.put("maxRequestBytes", source);
            sources.put("maxResponseBytes", source);
            return this;
        }

        private Builder times(Duration min, Duration max, Duration dflt, String source) {
            minModelTime = min;
            maxModelTime = max;
            defaultModelTime = dflt;
            sources.put("modelTime", source);
            return this;
        }

        /**
         * Overrides the largest request body.
         *
         * @param bytes a positive number of bytes
         * @return this builder
         */
        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = positive("maxRequestBytes", bytes);
            sources.put("maxRequestBytes", "overridden");
            return this;
        }

        /**
         * Overrides the largest response body.
         *
         * @param bytes a positive number of bytes
         * @return this builder
         */
        public Builder maxResponseBytes(long bytes) {
            this.maxResponseBytes = positive("maxResponseBytes", bytes);
            sources.put("maxResponseBytes", "overridden");
            return this;
        }

        /**
         * Overrides the largest inline body (asynchronous endpoints).
         *
         * @param bytes a number of bytes, {@code >= 0}; 0 never sends inline
         * @return this builder
         */
        public Builder maxInlineBytes(long bytes) {
            if (bytes < 0) {
                throw new InvalidRequestException("maxInlineBytes", Long.toString(bytes), "pass 0 or more bytes");
            }
            this.maxInlineBytes = bytes;
            sources.put("maxInlineBytes", "overridden");
            return this;
        }

        /**
         * Overrides the longest model-side processing time a request may ask for.
         *
         * @param max a positive duration
         * @return this builder
         */
        public Builder maxModelTime(Duration max) {
            this.maxModelTime = positive("maxModelTime", max);
            sources.put("modelTime", "overridden");
            return this;
        }

        /**
         * Overrides the model-side processing time assumed when a request asks for none.
         *
         * @param dflt a positive duration, at most {@code maxModelTime}
         * @return this builder
         */
        public Builder defaultModelTime(Duration dflt) {
            this.defaultModelTime = positive("defaultModelTime", dflt);
            sources.put("modelTime", "overridden");
            return this;
        }

        /**
         * Overrides the longest queue time-to-live (asynchronous endpoints).
         *
         * @param max a positive duration
         * @return this builder
         */
        public Builder maxQueueTtl(Duration max) {
            this.maxQueueTtl = positive("maxQueueTtl", max);
            sources.put("queueTtl", "overridden");
            return this;
        }

        /**
         * Overrides the queue time-to-live assumed when a request asks for none (asynchronous endpoints).
         *
         * @param dflt a positive duration within the queue TTL range
         * @return this builder
         */
        public Builder defaultQueueTtl(Duration dflt) {
            this.defaultQueueTtl = positive("defaultQueueTtl", dflt);
            sources.put("queueTtl", "overridden");
            return this;
        }

        /**
         * Builds the limits.
         *
         * @return the limits
         * @throws InvalidRequestException if the model times or queue TTLs are not ordered min &lt;= default &lt;= max
         */
        public ModeLimits build() {
            if (maxModelTime.compareTo(minModelTime) < 0) {
                throw new InvalidRequestException("maxModelTime", maxModelTime.toString(),
                        "must be at least minModelTime " + minModelTime);
            }
            if (defaultModelTime.compareTo(maxModelTime) > 0 || defaultModelTime.compareTo(minModelTime) < 0) {
                throw new InvalidRequestException("defaultModelTime", defaultModelTime.toString(),
                        "must lie within minModelTime " + minModelTime + " and maxModelTime " + maxModelTime);
            }
            if (maxQueueTtl.compareTo(minQueueTtl) < 0) {
                throw new InvalidRequestException("maxQueueTtl", maxQueueTtl.toString(),
                        "must be at least minQueueTtl " + minQueueTtl);
            }
            if (defaultQueueTtl.compareTo(maxQueueTtl) > 0 || defaultQueueTtl.compareTo(minQueueTtl) < 0) {
                throw new InvalidRequestException("defaultQueueTtl", defaultQueueTtl.toString(),
                        "must lie within minQueueTtl " + minQueueTtl + " and maxQueueTtl " + maxQueueTtl
                                + "; set defaultQueueTtl(..) too when lowering maxQueueTtl");
            }
            return new ModeLimits(this);
        }

        private static long positive(String field, long v) {
            if (v <= 0) {
                throw new InvalidRequestException(field, Long.toString(v), "pass a positive number of bytes");
            }
            return v;
        }

        private static Duration positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidRequestException(field, String.valueOf(d), "pass a positive duration");
            }
            return d;
        }
    }
}
