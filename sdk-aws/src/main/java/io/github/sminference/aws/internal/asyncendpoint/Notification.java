package io.github.sminference.aws.internal.asyncendpoint;

import io.github.sminference.internal.json.MiniJson;
import java.util.Map;

/**
 * A SageMaker asynchronous inference notification as an SQS message body: raw delivery (the SageMaker JSON itself)
 * or enveloped (an SNS notification whose {@code Message} is that JSON as a string). Only the inference id, the
 * status and the failure reason are read; locations in the message are ignored on purpose (anyone allowed to send to
 * the queue can write any location). Immutable.
 *
 * @param kind what the message is
 * @param inferenceId the inference id, for results
 * @param status {@code invocationStatus}, e.g. {@code "Completed"} or {@code "Failed"}, or {@code null}
 * @param failureReason {@code failureReason} of a failed invocation, or {@code null}
 */
public record Notification(Kind kind, String inferenceId, String status, String failureReason) {

    /** What a message is. */
    public enum Kind {
        /** An inference result (success or failure) for {@link #inferenceId()}. */
        RESULT,
        /** The test notification SageMaker sends after creating or updating an endpoint: ignored. */
        TEST,
        /** Not JSON, or JSON of no known shape: for nobody. */
        MALFORMED,
        /** Another SNS message type (subscription confirmation, ...): not ours to handle. */
        OTHER
    }

    /**
     * Reads a message body. Never throws.
     *
     * @param body the SQS message body
     * @return the notification
     */
    public static Notification parse(String body) {
        try {
            Map<String, Object> m = MiniJson.parseObject(body);
            String type = MiniJson.string(m, "Type");
            if (type != null && m.containsKey("TopicArn")) {
                if (!"Notification".equals(type)) {
                    return new Notification(Kind.OTHER, null, null, null);
                }
                String inner = MiniJson.string(m, "Message");
                if (inner == null) {
                    return malformed();
                }
                m = MiniJson.parseObject(inner);
            }
            String event = MiniJson.string(m, "eventName");
            if ("TestNotification".equals(event)) {
                return new Notification(Kind.TEST, null, null, null);
            }
            String id = MiniJson.string(m, "inferenceId");
            if (!"InferenceResult".equals(event) || id == null || id.isEmpty() || id.length() > 64) {
                return malformed();
            }
            return new Notification(Kind.RESULT, id, MiniJson.string(m, "invocationStatus"),
                    abbreviate(MiniJson.string(m, "failureReason")));
        } catch (RuntimeException e) {
            return malformed();
        }
    }

    private static Notification malformed() {
        return new Notification(Kind.MALFORMED, null, null, null);
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 1024 ? s : s.substring(0, 1024) + "...";
    }
}
