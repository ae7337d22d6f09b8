package io.github.sminference;

import java.time.Duration;

/**
 * A handle on one inference submitted with {@link InferenceClient#submit(InferenceRequest)}. On an asynchronous
 * endpoint it is the queued invocation; on real-time and serverless endpoints it wraps the in-flight call; on
 * batch, a transform job over the one payload.
 *
 * <p>Thread-safe.
 */
public interface InferenceJob extends Job<InferenceResult> {

    /**
     * Waits for the result, then opens it as a stream instead of buffering it: for results too large to hold in
     * memory (asynchronous endpoint outputs can be up to 1 GB).
     *
     * @param timeout how long to wait for the work to finish; positive
     * @return the result as a stream, which the caller closes
     * @throws io.github.sminference.exception.InferenceTimeoutException if the timeout or the deadline passed first
     * @throws io.github.sminference.exception.JobFailedException if the work failed
     * @throws io.github.sminference.exception.InferenceException for other failures
     */
    ResponseStream awaitStream(Duration timeout);
}
