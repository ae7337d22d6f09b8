package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.codec.Codecs;
import io.github.sminference.exception.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceRequestTest {
    private static final String SECRET_BODY = "SECRET-BODY-31337";
    private static final String SECRET_ATTRIBUTES = "SECRET-ATTRS-token=abc123";

    private static InferenceRequest full() {
        return InferenceRequest.builder().body(SECRET_BODY).contentType("text/csv").accept("application/json")
                .customAttributes(SECRET_ATTRIBUTES).inferenceId("id-1").targetModel("model.tar.gz")
                .targetVariant("variant-a").targetContainerHostname("c1").inferenceComponentName("ic-1")
                .sessionId("NEW_SESSION").enableExplanations("`true`").idempotencyKey("key-1")
                .timeout(Duration.ofSeconds(30)).modelTimeout(Duration.ofSeconds(20)).queueTtl(Duration.ofMinutes(5))
                .build();
    }

    private static byte[] bytes(InferenceRequest r) throws IOException {
        try (InputStream in = r.payload().openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void build_allFields_accessorsReturnThem() throws IOException {
        InferenceRequest r = full();
        assertThat(bytes(r)).isEqualTo(SECRET_BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(r.contentType()).contains("text/csv");
        assertThat(r.accept()).contains("application/json");
        assertThat(r.customAttributes()).contains(SECRET_ATTRIBUTES);
        assertThat(r.inferenceId()).contains("id-1");
        assertThat(r.targetModel()).contains("model.tar.gz");
        assertThat(r.targetVariant()).contains("variant-a");
        assertThat(r.targetContainerHostname()).contains("c1");
        assertThat(r.inferenceComponentName()).contains("ic-1");
        assertThat(r.sessionId()).contains("NEW_SESSION");
        assertThat(r.enableExplanations()).contains("`true`");
        assertThat(r.idempotencyKey()).contains("key-1");
        assertThat(r.timeout()).contains(Duration.ofSeconds(30));
        assertThat(r.modelTimeout()).contains(Duration.ofSeconds(20));
        assertThat(r.queueTtl()).contains(Duration.ofMinutes(5));
    }

    @Test
    void build_onlyPayload_optionalFieldsEmpty() {
        InferenceRequest r = InferenceRequest.builder().body(new byte[0]).build();
        assertThat(r.contentType()).isEmpty();
        assertThat(r.customAttributes()).isEmpty();
        assertThat(r.inferenceId()).isEmpty();
        assertThat(r.timeout()).isEmpty();
        assertThat(r.payload().knownLength()).hasValue(0);
    }

    @Test
    void build_missingPayload_rejectedNamingPayload() {
        assertThatThrownBy(() -> InferenceRequest.builder().contentType("text/csv").build())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("payload"));
    }

    @Test
    void build_nonPositiveDurations_rejectedNamingField() {
        assertThatThrownBy(() -> InferenceRequest.builder().body("x").timeout(Duration.ZERO).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("timeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> InferenceRequest.builder().body("x").modelTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("modelTimeout"));
        assertThatThrownBy(() -> InferenceRequest.builder().body("x").queueTtl(Duration.ZERO).build())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("queueTtl"));
    }

    @Test
    void body_byteArrayMutatedAfterBuild_requestUnchanged() throws IOException {
        byte[] in = {1, 2, 3};
        InferenceRequest.Builder b = InferenceRequest.builder().body(in);
        in[1] = 0;
        InferenceRequest r = b.build();
        in[2] = 0;
        assertThat(bytes(r)).containsExactly(1, 2, 3);
        byte[] viaOf = {5, 6};
        InferenceRequest r2 = InferenceRequest.of(viaOf, "application/octet-stream");
        viaOf[0] = 0;
        assertThat(bytes(r2)).containsExactly(5, 6);
    }

    @Test
    void bodyWithCodec_noContentType_takesCodecContentType() throws IOException {
        InferenceRequest r = InferenceRequest.builder().body(List.of(List.of("a", "b,c")), Codecs.csv()).build();
        assertThat(r.contentType()).contains("text/csv");
        assertThat(new String(bytes(r), StandardCharsets.UTF_8)).isEqualTo("a,\"b,c\"\n");
    }

    @Test
    void bodyWithCodec_explicitContentType_kept() {
        InferenceRequest r = InferenceRequest.builder().contentType("text/x-custom").body("v", Codecs.text()).build();
        assertThat(r.contentType()).contains("text/x-custom");
    }

    @Test
    void of_textAndContentType_buildsRequest() throws IOException {
        InferenceRequest r = InferenceRequest.of("1,2", "text/csv");
        assertThat(r.contentType()).contains("text/csv");
        assertThat(bytes(r)).isEqualTo("1,2".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toBuilder_roundTrip_equalWithSameHashCode() {
        InferenceRequest r = full();
        InferenceRequest copy = r.toBuilder().build();
        assertThat(copy).isEqualTo(r).hasSameHashCodeAs(r);
    }

    @Test
    void equals_anyFieldDiffers_notEqual() {
        InferenceRequest r = full();
        assertThat(r.toBuilder().body("other").build()).isNotEqualTo(r);
        assertThat(r.toBuilder().customAttributes("x").build()).isNotEqualTo(r);
        assertThat(r.toBuilder().inferenceId("id-2").build()).isNotEqualTo(r);
        assertThat(r.toBuilder().targetModel(null).build()).isNotEqualTo(r);
        assertThat(r.toBuilder().sessionId("s-1").build()).isNotEqualTo(r);
        assertThat(r.toBuilder().idempotencyKey(null).build()).isNotEqualTo(r);
        assertThat(r.toBuilder().timeout(Duration.ofSeconds(31)).build()).isNotEqualTo(r);
        assertThat(r.toBuilder().modelTimeout(null).build()).isNotEqualTo(r);
        assertThat(r.toBuilder().queueTtl(Duration.ofMinutes(6)).build()).isNotEqualTo(r);
        assertThat(r).isNotEqualTo("a string");
    }

    @Test
    void toBuilder_changesCopy_originalUnchanged() {
        InferenceRequest r = full();
        r.toBuilder().accept("text/plain").build();
        assertThat(r.accept()).contains("application/json");
    }

    @Test
    void toString_neverShowsPayloadOrCustomAttributes() {
        String s = full().toString();
        assertThat(s).doesNotContain(SECRET_BODY).doesNotContain(SECRET_ATTRIBUTES).doesNotContain("abc123")
                .contains("customAttributes=<redacted>", "inferenceId=id-1", "contentType=text/csv",
                        Integer.toString(SECRET_BODY.length()));
    }

    @Test
    void toString_withoutCustomAttributes_doesNotMentionThem() {
        assertThat(InferenceRequest.of("x", "text/plain").toString()).doesNotContain("customAttributes");
    }
}
