package io.github.sminference.config;

import static io.github.sminference.config.PolicyAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaults_documentedValues() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.multiplier()).isEqualTo(2.0);
        assertThat(p.jitter()).isEqualTo(0.5);
        assertThat(p.coldStartMaxAttempts()).isEqualTo(10);
        assertThat(p.coldStartInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.coldStartMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxInternalDependencyRetries()).isEqualTo(1);
        assertThat(p.retryModelServerErrors()).isFalse();
        assertThat(RetryPolicy.builder().build()).isEqualTo(p);
    }

    @Test
    void none_neverRetries() {
        RetryPolicy p = RetryPolicy.none();
        assertThat(p.maxAttempts()).isEqualTo(1);
        assertThat(p.coldStartMaxAttempts()).isEqualTo(1);
        assertThat(p.maxInternalDependencyRetries()).isZero();
        assertThat(p.retryModelServerErrors()).isFalse();
    }

    @Test
    void build_attemptCountsBelowOne_rejected() {
        assertRejected(() -> RetryPolicy.builder().maxAttempts(0).build(), "maxAttempts", "0");
        assertRejected(() -> RetryPolicy.builder().coldStartMaxAttempts(-2).build(), "coldStartMaxAttempts", "-2");
        assertRejected(() -> RetryPolicy.builder().maxInternalDependencyRetries(-1).build(),
                "maxInternalDependencyRetries", "-1");
    }

    @Test
    void build_nonPositiveBackoffs_rejected() {
        assertRejected(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO).build(), "initialBackoff", "PT0S");
        assertRejected(() -> RetryPolicy.builder().initialBackoff(null).build(), "initialBackoff", "null");
        assertRejected(() -> RetryPolicy.builder().coldStartInitialBackoff(Duration.ofSeconds(-1)).build(),
                "coldStartInitialBackoff", "PT-1S");
    }

    @Test
    void build_capBelowInitialBackoff_rejected() {
        assertRejected(() -> RetryPolicy.builder().maxBackoff(Duration.ofMillis(50)).build(), "maxBackoff", "PT0.05S");
        assertRejected(() -> RetryPolicy.builder().maxBackoff(null).build(), "maxBackoff", "null");
        assertRejected(() -> RetryPolicy.builder().coldStartMaxBackoff(Duration.ofMillis(999)).build(),
                "coldStartMaxBackoff", "PT0.999S");
    }

    @Test
    void build_badMultiplier_rejected() {
        assertRejected(() -> RetryPolicy.builder().multiplier(0.5).build(), "multiplier", "0.5");
        assertRejected(() -> RetryPolicy.builder().multiplier(Double.NaN).build(), "multiplier", "NaN");
        assertRejected(() -> RetryPolicy.builder().multiplier(Double.POSITIVE_INFINITY).build(), "multiplier",
                "Infinity");
    }

    @Test
    void build_jitterOutsideZeroToOne_rejected() {
        assertRejected(() -> RetryPolicy.builder().jitter(-0.1).build(), "jitter", "-0.1");
        assertRejected(() -> RetryPolicy.builder().jitter(1.5).build(), "jitter", "1.5");
        assertRejected(() -> RetryPolicy.builder().jitter(Double.NaN).build(), "jitter", "NaN");
    }

    @Test
    void build_boundaryValues_accepted() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(1).multiplier(1.0).jitter(1.0)
                .maxBackoff(Duration.ofMillis(100)).maxInternalDependencyRetries(0).build();
        assertThat(p.jitter()).isEqualTo(1.0);
        assertThat(p.maxBackoff()).isEqualTo(p.initialBackoff());
    }

    @Test
    void toBuilder_roundTrip_equalAndIndependent() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofSeconds(2)).multiplier(3).jitter(0.1).coldStartMaxAttempts(4)
                .coldStartInitialBackoff(Duration.ofSeconds(2)).coldStartMaxBackoff(Duration.ofSeconds(9))
                .maxInternalDependencyRetries(2).retryModelServerErrors(true).build();
        RetryPolicy copy = p.toBuilder().build();
        assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(copy.retryModelServerErrors()).isTrue();
        assertThat(copy.coldStartMaxBackoff()).isEqualTo(Duration.ofSeconds(9));
        assertThat(p.toBuilder().jitter(0.2).build()).isNotEqualTo(p);
        assertThat(p.toBuilder().retryModelServerErrors(false).build()).isNotEqualTo(p);
        assertThat(p.jitter()).isEqualTo(0.1);
    }

    @Test
    void toString_namesTheSettings() {
        assertThat(RetryPolicy.defaults().toString()).contains("maxAttempts=3", "PT0.1S", "PT20S", "PT30S");
    }
}
