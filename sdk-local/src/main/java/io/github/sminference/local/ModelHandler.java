package io.github.sminference.local;

/**
 * An in-process model: bytes and a content type in, bytes and a content type out. Local mode calls it exactly as it
 * would call a model container's {@code POST /invocations}, with the same limits, retries and errors around it.
 *
 * <ul>
 *   <li>Return {@link ModelOutput#of} (or {@link ModelOutput#ofParts} for a streaming model).</li>
 *   <li>Return {@link ModelOutput#error(int, String)}, or throw any exception, for a failing model: the client reports
 *       a model error as SageMaker does (an exception's message becomes the model's message, status 500).</li>
 *   <li>Throw an {@link io.github.sminference.exception.InferenceException} to simulate a service-side error (for
 *       example {@code ThrottlingException} or {@code ModelNotReadyException}) and test how your code handles it. On
 *       real-time and serverless endpoints it reaches the client's retry policy as it is; a transform job retries a
 *       retryable one up to its {@code InvocationsMaxRetries}; on an asynchronous endpoint the model runs after the
 *       request was accepted, so, as there, it ends that invocation with a failure ({@code ServerError: <message>}).
 *       </li>
 * </ul>
 *
 * <p>Implementations must be thread-safe: local mode calls them concurrently (up to {@code maxConcurrency}).
 */
@FunctionalInterface
public interface ModelHandler {

    /**
     * Handles one invocation.
     *
     * @param input the body and headers
     * @return the answer
     * @throws Exception for a failing model (reported as a model error)
     */
    ModelOutput handle(ModelInput input) throws Exception;
}
