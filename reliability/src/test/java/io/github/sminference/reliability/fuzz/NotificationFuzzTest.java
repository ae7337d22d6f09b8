package io.github.sminference.reliability.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.sminference.aws.internal.asyncendpoint.Notification;
import java.util.Map;

/**
 * Fuzzes {@link Notification#parse}, which reads SQS message bodies that anyone allowed to send to the queue can
 * write: the SageMaker asynchronous inference notification, raw or inside an SNS envelope whose {@code Message} is
 * that JSON as a string (sagemaker-facts.md section 2). Property: it never throws; a message is a RESULT only when,
 * read by an independent JSON reader ({@link JsonReference}), it really has {@code eventName} InferenceResult and
 * an {@code inferenceId} string of 1-64 characters at the place the format puts it, and then the id, status and
 * failure reason are exactly those values (so no id that is not in the input); the kind is the one the format
 * gives (TEST, OTHER for other SNS message types, MALFORMED otherwise), except that a text over {@code MiniJson}'s
 * documented limits may be MALFORMED.
 *
 * <p>The input bytes are decoded as UTF-8 (malformed sequences become U+FFFD).
 */
class NotificationFuzzTest {

    @DictionaryEntries({"{\"Type\":\"Notification\",\"TopicArn\":\"arn\",\"Message\":\"", "\\\"", "\\\\\\\"",
        "\"eventName\":", "\"InferenceResult\"", "\"TestNotification\"", "\"inferenceId\":", "\"invocationStatus\":",
        "\"failureReason\":", "\"Type\":", "\"TopicArn\":", "\"Message\":", "\"Notification\"",
        "\"SubscriptionConfirmation\"", "\\u", "null", "[]", "{}"})
    @FuzzTest(maxDuration = "60s")
    void parse_anyBody_neverThrowsAndReportsOnlyWhatIsThere(byte[] input) {
        String body = new String(input, UTF_8);
        Notification n = Notification.parse(body);
        assertThat(n).isNotNull();
        assertThat(n.kind()).isNotNull();
        Expected want = expected(body);
        if (n.kind() == Notification.Kind.MALFORMED && want.overLimits) {
            return;
        }
        Object shown = Texts.lazyShow(body);
        assertThat(n.kind()).as("kind of %s (got %s)", shown, n).isEqualTo(want.kind);
        if (n.kind() != Notification.Kind.RESULT) {
            assertThat(n.inferenceId()).as("inference id of a %s message %s", n.kind(), shown).isNull();
            return;
        }
        assertThat(n.inferenceId()).as("inference id of %s", shown).isEqualTo(want.inferenceId)
                .isNotEmpty().hasSizeLessThanOrEqualTo(64);
        assertThat(n.status()).as("status of %s", shown).isEqualTo(want.status);
        if (want.failureReason == null || want.failureReason.length() <= 1024) {
            assertThat(n.failureReason()).as("failure reason of %s", shown).isEqualTo(want.failureReason);
        } else {
            assertThat(n.failureReason()).as("abbreviated failure reason of %s", shown)
                    .isEqualTo(want.failureReason.substring(0, 1024) + "...");
        }
    }

    /** What the message format says a body is, read with the reference reader. */
    static final class Expected {
        Notification.Kind kind;
        String inferenceId;
        String status;
        String failureReason;
        boolean overLimits;
    }

    static Expected expected(String body) {
        Expected e = new Expected();
        e.kind = Notification.Kind.MALFORMED;
        JsonReference.Result outer = JsonReference.read(body);
        e.overLimits = outer.valid && MiniJsonFuzzTest.overLimits(outer);
        if (!outer.valid || !(outer.value instanceof Map)) {
            return e;
        }
        Map<?, ?> m = (Map<?, ?>) outer.value;
        String type = string(m, "Type");
        if (type != null && m.containsKey("TopicArn")) {
            if (!"Notification".equals(type)) {
                e.kind = Notification.Kind.OTHER;
                return e;
            }
            String message = string(m, "Message");
            if (message == null) {
                return e;
            }
            JsonReference.Result inner = JsonReference.read(message);
            e.overLimits |= inner.valid && MiniJsonFuzzTest.overLimits(inner);
            if (!inner.valid || !(inner.value instanceof Map)) {
                return e;
            }
            m = (Map<?, ?>) inner.value;
        }
        String event = string(m, "eventName");
        if ("TestNotification".equals(event)) {
            e.kind = Notification.Kind.TEST;
            return e;
        }
        String id = string(m, "inferenceId");
        if ("InferenceResult".equals(event) && id != null && !id.isEmpty() && id.length() <= 64) {
            e.kind = Notification.Kind.RESULT;
            e.inferenceId = id;
            e.status = string(m, "invocationStatus");
            e.failureReason = string(m, "failureReason");
        }
        return e;
    }

    private static String string(Map<?, ?> m, String name) {
        Object v = m.get(name);
        return v instanceof String ? (String) v : null;
    }
}
