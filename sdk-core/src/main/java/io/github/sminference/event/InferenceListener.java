package io.github.sminference.event;

/**
 * Observes calls, for logs and metrics (a Micrometer binding plugs in here). Every method has a no-op default;
 * override what you need. A call that passes validation produces one {@link #onStart}, then exactly one
 * {@link #onSuccess} or {@link #onFailure}, with {@link #onRetry} for each retry in between; a request rejected by
 * validation produces only {@link #onFailure}.
 *
 * <p>Listeners are called synchronously on the thread that runs the call (possibly an I/O thread): keep them fast
 * and non-blocking. An exception thrown by a listener is logged and ignored; it never breaks a call. Events never
 * carry payloads, header values or custom attributes. Implementations must be thread-safe.
 */
public interface InferenceListener {

    /** A listener that does nothing. */
    InferenceListener NO_OP = new InferenceListener() { };

    /**
     * A call passed validation and is about to make its first attempt.
     *
     * @param event the call
     */
    default void onStart(InferenceEvent event) {
    }

    /**
     * An attempt failed with a retryable error and will be retried after {@link InferenceEvent#retryDelay()}.
     *
     * @param event the failed attempt, its error and the delay
     */
    default void onRetry(InferenceEvent event) {
    }

    /**
     * The call produced a result.
     *
     * @param event the call, with the attempts made, the response size and the latency
     */
    default void onSuccess(InferenceEvent event) {
    }

    /**
     * A payload was staged before the call (uploaded to S3 for an asynchronous endpoint or a transform job, or copied
     * to the local work folder). {@link InferenceEvent#requestBytes()} is its size and
     * {@link InferenceEvent#elapsed()} the time the upload took.
     *
     * @param event the upload
     */
    default void onUpload(InferenceEvent event) {
    }

    /**
     * One completion check of long-running work: a HEAD of an asynchronous request's output and failure locations,
     * or a DescribeTransformJob. {@link InferenceEvent#attempt()} numbers the checks of that work.
     *
     * @param event the check
     */
    default void onPoll(InferenceEvent event) {
    }

    /**
     * A long-running job (a transform job, a fan-out scoring) made progress or changed state.
     *
     * @param jobId the job's id (transform job name, or scoring id)
     * @param mode the mode
     * @param status its status, with records done and total where known
     */
    default void onJobProgress(String jobId, io.github.sminference.InvocationMode mode,
            io.github.sminference.JobStatus status) {
    }

    /**
     * The call failed (validation, a non-retryable error, retries exhausted, a timeout, cancellation).
     *
     * @param event the call and its error
     */
    default void onFailure(InferenceEvent event) {
    }
}
