package io.github.sminference.testing;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.spi.BaseClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an adapter supplies to run {@link InferenceClientContractTest}: a way to build its client, and a model whose
 * behaviour the test scripts (answer, fail, stall, throttle, stream) and whose received requests it can count. Each
 * behaviour replaces the previous one and applies to every following request.
 */
public interface ContractFixture extends AutoCloseable {

    /**
     * The mode the fixture's clients use.
     *
     * @return the mode
     */
    InvocationMode mode();

    /**
     * Builds a client against the fixture's model; the test customizes the shared settings (timeouts, retry,
     * circuit breaker, concurrency, listeners, executors). The test closes the client.
     *
     * @param settings applied to the adapter's builder after the fixture's own settings
     * @return the client
     */
    InferenceClient client(Consumer<BaseClientBuilder<?>> settings);

    /**
     * The model answers every request with this body and content type, and the given variant.
     *
     * @param body the body
     * @param contentType the content type
     * @param invokedVariant the variant the service reports, or {@code null}
     */
    void modelAnswers(byte[] body, String contentType, String invokedVariant);

    /**
     * The model fails every request (SageMaker's ModelError, 424).
     *
     * @param originalStatus the container's status
     * @param message the container's message
     */
    void modelFails(int originalStatus, String message);

    /**
     * The model answers with a body after a delay.
     *
     * @param delay the delay
     * @param body the body
     */
    void modelStalls(Duration delay, byte[] body);

    /**
     * The service throttles the next {@code times} requests, then the model answers with the body.
     *
     * @param times how many requests are throttled
     * @param body the body after that
     */
    void throttlesThenAnswers(int times, byte[] body);

    /**
     * The model streams these parts (for {@code predictStream}).
     *
     * @param parts the body parts, in order
     * @param contentType the content type
     */
    void modelStreams(List<byte[]> parts, String contentType);

    /**
     * Whether the fixture supports {@link #modelStreams}.
     *
     * @return {@code true} if streaming tests can run
     */
    default boolean supportsStreaming() {
        return true;
    }

    /**
     * What the fixture's mode does, where modes legitimately differ.
     *
     * @return the capabilities; the default describes a synchronous endpoint
     */
    default Capabilities capabilities() {
        return Capabilities.SYNCHRONOUS;
    }

    /**
     * Where modes differ in the contract.
     *
     * @param attemptTimeoutBoundsModel each attempt's timeout cuts off a stalled model (synchronous endpoints); on
     *     the other modes the model's time is the invocation timeout and the wait is the total budget
     * @param serviceThrottling the service can throttle calls, and the client retries them
     * @param customAttributes custom attributes reach the model
     * @param inferenceIdHeader the inference id reaches the model as {@code X-Amzn-SageMaker-Inference-Id}
     * @param reportsVariant results name the variant that answered
     * @param scoresDatasets {@code score(Dataset)} is available on this mode in this version
     * @param modelError the exception a failing model surfaces as: {@code ModelErrorException} on synchronous
     *     endpoints, {@code JobFailedException} (with the model's message) where the work ran in the background
     * @param modelServerErrorRequests how many requests a model answering 500 receives: 1, except on batch, where
     *     the service retries a failed invocation InvocationsMaxRetries (3) times
     */
    record Capabilities(boolean attemptTimeoutBoundsModel, boolean serviceThrottling, boolean customAttributes,
            boolean inferenceIdHeader, boolean reportsVariant, boolean scoresDatasets,
            Class<? extends io.github.sminference.exception.InferenceException> modelError,
            int modelServerErrorRequests) {

        /** Real-time and serverless endpoints. */
        public static final Capabilities SYNCHRONOUS = new Capabilities(true, true, true, true, true, true,
                io.github.sminference.exception.ModelErrorException.class, 1);

        /**
         * A copy with another value of {@code scoresDatasets}.
         *
         * @param scores whether {@code score} is available
         * @return the capabilities
         */
        public Capabilities withScoring(boolean scores) {
            return new Capabilities(attemptTimeoutBoundsModel, serviceThrottling, customAttributes,
                    inferenceIdHeader, reportsVariant, scores, modelError, modelServerErrorRequests);
        }
    }

    /**
     * How many requests reached the model (or the emulated service) since the fixture was created.
     *
     * @return the count
     */
    int requestsReceived();

    /**
     * The last request received.
     *
     * @return the request, or empty if none
     */
    Optional<RecordedRequest> lastRequest();

    /** Stops what the fixture started. */
    @Override
    void close();
}
