package io.github.sminference.exception;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Long-running work ended without a result: an asynchronous inference wrote a failure object, or a transform job
 * ended Failed or Stopped. Carries the service's failure reason and, when there is one, the failure object's
 * content (the model's own message).
 */
public class JobFailedException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /** The job id (serialized form). */
    private final String jobId;
    /** The failure reason (serialized form). */
    private final String failureReason;
    /** The failure content (serialized form). */
    private final byte[] failureContent;

    /**
     * Creates the exception.
     *
     * @param jobId the inference id or transform job name
     * @param failureReason the service's reason, or {@code null}
     * @param failureContent the failure object's bytes, or {@code null}
     */
    public JobFailedException(String jobId, String failureReason, byte[] failureContent) {
        super("Job " + jobId + " failed" + (failureReason == null ? "" : ": " + failureReason), null, false);
        this.jobId = jobId;
        this.failureReason = failureReason;
        this.failureContent = failureContent == null ? null : failureContent.clone();
    }

    /**
     * The inference id (asynchronous endpoints) or transform job name (batch).
     *
     * @return the job's id
     */
    public String jobId() {
        return jobId;
    }

    /**
     * The service's failure reason.
     *
     * @return the reason, or empty when the service gave none
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /**
     * The failure object's content (for asynchronous endpoints, what the model or SageMaker wrote to the failure
     * location).
     *
     * @return a copy of the bytes, or empty when there was no failure object
     */
    public Optional<byte[]> failureContent() {
        return Optional.ofNullable(failureContent).map(byte[]::clone);
    }

    /**
     * The failure object's content decoded as UTF-8.
     *
     * @return the text, or empty when there was no failure object
     */
    public Optional<String> failureText() {
        return Optional.ofNullable(failureContent).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
