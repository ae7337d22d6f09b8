package io.github.sminference.cli;

import io.github.sminference.InferenceRequest;
import io.github.sminference.Payload;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The body and every per-call field of an {@link InferenceRequest}, for {@code predict} and {@code submit}. */
final class RequestOptions {
    @Option(names = {"-b", "--body"}, paramLabel = "FILE", order = 30,
            description = "The request body: a file, or - for stdin (the default when stdin is not a terminal).")
    String body;

    @Option(names = "--body-location", paramLabel = "S3_URI", order = 31,
            description = "A body already in S3 (s3://bucket/key), used as it is: async and batch only.")
    String bodyLocation;

    @Option(names = {"-c", "--content-type"}, paramLabel = "TYPE", order = 32,
            description = "The body's MIME type, e.g. text/csv or application/json.")
    String contentType;

    @Option(names = {"-a", "--accept"}, paramLabel = "TYPE", order = 33,
            description = "The MIME type wanted back.")
    String accept;

    @Option(names = "--custom-attributes", paramLabel = "TEXT", order = 34,
            description = "Opaque text passed to the model (X-Amzn-SageMaker-Custom-Attributes); never logged.")
    String customAttributes;

    @Option(names = "--inference-id", paramLabel = "ID", order = 35,
            description = "The inference id (default: generated).")
    String inferenceId;

    @Option(names = "--target-model", paramLabel = "MODEL", order = 36,
            description = "The model to invoke on a multi-model endpoint.")
    String targetModel;

    @Option(names = "--target-variant", paramLabel = "VARIANT", order = 37,
            description = "The production variant to invoke.")
    String targetVariant;

    @Option(names = "--target-container-hostname", paramLabel = "HOST", order = 38,
            description = "The container to invoke on a multi-container endpoint.")
    String targetContainerHostname;

    @Option(names = "--inference-component", paramLabel = "NAME", order = 39,
            description = "The inference component to invoke.")
    String inferenceComponent;

    @Option(names = "--session-id", paramLabel = "ID", order = 40,
            description = "A stateful session id, or NEW_SESSION to open one.")
    String sessionId;

    @Option(names = "--enable-explanations", paramLabel = "JMESPATH", order = 41,
            description = "Overrides the endpoint's Clarify explanation condition.")
    String enableExplanations;

    @Option(names = "--idempotency-key", paramLabel = "KEY", order = 42,
            description = "Async and batch: a retried submission with the same key attaches to the first one.")
    String idempotencyKey;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class, order = 43,
            description = "The whole call's budget: retries, upload and waiting (default: 5m; with --wait or for"
                    + " async and batch predict: no limit but the work's own deadline).")
    Duration timeout;

    @Option(names = "--model-timeout", paramLabel = "DURATION", converter = Durations.class, order = 44,
            description = "Model-side processing time: up to 60s on real-time and serverless, 1h on async.")
    Duration modelTimeout;

    @Option(names = "--queue-ttl", paramLabel = "DURATION", converter = Durations.class, order = 45,
            description = "Async: how long the request may wait in the endpoint's queue (1m to 6h).")
    Duration queueTtl;

    /** Builds the request; reads the body from {@code io.in} when no file or location is given. */
    InferenceRequest build(Io io) {
        Payload payload;
        if (bodyLocation != null) {
            if (body != null) {
                throw new UsageException("--body-location", "pass either --body or --body-location, not both");
            }
            payload = Payload.ofLocation(bodyLocation);
        } else if (body == null || body.equals("-")) {
            if (body == null && io.interactive) {
                throw new UsageException("--body", "no request body: pass --body FILE, or pipe the body on stdin");
            }
            payload = Payload.ofStream(io.in);
        } else {
            payload = Payload.ofFile(Path.of(body));
        }
        return InferenceRequest.builder().payload(payload).contentType(contentType).accept(accept)
                .customAttributes(customAttributes).inferenceId(inferenceId).targetModel(targetModel)
                .targetVariant(targetVariant).targetContainerHostname(targetContainerHostname)
                .inferenceComponentName(inferenceComponent).sessionId(sessionId)
                .enableExplanations(enableExplanations).idempotencyKey(idempotencyKey).timeout(timeout)
                .modelTimeout(modelTimeout).queueTtl(queueTtl).build();
    }
}
