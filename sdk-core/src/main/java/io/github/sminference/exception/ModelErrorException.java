package io.github.sminference.exception;

import java.util.Optional;

/**
 * The model container answered with an error (SageMaker's {@code ModelError}, HTTP 424), or timed out inside the
 * service. Carries the container's original status and message and the CloudWatch log stream. Not retried by
 * default: the model would most likely fail the same way.
 */
public class ModelErrorException extends ServiceException {
    private static final long serialVersionUID = 1L;

    /** The original status code (serialized form). */
    private final Integer originalStatusCode;
    /** The original message (serialized form). */
    private final String originalMessage;
    /** The log stream arn (serialized form). */
    private final String logStreamArn;

    /**
     * Creates the exception.
     *
     * @param message the service's message
     * @param statusCode the HTTP status (424 from SageMaker)
     * @param requestId the request id, or {@code null}
     * @param originalStatusCode the container's own status, or {@code null}
     * @param originalMessage the container's own message, or {@code null}
     * @param logStreamArn the CloudWatch log stream of the container, or {@code null}
     * @param cause the adapter-level error, or {@code null}
     */
    public ModelErrorException(String message, int statusCode, String requestId, Integer originalStatusCode,
            String originalMessage, String logStreamArn, Throwable cause) {
        super(message, statusCode, "ModelError", requestId, false, cause);
        this.originalStatusCode = originalStatusCode;
        this.originalMessage = originalMessage;
        this.logStreamArn = logStreamArn;
    }

    /**
     * The status code the model container returned.
     *
     * @return the status, or empty when the service did not say (e.g. a container timeout)
     */
    public Optional<Integer> originalStatusCode() {
        return Optional.ofNullable(originalStatusCode);
    }

    /**
     * The message the model container returned.
     *
     * @return the message, or empty
     */
    public Optional<String> originalMessage() {
        return Optional.ofNullable(originalMessage);
    }

    /**
     * The ARN of the CloudWatch log stream that holds the container's logs for this request.
     *
     * @return the ARN, or empty
     */
    public Optional<String> logStreamArn() {
        return Optional.ofNullable(logStreamArn);
    }
}
