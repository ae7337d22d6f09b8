package io.github.sminference.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InvocationMode;
import io.github.sminference.exception.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumeTokenTest {
    private static final Instant DEADLINE = Instant.parse("2026-03-04T05:06:07.123456789Z");

    private static String v1(String lines) {
        return ResumeToken.V1 + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(lines.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCorrupted(String token) {
        assertThatThrownBy(() -> ResumeToken.parse(token)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("token"));
    }

    @Test
    void encodeParse_specialCharacters_roundTrip() {
        String id = "id with\nnewline = and &=% \u00fc\u20ac\ud83d\ude00";
        ResumeToken t = ResumeToken.builder(ResumeToken.Kind.SCORING, InvocationMode.BATCH, "job-=name\n", id)
                .deadline(DEADLINE).put("outputLocation", "s3://b/out/x.csv.out?a=1&b=2")
                .put("inputKey", "k=v\r\nline2").put("skipped", null).build();
        String encoded = t.encode();
        ResumeToken back = ResumeToken.parse(encoded);
        assertThat(back).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(back.kind()).isEqualTo(ResumeToken.Kind.SCORING);
        assertThat(back.mode()).isEqualTo(InvocationMode.BATCH);
        assertThat(back.name()).isEqualTo("job-=name\n");
        assertThat(back.id()).isEqualTo(id);
        assertThat(back.deadline()).contains(DEADLINE);
        assertThat(back.get("outputLocation")).contains("s3://b/out/x.csv.out?a=1&b=2");
        assertThat(back.get("inputKey")).contains("k=v\r\nline2");
        assertThat(back.get("skipped")).isEmpty();
    }

    @Test
    void encode_isVersionedAndUrlSafe() {
        String encoded = ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.ASYNC_ENDPOINT, "ep",
                "\u00ff\u00fe?>/+").build().encode();
        assertThat(encoded).startsWith("smi1.");
        assertThat(encoded.substring(5)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void parse_withoutDeadline_deadlineEmpty() {
        ResumeToken t = ResumeToken.parse(
                ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, "ep", "i").build().encode());
        assertThat(t.deadline()).isEmpty();
        assertThat(t.kind()).isEqualTo(ResumeToken.Kind.INFERENCE);
    }

    @Test
    void parse_otherVersionPrefix_rejectedNamingTheExpectedPrefix() {
        String encoded = ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, "ep", "i").build()
                .encode();
        String v2 = "smi2." + encoded.substring(5);
        assertThatThrownBy(() -> ResumeToken.parse(v2)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("smi1.")
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("token"));
        assertCorrupted(encoded.substring(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smi1.!!!not*base64!!!", "smi1.a", "smi1.", "smi1.===="})
    void parse_corruptedBase64OrEmpty_rejected(String token) {
        assertCorrupted(token);
    }

    @Test
    void parse_nullOrBlank_rejected() {
        assertCorrupted(null);
        assertCorrupted("  ");
    }

    @Test
    void parse_missingRequiredField_rejectedNamingIt() {
        for (String missing : new String[] {"kind", "mode", "name", "id"}) {
            StringBuilder lines = new StringBuilder();
            for (String[] kv : new String[][] {{"kind", "INFERENCE"}, {"mode", "REAL_TIME"}, {"name", "ep"},
                    {"id", "i"}}) {
                if (!kv[0].equals(missing)) {
                    lines.append(kv[0]).append('=').append(kv[1]).append('\n');
                }
            }
            assertThatThrownBy(() -> ResumeToken.parse(v1(lines.toString())))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'" + missing + "'")
                    .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("token"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind=NOPE\nmode=REAL_TIME\nname=ep\nid=i\n",
            "kind=INFERENCE\nmode=WARP_SPEED\nname=ep\nid=i\n",
            "kind=INFERENCE\nmode=REAL_TIME\nname=ep\nid=i\ndeadline=tomorrow\n",
            "kind=INFERENCE\nmode=REAL_TIME\nname=ep\nid=i\nno-equals-sign\n",
            "kind=INFERENCE\nmode=REAL_TIME\nname=ep\nid=%zz\n",
            "=value\nkind=INFERENCE\nmode=REAL_TIME\nname=ep\nid=i\n"})
    void parse_badFieldOrValue_rejected(String lines) {
        assertCorrupted(v1(lines));
    }

    @Test
    void parse_longCorruptedToken_messageAbbreviatesIt() {
        String token = "smi1." + "A".repeat(500) + "!";
        assertThatThrownBy(() -> ResumeToken.parse(token)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("A".repeat(100)));
    }

    @Test
    void put_keyWithNonAlphanumerics_rejected() {
        ResumeToken.Builder b = ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, "ep", "i");
        assertThatThrownBy(() -> b.put("bad=key", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.put("bad\nkey", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builder_nullNameOrId_rejected() {
        assertThatThrownBy(() -> ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, null, "i"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, "ep", null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void equals_differentFields_notEqual() {
        ResumeToken a = ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, "ep", "i").build();
        ResumeToken b = ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME, "ep", "j").build();
        assertThat(a).isNotEqualTo(b).isNotEqualTo("ep");
    }
}
