package io.github.sminference.local;

import io.github.sminference.InferenceRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers SageMaker sends a model container for a request. */
final class LocalHeaders {
    private LocalHeaders() {
    }

    static Map<String, String> of(InferenceRequest r, String inferenceId) {
        Map<String, String> h = new LinkedHashMap<>();
        r.contentType().ifPresent(v -> h.put("Content-Type", v));
        r.accept().ifPresent(v -> h.put("Accept", v));
        r.customAttributes().ifPresent(v -> h.put(ModelInput.CUSTOM_ATTRIBUTES, v));
        r.targetModel().ifPresent(v -> h.put(ModelInput.TARGET_MODEL, v));
        r.targetVariant().ifPresent(v -> h.put(ModelInput.TARGET_VARIANT, v));
        r.targetContainerHostname().ifPresent(v -> h.put("X-Amzn-SageMaker-Target-Container-Hostname", v));
        r.inferenceComponentName().ifPresent(v -> h.put("X-Amzn-SageMaker-Inference-Component", v));
        r.sessionId().ifPresent(v -> h.put("X-Amzn-SageMaker-Session-Id", v));
        r.enableExplanations().ifPresent(v -> h.put("X-Amzn-SageMaker-Enable-Explanations", v));
        if (inferenceId != null) {
            h.put(ModelInput.INFERENCE_ID, inferenceId);
        }
        return h;
    }
}
