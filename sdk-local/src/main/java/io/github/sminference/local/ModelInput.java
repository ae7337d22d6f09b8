package io.github.sminference.local;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an in-process {@link ModelHandler} receives: the body and the headers SageMaker sends a model container
 * ({@code Content-Type}, {@code Accept}, {@code X-Amzn-SageMaker-Custom-Attributes}, {@code -Target-Model},
 * {@code -Target-Variant}, {@code -Inference-Id}, ...). Immutable. {@code toString()} shows neither the body nor the
 * custom attributes.
 */
public final class ModelInput {
    /** The custom attributes header. */
    public static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    /** The target model header. */
    public static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";
    /** The target variant header. */
    public static final String TARGET_VARIANT = "X-Amzn-SageMaker-Target-Variant";
    /** The inference id header. */
    public static final String INFERENCE_ID = "X-Amzn-SageMaker-Inference-Id";

    private final byte[] body;
    private final Map<String, String> headers;

    private ModelInput(byte[] body, Map<String, String> headers) {
        this.body = body;
        this.headers = headers;
    }

    /**
     * Creates an input (for tests of handlers). The body is copied.
     *
     * @param body the body
     * @param headers the headers, by their SageMaker names
     * @return the input
     */
    public static ModelInput of(byte[] body, Map<String, String> headers) {
        return new ModelInput(Objects.requireNonNull(body, "body").clone(),
                Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
    }

    /**
     * Creates an input that takes ownership of the array (internal use: no copy).
     *
     * @param body the body, not modified afterwards
     * @param headers the headers
     * @return the input
     */
    static ModelInput owning(byte[] body, Map<String, String> headers) {
        return new ModelInput(body, Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
    }

    /**
     * The body.
     *
     * @return a copy of the bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body's length.
     *
     * @return bytes
     */
    public int size() {
        return body.length;
    }

    /**
     * A header, as a container would receive it.
     *
     * @param name the header name (case-insensitive)
     * @return the value, or empty
     */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Every header sent.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The body's content type.
     *
     * @return the value, or empty
     */
    public Optional<String> contentType() {
        return header("Content-Type");
    }

    /**
     * The content type wanted back.
     *
     * @return the value, or empty
     */
    public Optional<String> accept() {
        return header("Accept");
    }

    /**
     * The custom attributes.
     *
     * @return the value, or empty
     */
    public Optional<String> customAttributes() {
        return header(CUSTOM_ATTRIBUTES);
    }

    /**
     * The inference id.
     *
     * @return the value, or empty
     */
    public Optional<String> inferenceId() {
        return header(INFERENCE_ID);
    }

    @Override
    public String toString() {
        return "ModelInput[" + body.length + " bytes, contentType=" + contentType().orElse(null) + "]";
    }
}
