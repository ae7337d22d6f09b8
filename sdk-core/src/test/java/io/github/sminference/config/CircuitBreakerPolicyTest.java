package io.github.sminference.config;

import static io.github.sminference.config.PolicyAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerPolicyTest {

    @Test
    void defaults_documentedValues() {
        CircuitBreakerPolicy p = CircuitBreakerPolicy.defaults();
        assertThat(p.enabled()).isTrue();
        assertThat(p.failureRateThreshold()).isEqualTo(50f);
        assertThat(p.slidingWindowSize()).isEqualTo(100);
        assertThat(p.minimumCalls()).isEqualTo(50);
        assertThat(p.waitInOpenState()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.permittedCallsInHalfOpen()).isEqualTo(3);
        assertThat(CircuitBreakerPolicy.builder().build()).isEqualTo(p);
    }

    @Test
    void disabled_isNotEnabled() {
        assertThat(CircuitBreakerPolicy.disabled().enabled()).isFalse();
        assertThat(CircuitBreakerPolicy.disabled().toString()).contains("disabled");
        assertThat(CircuitBreakerPolicy.disabled()).isNotEqualTo(CircuitBreakerPolicy.defaults());
    }

    @Test
    void build_failureRateOutsideOneToHundred_rejected() {
        assertRejected(() -> CircuitBreakerPolicy.builder().failureRateThreshold(0f).build(), "failureRateThreshold",
                "0.0");
        assertRejected(() -> CircuitBreakerPolicy.builder().failureRateThreshold(100.5f).build(),
                "failureRateThreshold", "100.5");
        assertRejected(() -> CircuitBreakerPolicy.builder().failureRateThreshold(Float.NaN).build(),
                "failureRateThreshold", "NaN");
    }

    @Test
    void build_countsBelowOne_rejected() {
        assertRejected(() -> CircuitBreakerPolicy.builder().slidingWindowSize(0).build(), "slidingWindowSize", "0");
        assertRejected(() -> CircuitBreakerPolicy.builder().minimumCalls(0).build(), "minimumCalls", "0");
        assertRejected(() -> CircuitBreakerPolicy.builder().permittedCallsInHalfOpen(-1).build(),
                "permittedCallsInHalfOpen", "-1");
    }

    @Test
    void build_nonPositiveWait_rejected() {
        assertRejected(() -> CircuitBreakerPolicy.builder().waitInOpenState(Duration.ZERO).build(), "waitInOpenState",
                "PT0S");
        assertRejected(() -> CircuitBreakerPolicy.builder().waitInOpenState(Duration.ofSeconds(-1)).build(),
                "waitInOpenState", "PT-1S");
        assertRejected(() -> CircuitBreakerPolicy.builder().waitInOpenState(null).build(), "waitInOpenState", "null");
    }

    @Test
    void toBuilder_roundTrip_equalAndIndependent() {
        CircuitBreakerPolicy p = CircuitBreakerPolicy.builder().failureRateThreshold(75f).slidingWindowSize(8)
                .minimumCalls(4).waitInOpenState(Duration.ofSeconds(5)).permittedCallsInHalfOpen(2).build();
        CircuitBreakerPolicy copy = p.toBuilder().build();
        assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(copy.slidingWindowSize()).isEqualTo(8);
        assertThat(p.toBuilder().enabled(false).build()).isNotEqualTo(p);
        assertThat(p.toBuilder().minimumCalls(5).build()).isNotEqualTo(p);
        assertThat(p.enabled()).isTrue();
    }

    @Test
    void toString_namesThresholdAndWindow() {
        assertThat(CircuitBreakerPolicy.defaults().toString()).contains("50.0%", "100", "PT30S");
    }
}
