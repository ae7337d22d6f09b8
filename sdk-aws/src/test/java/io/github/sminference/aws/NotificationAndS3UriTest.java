package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.aws.internal.asyncendpoint.Notification;
import io.github.sminference.exception.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two parsers of untrusted text in the asynchronous adapter: notification messages and S3 locations. */
class NotificationAndS3UriTest {
    private static final String INNER = "{\"awsRegion\":\"us-east-1\",\"invocationStatus\":\"Failed\","
            + "\"failureReason\":\"ClientError: boom\",\"requestParameters\":{\"endpointName\":\"e\"},"
            + "\"responseParameters\":{\"outputLocation\":\"s3://evil/x.out\"},"
            + "\"inferenceId\":\"abc-1\",\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\","
            + "\"eventName\":\"InferenceResult\"}";

    @Test
    void parse_rawDelivery_readsIdStatusAndReason() {
        Notification n = Notification.parse(INNER);
        assertThat(n.kind()).isEqualTo(Notification.Kind.RESULT);
        assertThat(n.inferenceId()).isEqualTo("abc-1");
        assertThat(n.status()).isEqualTo("Failed");
        assertThat(n.failureReason()).isEqualTo("ClientError: boom");
    }

    @Test
    void parse_snsEnvelope_readsTheInnerMessage() {
        String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                + "\"Message\":" + quote(INNER) + ",\"Timestamp\":\"2026-11-23T00:00:00Z\",\"SignatureVersion\":\"1\","
                + "\"Signature\":\"x\",\"SigningCertURL\":\"https://x\",\"UnsubscribeURL\":\"https://y\"}";
        Notification n = Notification.parse(envelope);
        assertThat(n.kind()).isEqualTo(Notification.Kind.RESULT);
        assertThat(n.inferenceId()).isEqualTo("abc-1");
    }

    @Test
    void parse_testNotification_rawAndEnveloped() {
        String test = "{\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\",\"eventName\":\"TestNotification\"}";
        assertThat(Notification.parse(test).kind()).isEqualTo(Notification.Kind.TEST);
        assertThat(Notification.parse("{\"Type\":\"Notification\",\"TopicArn\":\"arn\",\"Message\":" + quote(test)
                + "}").kind()).isEqualTo(Notification.Kind.TEST);
    }

    @Test
    void parse_subscriptionConfirmation_isOtherAndLeftAlone() {
        assertThat(Notification.parse("{\"Type\":\"SubscriptionConfirmation\",\"TopicArn\":\"arn\",\"Token\":\"t\"}")
                .kind()).isEqualTo(Notification.Kind.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{", "[]", "null", "{\"eventName\":\"InferenceResult\"}",
        "{\"eventName\":\"InferenceResult\",\"inferenceId\":\"\"}",
        "{\"eventName\":\"Other\",\"inferenceId\":\"x\"}",
        "{\"Type\":\"Notification\",\"TopicArn\":\"a\",\"Message\":\"{broken\"}",
        "{\"Type\":\"Notification\",\"TopicArn\":\"a\"}",
        "{\"eventName\":\"InferenceResult\",\"inferenceId\":12}"})
    void parse_malformed_neverThrows(String body) {
        assertThat(Notification.parse(body).kind()).isEqualTo(Notification.Kind.MALFORMED);
    }

    @Test
    void parse_hugeNesting_doesNotOverflowTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(Notification.parse(deep).kind()).isEqualTo(Notification.Kind.MALFORMED);
    }

    @Test
    void parse_inferenceIdLongerThanTheServiceAllows_isMalformed() {
        assertThat(Notification.parse("{\"eventName\":\"InferenceResult\",\"inferenceId\":\"" + "x".repeat(65)
                + "\"}").kind()).isEqualTo(Notification.Kind.MALFORMED);
    }

    @Test
    void s3Uri_parse_bucketAndKey() {
        assertThat(S3Uri.parse("f", "s3://my-bucket/a/b.csv")).isEqualTo(new S3Uri("my-bucket", "a/b.csv"));
        assertThat(S3Uri.parse("f", "s3://my-bucket")).isEqualTo(new S3Uri("my-bucket", ""));
        assertThat(S3Uri.parse("f", "s3://my-bucket/pre").child("id-1").toString()).isEqualTo(
                "s3://my-bucket/pre/id-1");
        assertThat(S3Uri.parse("f", "s3://my-bucket/pre/").child("id-1").key()).isEqualTo("pre/id-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bucket/key", "s3:/bucket/key", "s3://Bucket/key", "s3://ab/key",
        "s3://-bucket/key", "s3://bucket-/key", "s3://bu..cket/key", "s3://bucket/ke\u0001y", "s3://", "bucket/key",
        "s3://192.168.5.4/key", "s3://10.0.0.1", "s3://xn--bucket/key", "s3://sthree-bucket/key",
        "s3://amzn-s3-demo-bucket/key"})
    void s3Uri_parse_invalid_namesTheFieldAndValue(String uri) {
        assertThatThrownBy(() -> S3Uri.parse("stagingLocation", uri))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("stagingLocation"));
    }

    @Test
    void s3Uri_parse_bucketNamesLikeAnIpAddressOrWithAReservedSuffix() {
        // Found by S3UriFuzzTest: these were accepted although S3 has no such bucket. Names that only look close
        // stay valid, and so do the reserved suffixes: access point and directory bucket names end in them.
        assertThat(S3Uri.parse("f", "s3://192.168.5.4a/k").bucket()).isEqualTo("192.168.5.4a");
        assertThat(S3Uri.parse("f", "s3://1.2.3/k").bucket()).isEqualTo("1.2.3");
        assertThat(S3Uri.parse("f", "s3://my-ap-abc123-s3alias/k").bucket()).isEqualTo("my-ap-abc123-s3alias");
        assertThat(S3Uri.parse("f", "s3://base--usw2-az1--x-s3/k").bucket()).isEqualTo("base--usw2-az1--x-s3");
        assertThatThrownBy(() -> S3Uri.parse("f", "s3://192.168.5.4/k")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("IP address");
        assertThatThrownBy(() -> S3Uri.parse("f", "s3://xn--abc/k")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reserves");
    }

    @Test
    void s3Uri_parse_keyLimitIsInBytesOfUtf8() {
        // S3 keys are at most 1024 bytes of UTF-8; 1024 characters of 'é' are 2048 bytes.
        assertThat(S3Uri.parse("f", "s3://bucket/" + "x".repeat(1024)).key()).hasSize(1024);
        assertThat(S3Uri.parse("f", "s3://bucket/" + "\u00e9".repeat(512)).key()).hasSize(512);
        assertThatThrownBy(() -> S3Uri.parse("f", "s3://bucket/" + "\u00e9".repeat(513)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("f"))
                .hasMessageContaining("1024 bytes");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
