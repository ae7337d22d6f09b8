package io.github.sminference.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error answer of the SageMaker runtime, as the service sends it over the restJson1 protocol: an HTTP status,
 * the error type in the {@code x-amzn-ErrorType} header and in the body's {@code __type} member, and a JSON body with
 * {@code Message} and the error shape's other members.
 *
 * <p>The AWS SDK for Java v2 maps each of them to its modeled exception (e.g. {@link #modelError} to
 * {@code ModelErrorException} with {@code originalStatusCode()}, {@code originalMessage()} and
 * {@code logStreamArn()}); {@link #throttling()} is not modeled and becomes a plain {@code SageMakerRuntimeException}
 * whose error code is {@code ThrottlingException}.
 */
public final class SageMakerError {

    /** {@code Content-Type} of every error answer. */
    public static final String ERROR_CONTENT_TYPE = "application/json";

    /** Header carrying the error type. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private final int status;
    private final String errorType;
    private final String message;
    private final Map<String, Object> members;

    private SageMakerError(int status, String errorType, String message, Map<String, Object> members) {
        this.status = status;
        this.errorType = Objects.requireNonNull(errorType, "errorType");
        this.message = Objects.requireNonNull(message, "message");
        this.members = members;
    }

    /**
     * HTTP 424 {@code ModelError}: the container answered with an error, reported the way SageMaker words it.
     *
     * @param endpointName the endpoint (used in the message and the log stream ARN)
     * @param originalStatusCode the container's status code
     * @param originalMessage the container's message (body)
     * @return the error
     */
    public static SageMakerError modelError(String endpointName, int originalStatusCode, String originalMessage) {
        String logGroup = "/aws/sagemaker/Endpoints/" + endpointName;
        String kind = originalStatusCode >= 500 ? "server" : "client";
        String message = "Received " + kind + " error (" + originalStatusCode + ") from primary with message \""
                + originalMessage + "\". See https://" + MotoServer.DEFAULT_REGION
                + ".console.aws.amazon.com/cloudwatch/home?region=" + MotoServer.DEFAULT_REGION
                + "#logEventViewer:group=" + logGroup + " in account " + MotoServer.DEFAULT_ACCOUNT_ID
                + " for more information.";
        String logStreamArn = "arn:aws:logs:" + MotoServer.DEFAULT_REGION + ":" + MotoServer.DEFAULT_ACCOUNT_ID
                + ":log-group:" + logGroup;
        return modelError(message, originalStatusCode, originalMessage, logStreamArn);
    }

    /**
     * HTTP 424 {@code ModelError} with every member given.
     *
     * @param message the top-level message
     * @param originalStatusCode {@code OriginalStatusCode}
     * @param originalMessage {@code OriginalMessage}, or {@code null} to leave it out
     * @param logStreamArn {@code LogStreamArn}, or {@code null} to leave it out
     * @return the error
     */
    public static SageMakerError modelError(String message, int originalStatusCode, String originalMessage,
            String logStreamArn) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("OriginalStatusCode", originalStatusCode);
        if (originalMessage != null) {
            members.put("OriginalMessage", originalMessage);
        }
        if (logStreamArn != null) {
            members.put("LogStreamArn", logStreamArn);
        }
        return new SageMakerError(424, "ModelError", message, members);
    }

    /**
     * HTTP 429 {@code ModelNotReadyException}: serverless capacity or a multi-model target is still loading.
     *
     * @return the error
     */
    public static SageMakerError modelNotReady() {
        return of(429, "ModelNotReadyException",
                "Model is not ready yet. Either a serverless endpoint variant's resources are still being "
                        + "provisioned, or a multi-model endpoint is still loading the target model.");
    }

    /**
     * HTTP 400 {@code ThrottlingException} (not in the service model, seen in practice).
     *
     * @return the error
     */
    public static SageMakerError throttling() {
        return of(400, "ThrottlingException", "Rate exceeded");
    }

    /**
     * HTTP 400 {@code ValidationError} with a message.
     *
     * @param message the message
     * @return the error
     */
    public static SageMakerError validationError(String message) {
        return of(400, "ValidationError", message);
    }

    /**
     * HTTP 400 {@code ValidationError} the way SageMaker reports an unknown endpoint:
     * {@code Endpoint <name> of account <account> not found.}
     *
     * @param endpointName the endpoint
     * @return the error
     */
    public static SageMakerError endpointNotFound(String endpointName) {
        return validationError("Endpoint " + endpointName + " of account " + MotoServer.DEFAULT_ACCOUNT_ID
                + " not found.");
    }

    /**
     * HTTP 500 {@code InternalFailure}.
     *
     * @return the error
     */
    public static SageMakerError internalFailure() {
        return of(500, "InternalFailure", "An internal failure occurred.");
    }

    /**
     * HTTP 503 {@code ServiceUnavailable}.
     *
     * @return the error
     */
    public static SageMakerError serviceUnavailable() {
        return of(503, "ServiceUnavailable", "The service is unavailable. Try your call again.");
    }

    /**
     * HTTP 530 {@code InternalDependencyException}.
     *
     * @return the error
     */
    public static SageMakerError internalDependency() {
        return of(530, "InternalDependencyException",
                "Your request caused an exception with an internal dependency. Contact customer support.");
    }

    /**
     * Any error with only a message.
     *
     * @param status the HTTP status
     * @param errorType the error type (shape name, e.g. {@code ValidationError})
     * @param message the message
     * @return the error
     */
    public static SageMakerError of(int status, String errorType, String message) {
        return new SageMakerError(status, errorType, message, Map.of());
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The error type, as sent in {@code x-amzn-ErrorType} and {@code __type}.
     *
     * @return the error type
     */
    public String errorType() {
        return errorType;
    }

    /**
     * The top-level {@code Message}.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * The JSON body, e.g. {@code {"__type":"ModelError","Message":"...","OriginalStatusCode":500,...}}.
     *
     * @return the body
     */
    public String jsonBody() {
        StringBuilder json = new StringBuilder();
        json.append("{\"__type\":").append(Json.quote(errorType))
                .append(",\"Message\":").append(Json.quote(message));
        for (Map.Entry<String, Object> member : members.entrySet()) {
            json.append(',').append(Json.quote(member.getKey())).append(':');
            Object value = member.getValue();
            json.append(value instanceof Number ? value.toString() : Json.quote(String.valueOf(value)));
        }
        return json.append('}').toString();
    }

    /**
     * The WireMock response for this error.
     *
     * @return a fresh response builder
     */
    public ResponseDefinitionBuilder toResponse() {
        return WireMock.aResponse()
                .withStatus(status)
                .withHeader("Content-Type", ERROR_CONTENT_TYPE)
                .withHeader(ERROR_TYPE_HEADER, errorType)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                .withBody(jsonBody());
    }

    @Override
    public String toString() {
        return status + " " + errorType + ": " + message;
    }
}
