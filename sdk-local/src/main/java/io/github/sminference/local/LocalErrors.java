package io.github.sminference.local;

import io.github.sminference.exception.ModelErrorException;
import java.nio.charset.StandardCharsets;

/** Maps model answers to SageMaker's errors, as the service reports a failing container. */
final class LocalErrors {
    private LocalErrors() {
    }

    /** The message SageMaker gives for a container error: "Received server error (500) from model ...". */
    static String describe(ModelOutput error) {
        String kind = error.status() >= 500 ? "server" : "client";
        return "Received " + kind + " error (" + error.status() + ") from model with message \""
                + abbreviate(new String(error.body(), StandardCharsets.UTF_8)) + "\"";
    }

    static ModelErrorException modelError(ModelOutput error) {
        String original = new String(error.body(), StandardCharsets.UTF_8);
        return new ModelErrorException("ModelError: " + describe(error) + " (local mode)", 424, null,
                error.status(), original, null, null);
    }

    private static String abbreviate(String s) {
        return s.length() > 512 ? s.substring(0, 512) + "..." : s;
    }
}
