package io.github.sminference.examples;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.ModelErrorException;
import io.github.sminference.exception.ThrottlingException;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.local.ModelOutput;

/**
 * Local mode with an in-process model: how a service's own unit tests exercise code that calls
 * {@link InferenceClient}, including the error paths, with no container and no AWS account.
 */
public final class InProcessModelExample {
    private InProcessModelExample() {
    }

    /**
     * A client whose model answers the length of each request, fails on empty input, and throttles once.
     *
     * @return the client
     */
    static InferenceClient client() {
        java.util.concurrent.atomic.AtomicBoolean throttled = new java.util.concurrent.atomic.AtomicBoolean();
        // --8<-- [start:handler]
        InferenceClient client = LocalInferenceClient.builder()
                .endpointName("length-model")
                .mode(InvocationMode.REAL_TIME)
                .handler(input -> {
                    if (input.size() == 0) {
                        return ModelOutput.error(400, "empty input");          // a failing model: ModelError
                    }
                    if (throttled.compareAndSet(false, true)) {
                        throw new ThrottlingException("simulated", 429, "ThrottlingException", null, null);
                    }
                    return ModelOutput.of(Integer.toString(input.size()), "text/plain");
                })
                .build();
        // --8<-- [end:handler]
        return client;
    }

    /**
     * Entry point: shows a throttled call retried, and a model error.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (InferenceClient client = client()) {
            var r = client.predict(InferenceRequest.of("hello", "text/plain"));
            System.out.println("answer " + r.text() + " after " + r.metadata().attempts() + " attempts");
            try {
                client.predict(InferenceRequest.of("", "text/plain"));
            } catch (ModelErrorException e) {
                System.out.println("model error " + e.originalStatusCode().orElse(-1) + ": "
                        + e.originalMessage().orElse(""));
            }
        }
    }
}
