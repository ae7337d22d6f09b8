package io.github.sminference.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InvocationMode;
import io.github.sminference.exception.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModeLimitsTest {

    @Test
    void defaults_realTime_documentedValues() {
        ModeLimits l = ModeLimits.defaults(InvocationMode.REAL_TIME);
        assertThat(l.mode()).isEqualTo(InvocationMode.REAL_TIME);
        assertThat(l.maxRequestBytes()).isEqualTo(6_291_456L);
        assertThat(l.maxResponseBytes()).isEqualTo(6_291_456L);
        assertThat(l.maxInlineBytes()).isZero();
        assertThat(l.minModelTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(l.maxModelTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.defaultModelTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.maxQueueTtl()).isEqualTo(Duration.ZERO);
    }

    @Test
    void defaults_serverless_strictFourMillionBytes() {
        ModeLimits l = ModeLimits.defaults(InvocationMode.SERVERLESS);
        assertThat(l.maxRequestBytes()).isEqualTo(4_000_000L);
        assertThat(l.maxResponseBytes()).isEqualTo(4_000_000L);
        assertThat(l.maxModelTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.defaultModelTime()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void defaults_asyncEndpoint_documentedValues() {
        ModeLimits l = ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT);
        assertThat(l.maxRequestBytes()).isEqualTo(1_000_000_000L);
        assertThat(l.maxResponseBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(l.maxInlineBytes()).isEqualTo(128_000L);
        assertThat(l.minModelTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(l.maxModelTime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(l.defaultModelTime()).isEqualTo(Duration.ofSeconds(900));
        assertThat(l.minQueueTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.maxQueueTtl()).isEqualTo(Duration.ofSeconds(21_600));
        assertThat(l.defaultQueueTtl()).isEqualTo(Duration.ofSeconds(21_600));
    }

    @Test
    void defaults_batch_documentedValues() {
        ModeLimits l = ModeLimits.defaults(InvocationMode.BATCH);
        assertThat(l.maxRequestBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(l.maxResponseBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(l.maxModelTime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(l.defaultModelTime()).isEqualTo(Duration.ofSeconds(600));
    }

    @ParameterizedTest
    @EnumSource(InvocationMode.class)
    void defaults_everyMode_namesASourceForEachValue(InvocationMode mode) {
        ModeLimits l = ModeLimits.defaults(mode);
        assertThat(l.sources()).containsKeys("maxRequestBytes", "maxResponseBytes", "modelTime");
        if (mode == InvocationMode.ASYNC_ENDPOINT) {
            assertThat(l.sources()).containsKeys("maxInlineBytes", "queueTtl");
        }
        assertThat(l.sources().values()).allSatisfy(s -> assertThat(s).isNotBlank().isNotEqualTo("overridden"));
        assertThatThrownBy(() -> l.sources().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaults_nullMode_throwsNullPointerException() {
        assertThatThrownBy(() -> ModeLimits.defaults(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toBuilder_overrides_markedOverriddenOthersKeepSource() {
        ModeLimits base = ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT);
        ModeLimits l = base.toBuilder().maxRequestBytes(2_000_000_000L).maxInlineBytes(0)
                .maxModelTime(Duration.ofHours(2)).maxQueueTtl(Duration.ofHours(12)).build();
        assertThat(l.maxRequestBytes()).isEqualTo(2_000_000_000L);
        assertThat(l.maxInlineBytes()).isZero();
        assertThat(l.maxModelTime()).isEqualTo(Duration.ofHours(2));
        assertThat(l.maxQueueTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(l.sources()).containsEntry("maxRequestBytes", "overridden")
                .containsEntry("maxInlineBytes", "overridden").containsEntry("modelTime", "overridden")
                .containsEntry("queueTtl", "overridden")
                .containsEntry("maxResponseBytes", base.sources().get("maxResponseBytes"));
        assertThat(base.sources().get("maxRequestBytes")).isNotEqualTo("overridden");
        assertThat(base.maxRequestBytes()).isEqualTo(1_000_000_000L);
    }

    @Test
    void toBuilder_responseAndDefaultModelTime_overridden() {
        ModeLimits l = ModeLimits.defaults(InvocationMode.REAL_TIME).toBuilder().maxResponseBytes(10)
                .defaultModelTime(Duration.ofSeconds(30)).build();
        assertThat(l.maxResponseBytes()).isEqualTo(10);
        assertThat(l.defaultModelTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.sources()).containsEntry("maxResponseBytes", "overridden").containsEntry("modelTime", "overridden");
    }

    @Test
    void toBuilder_nonPositiveByteOverrides_rejectedNamingField() {
        ModeLimits.Builder b = ModeLimits.defaults(InvocationMode.REAL_TIME).toBuilder();
        assertInvalid(() -> b.maxRequestBytes(0), "maxRequestBytes", "0");
        assertInvalid(() -> b.maxRequestBytes(-5), "maxRequestBytes", "-5");
        assertInvalid(() -> b.maxResponseBytes(0), "maxResponseBytes", "0");
        assertInvalid(() -> b.maxInlineBytes(-1), "maxInlineBytes", "-1");
    }

    @Test
    void toBuilder_nonPositiveDurationOverrides_rejectedNamingField() {
        ModeLimits.Builder b = ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT).toBuilder();
        assertInvalid(() -> b.maxModelTime(Duration.ZERO), "maxModelTime", "PT0S");
        assertInvalid(() -> b.maxModelTime(null), "maxModelTime", "null");
        assertInvalid(() -> b.defaultModelTime(Duration.ofSeconds(-1)), "defaultModelTime", "PT-1S");
        assertInvalid(() -> b.maxQueueTtl(Duration.ZERO), "maxQueueTtl", "PT0S");
    }

    @Test
    void build_defaultModelTimeAboveMax_rejectedNamingBoth() {
        ModeLimits.Builder b = ModeLimits.defaults(InvocationMode.REAL_TIME).toBuilder()
                .maxModelTime(Duration.ofSeconds(30));
        assertThatThrownBy(b::build).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("defaultModelTime").hasMessageContaining("PT1M").hasMessageContaining("PT30S")
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("defaultModelTime"));
        assertThat(b.defaultModelTime(Duration.ofSeconds(30)).build().maxModelTime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void build_maxModelTimeBelowMinModelTime_rejected() {
        ModeLimits.Builder b = ModeLimits.defaults(InvocationMode.REAL_TIME).toBuilder()
                .maxModelTime(Duration.ofMillis(500)).defaultModelTime(Duration.ofMillis(500));
        assertThatThrownBy(b::build).isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxModelTime");
    }

    @Test
    void build_maxQueueTtlBelowDefaultQueueTtl_keepsDefaultWithinMaxOrRejects() {
        ModeLimits.Builder b = ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT).toBuilder()
                .maxQueueTtl(Duration.ofHours(1));
        ModeLimits l;
        try {
            l = b.build();
        } catch (InvalidRequestException rejected) {
            return; // rejecting the inconsistent limits is acceptable too
        }
        assertThat(l.defaultQueueTtl()).isLessThanOrEqualTo(l.maxQueueTtl());
    }

    @Test
    void equalsAndHashCode_sameValues_equal() {
        ModeLimits a = ModeLimits.defaults(InvocationMode.SERVERLESS);
        ModeLimits b = ModeLimits.defaults(InvocationMode.SERVERLESS);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a).isNotEqualTo(ModeLimits.defaults(InvocationMode.REAL_TIME));
        assertThat(a).isNotEqualTo(a.toBuilder().maxRequestBytes(3_999_999).build());
        assertThat(a).isNotEqualTo(a.toBuilder().defaultModelTime(Duration.ofSeconds(59)).build());
        assertThat(a).isNotEqualTo("not limits");
    }

    @Test
    void toString_namesModeAndLimits() {
        assertThat(ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT).toString())
                .contains("ASYNC_ENDPOINT", "1000000000", "unbounded", "128000");
        assertThat(ModeLimits.defaults(InvocationMode.REAL_TIME).toString()).contains("REAL_TIME", "6291456");
    }

    private static void assertInvalid(Runnable r, String field, String value) {
        assertThatThrownBy(r::run).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(field).hasMessageContaining(value)
                .satisfies(e -> {
                    InvalidRequestException ire = (InvalidRequestException) e;
                    assertThat(ire.field()).isEqualTo(field);
                    assertThat(ire.value()).isEqualTo(value);
                    assertThat(ire.isRetryable()).isFalse();
                });
    }
}
