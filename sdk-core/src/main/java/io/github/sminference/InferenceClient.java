package io.github.sminference;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One client for every way SageMaker runs a model. The same calls work on every {@link InvocationMode}; what differs
 * between modes is configuration (how the client was built), latency and limits, not code.
 *
 * <table>
 *   <caption>What each call does per mode</caption>
 *   <tr><th>call</th><th>real-time / serverless</th><th>asynchronous endpoint</th><th>batch</th></tr>
 *   <tr><td>{@link #predict}</td><td>InvokeEndpoint</td><td>stage, InvokeEndpointAsync, wait for the output</td>
 *       <td>a transform job over the one payload</td></tr>
 *   <tr><td>{@link #predictStream}</td><td>InvokeEndpointWithResponseStream</td><td>stream the output object</td>
 *       <td>stream the {@code .out} object</td></tr>
 *   <tr><td>{@link #submit}</td><td>the in-flight call as a handle</td><td>the queued invocation</td>
 *       <td>the transform job</td></tr>
 *   <tr><td>{@link #score}</td><td colspan="2">fan-out over the endpoint, results in input order</td>
 *       <td>a transform job, {@code .out} objects streamed back in input order</td></tr>
 * </table>
 *
 * <p>Every request is checked against the mode's {@link io.github.sminference.limits.ModeLimits} before any byte
 * leaves the machine. Every call is bounded in time: by an attempt timeout, and by a total budget that covers
 * retries, cold starts, upload and waiting, so no call hangs.
 *
 * <p>Errors are unchecked {@link io.github.sminference.exception.InferenceException}s. Blocking methods throw them;
 * {@code predictAsync} completes its future with them.
 *
 * <p>Implementations are thread-safe, meant to be built once and shared. Close the client when done: it closes what
 * it created (AWS clients, threads), never what the caller gave it.
 */
public interface InferenceClient extends AutoCloseable {

    /**
     * Sends one request and waits for the result, buffered in memory. On real-time and serverless endpoints this is
     * a synchronous call on the calling thread (no thread hop); on an asynchronous endpoint it submits and waits
     * within the request's total budget; on batch it runs a transform job over the one payload.
     *
     * @param request the request
     * @return the result
     * @throws io.github.sminference.exception.InvalidRequestException if the request breaks a limit of the mode
     *     (nothing was sent)
     * @throws io.github.sminference.exception.PayloadTooLargeException if the payload is over the mode's limit
     * @throws io.github.sminference.exception.ModelErrorException if the model answered with an error
     * @throws io.github.sminference.exception.InferenceTimeoutException if a time budget ran out
     * @throws io.github.sminference.exception.CircuitOpenException if the endpoint's circuit breaker is open
     * @throws io.github.sminference.exception.InferenceCancelledException if the thread was interrupted
     * @throws io.github.sminference.exception.InferenceException for other service or transport errors, after the
     *     retry policy gave up
     */
    InferenceResult predict(InferenceRequest request);

    /**
     * Builds a request with the given customizer and sends it; see {@link #predict(InferenceRequest)}.
     *
     * @param request customizes a fresh {@link InferenceRequest.Builder}
     * @return the result
     * @throws io.github.sminference.exception.InferenceException as {@link #predict(InferenceRequest)} does
     */
    default InferenceResult predict(Consumer<InferenceRequest.Builder> request) {
        InferenceRequest.Builder b = InferenceRequest.builder();
        request.accept(b);
        return predict(b.build());
    }

    /**
     * Sends one request without blocking. The future completes on the client's completion executor (never on an
     * I/O thread) with the result or with the same exceptions {@link #predict(InferenceRequest)} throws, including
     * request validation errors. Cancelling the future cancels the in-flight attempt and any pending retry.
     *
     * @param request the request
     * @return the future result
     */
    CompletableFuture<InferenceResult> predictAsync(InferenceRequest request);

    /**
     * Sends one request and returns the response as a stream as soon as it starts: tokens from a streaming model,
     * or an output too large to buffer. Errors before the first byte (including a {@code ModelError}) are thrown
     * here and retried like {@code predict}; errors after it are thrown from the stream's reads.
     *
     * @param request the request
     * @return the response stream, which the caller closes
     * @throws io.github.sminference.exception.InvalidRequestException if the request breaks a limit of the mode,
     *     or uses a field the streaming API lacks ({@code targetModel}, {@code enableExplanations})
     * @throws io.github.sminference.exception.InferenceException as {@link #predict(InferenceRequest)} does
     */
    ResponseStream predictStream(InferenceRequest request);

    /**
     * Submits one request and returns a handle at once. On asynchronous endpoints the handle's token survives a
     * restart ({@link #resume(String)}); on real-time and serverless endpoints the handle wraps the in-flight call
     * (its token cannot be resumed, since the result exists only in this JVM).
     *
     * @param request the request
     * @return the handle
     * @throws io.github.sminference.exception.InvalidRequestException if the request breaks a limit of the mode
     *     (nothing was sent)
     * @throws io.github.sminference.exception.InferenceException if the submission itself fails
     */
    InferenceJob submit(InferenceRequest request);

    /**
     * Scores a whole dataset and returns a handle whose {@link ScoringJob#records()} streams the results in input
     * order. On batch it runs a transform job; on the other modes it fans the records out over the endpoint with
     * bounded concurrency.
     *
     * @param dataset the dataset
     * @param options the transform settings (batch strategy, payload size, concurrency, assembly, join, output)
     * @return the handle
     * @throws io.github.sminference.exception.InvalidRequestException if the dataset or options are invalid
     * @throws io.github.sminference.exception.NotSupportedException if this client version cannot score datasets
     *     on its mode yet
     * @throws io.github.sminference.exception.InferenceException if the submission fails
     */
    ScoringJob score(Dataset dataset, ScoringOptions options);

    /**
     * Scores a whole dataset with {@link ScoringOptions#defaults()}; see {@link #score(Dataset, ScoringOptions)}.
     *
     * @param dataset the dataset
     * @return the handle
     * @throws io.github.sminference.exception.InferenceException as {@link #score(Dataset, ScoringOptions)} does
     */
    default ScoringJob score(Dataset dataset) {
        return score(dataset, ScoringOptions.defaults());
    }

    /**
     * Re-attaches to an inference submitted earlier, possibly by another JVM, from its {@link Job#token()}.
     *
     * @param token the token
     * @return the handle
     * @throws io.github.sminference.exception.InvalidRequestException if the token is malformed, of an unknown
     *     version, or names a different mode or endpoint than this client's
     * @throws io.github.sminference.exception.NotSupportedException for real-time and serverless tokens (nothing
     *     outlives the call), and for scoring tokens (use {@link #resumeScoring(String)})
     */
    InferenceJob resume(String token);

    /**
     * Re-attaches to a dataset scoring submitted earlier, from its {@link Job#token()}.
     *
     * @param token the token
     * @return the handle
     * @throws io.github.sminference.exception.InvalidRequestException if the token is malformed or names another
     *     mode or endpoint
     * @throws io.github.sminference.exception.NotSupportedException where scoring cannot be resumed
     */
    ScoringJob resumeScoring(String token);

    /**
     * The mode this client invokes.
     *
     * @return the mode
     */
    InvocationMode mode();

    /**
     * Closes the client: fails requests still waiting for a concurrency permit, stops its threads, and closes the
     * AWS clients it created (never those it was given). In-flight calls complete or fail. Idempotent.
     */
    @Override
    void close();
}
