package io.github.sminference.reliability.notifications;

import java.util.UUID;

/**
 * SQS message bodies in SageMaker's asynchronous-inference notification format (raw delivery, or inside an SNS
 * envelope), and the faulty ones a test injects. Every body carries a unique {@code token} ({@code nfx-NNNNNN}) so
 * the test can tell, for any body the client received or deleted, which injected message it was.
 */
final class NotificationMessages {
    private NotificationMessages() {
    }

    /** The success notification SageMaker publishes (format from the SageMaker facts, section 2). */
    static String success(String endpoint, String inferenceId, String outputLocation, String token) {
        return "{\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-11-23T03:23:21.814Z\","
                + "\"receivedTime\":\"2026-11-23T03:23:09.588Z\",\"invocationStatus\":\"Completed\","
                + "\"requestParameters\":{\"accept\":\"text/plain\",\"endpointName\":\"" + endpoint + "\","
                + "\"customAttributes\":\"" + token + "\","
                + "\"inputLocation\":\"s3://nf-staging/in/" + inferenceId + "\"},"
                + "\"responseParameters\":{\"contentType\":\"text/plain\",\"outputLocation\":\"" + outputLocation
                + "\"},\"inferenceId\":\"" + inferenceId + "\",\"eventVersion\":\"1.0\","
                + "\"eventSource\":\"aws:sagemaker\",\"eventName\":\"InferenceResult\"}";
    }

    /** An error notification, with the failureLocation some fixtures add. */
    static String failure(String endpoint, String inferenceId, String reason, String failureLocation, String token) {
        return "{\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-11-23T03:23:21.814Z\","
                + "\"receivedTime\":\"2026-11-23T03:23:09.588Z\",\"invocationStatus\":\"Failed\","
                + "\"failureReason\":\"" + reason + "\",\"failureLocation\":\"" + failureLocation + "\","
                + "\"requestParameters\":{\"endpointName\":\"" + endpoint + "\",\"customAttributes\":\"" + token
                + "\",\"inputLocation\":\"s3://nf-staging/in/" + inferenceId + "\"},\"inferenceId\":\""
                + inferenceId + "\",\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\","
                + "\"eventName\":\"InferenceResult\"}";
    }

    /** SageMaker's test notification (sent after CreateEndpoint / UpdateEndpoint). */
    static String testNotification(String token) {
        return "{\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\",\"eventName\":\"TestNotification\","
                + "\"marker\":\"" + token + "\"}";
    }

    /**
     * An SNS envelope (as delivered to SQS without raw delivery) around a message; a forger can write one as easily
     * as SNS.
     */
    static String envelope(String type, String topicArn, String message, String token) {
        return "{\"Type\":\"" + type + "\",\"MessageId\":\"" + UUID.randomUUID() + "\",\"TopicArn\":\"" + topicArn
                + "\"," + (message == null ? "" : "\"Message\":" + quote(message) + ",")
                + "\"Timestamp\":\"2026-11-23T03:23:22.000Z\",\"SignatureVersion\":\"1\",\"Signature\":\"" + token
                + "\",\"SigningCertURL\":\"https://sns.us-east-1.amazonaws.com/x.pem\"}";
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * The i-th unreadable or wrongly shaped message: each one must be deleted by whichever client reads it.
     *
     * @param i which one (cycles)
     * @param ownId an inference id a client does hold (used where the shape is wrong but the id is real)
     * @param topicArn a topic ARN for envelopes
     * @param token the message's token
     * @return the body
     */
    static String malformed(int i, String ownId, String topicArn, String token) {
        switch (i % 12) {
            case 0:
                return "{not json " + token;
            case 1:
                return "null " + token;
            case 2:
                return "[1,2,\"" + token + "\"]";
            case 3:
                return "[".repeat(5_000) + token; // far deeper than any parser should recurse
            case 4:
                return "{\"inferenceId\":12345,\"eventName\":\"InferenceResult\",\"m\":\"" + token + "\"}";
            case 5:
                return "{\"inferenceId\":\"" + "x".repeat(65) + "\",\"eventName\":\"InferenceResult\",\"m\":\""
                        + token + "\"}";
            case 6:
                return "{\"inferenceId\":\"" + ownId + "\",\"eventName\":\"SomethingElse\",\"m\":\"" + token + "\"}";
            case 7:
                return envelope("Notification", topicArn, null, token); // an envelope without its Message
            case 8:
                return envelope("Notification", topicArn, "not json either " + token, token);
            case 9:
                return "\u00ff\u00fegarbage\uFFFD" + token + "\u00e9\u00e8";
            case 10:
                return "{\"Type\":\"Notification\",\"Message\":" + quote("{\"inferenceId\":\"" + ownId + "\"}")
                        + ",\"t\":\"" + token + "\"}"; // a Type without a TopicArn is not an envelope
            default:
                return "{\"inferenceId\":\"" + ownId + "\",\"eventName\":\"InferenceResult\",\"m\":\"" + token
                        + "\"," + "\"x\":\"" + "a".repeat(200_000) + "\"" + "}}"; // big, and a stray brace
        }
    }
}
