package io.github.sminference;

/**
 * The four ways SageMaker runs a model. The mode is configuration: every {@link InferenceClient} call works
 * on every mode, within that mode's limits (see {@link io.github.sminference.limits.ModeLimits}).
 *
 * <p>"Asynchronous" here names the SageMaker deployment ({@link #ASYNC_ENDPOINT}); Java-level asynchrony is
 * always spelled {@code predictAsync} and {@code CompletableFuture}, so the two never blur.
 */
public enum InvocationMode {
    /** A real-time endpoint: synchronous InvokeEndpoint, request and response up to 6 MiB, 60 s model time. */
    REAL_TIME,
    /** A serverless endpoint: synchronous InvokeEndpoint, up to 4 MB, 60 s model time, cold starts. */
    SERVERLESS,
    /**
     * An asynchronous endpoint: the payload is staged in S3 (up to 1 GB), InvokeEndpointAsync queues it, the
     * result lands in S3 (up to 1 h model time).
     */
    ASYNC_ENDPOINT,
    /** Batch transform: a transform job over a dataset in S3; results are {@code <input>.out} objects. */
    BATCH;

    /**
     * Whether this mode answers within one HTTP exchange (real-time and serverless).
     *
     * @return {@code true} for {@link #REAL_TIME} and {@link #SERVERLESS}
     */
    public boolean isSynchronous() {
        return this == REAL_TIME || this == SERVERLESS;
    }
}
