package io.github.sminference;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on long-running work: an inference ({@link InferenceJob}) or a dataset scoring ({@link ScoringJob}).
 * The handle returns at once; the work goes on in the service (or, in local mode, on this machine).
 *
 * <ul>
 *   <li>{@link #token()} survives a restart: {@link InferenceClient#resume(String)} or
 *       {@link InferenceClient#resumeScoring(String)} in a new JVM re-attaches to the work.</li>
 *   <li>{@link #status()} is the last known state (no I/O); {@link #poll()} asks the service now.</li>
 *   <li>{@link #await(Duration)} blocks for the result; {@link #future()} is the non-blocking form.</li>
 *   <li>{@link #cancel()} stops the <em>local</em> wait only, as {@link java.util.concurrent.Future#cancel}
 *       promises; {@link #stopRemote()} asks the service to stop the work, where it can.</li>
 * </ul>
 *
 * <p>Every wait is bounded: by the caller's timeout, and by the work's own absolute deadline (for asynchronous
 * endpoints, queue time-to-live plus invocation timeout), after which the handle fails with
 * {@link io.github.sminference.exception.InferenceTimeoutException} ({@code DEADLINE}).
 *
 * <p>Implementations are thread-safe.
 *
 * @param <T> the result type
 */
public interface Job<T> {

    /**
     * The work's id: the inference id (endpoints) or the transform job name (batch).
     *
     * @return the id
     */
    String id();

    /**
     * The mode the work runs on.
     *
     * @return the mode
     */
    InvocationMode mode();

    /**
     * An opaque, URL-safe, versioned string holding what a new JVM needs to re-attach: mode, Region, endpoint or job
     * name, staged input, output and failure locations, and the absolute deadline. Contains no credentials and no
     * payload. Not Java serialization.
     *
     * @return the token
     */
    String token();

    /**
     * The last known status, without I/O.
     *
     * @return the status
     */
    JobStatus status();

    /**
     * Asks the service (or local runner) for the current status now, and returns it.
     *
     * @return the status
     * @throws io.github.sminference.exception.InferenceException if the status cannot be read
     */
    JobStatus poll();

    /**
     * Waits for the result, at most {@code timeout}. If the timeout runs out first the work goes on and this throws
     * {@link io.github.sminference.exception.InferenceTimeoutException} with budget {@code AWAIT}; call again to
     * wait more.
     *
     * @param timeout how long to wait; positive
     * @return the result
     * @throws io.github.sminference.exception.InferenceTimeoutException if the timeout or the work's deadline
     *     passed first
     * @throws io.github.sminference.exception.JobFailedException if the work failed or was stopped
     * @throws io.github.sminference.exception.InferenceCancelledException if the wait was cancelled or the thread
     *     interrupted (the interrupt flag is restored)
     * @throws io.github.sminference.exception.InferenceException for other failures
     */
    T await(Duration timeout);

    /**
     * The result as a future. It completes on the client's completion executor, never on an I/O thread. Cancelling
     * it is the same as {@link #cancel()}.
     *
     * @return the future
     */
    CompletableFuture<T> future();

    /**
     * Stops waiting locally: the future completes cancelled and the client stops polling. The remote work is not
     * stopped (use {@link #stopRemote()}); its token can still resume it.
     *
     * @return {@code true} if this call cancelled the wait, {@code false} if it had already ended
     */
    boolean cancel();

    /**
     * Asks the service to stop the work, and waits until it has stopped (batch: StopTransformJob, then Stopped).
     *
     * @throws io.github.sminference.exception.NotSupportedException where the service cannot stop the work
     *     (real-time, serverless and asynchronous endpoint invocations)
     * @throws io.github.sminference.exception.InferenceException if the stop request fails
     */
    void stopRemote();
}
