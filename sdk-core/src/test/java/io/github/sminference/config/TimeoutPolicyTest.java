package io.github.sminference.config;

import static io.github.sminference.config.PolicyAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutPolicyTest {

    @Test
    void defaults_derivedAttemptTenSecondMarginFiveMinuteTotal() {
        TimeoutPolicy p = TimeoutPolicy.defaults();
        assertThat(p.attemptTimeout()).isEmpty();
        assertThat(p.attemptMargin()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.totalTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TimeoutPolicy.builder().build()).isEqualTo(p);
    }

    @Test
    void attemptTimeoutFor_sixtySecondsByDefault_isSeventySeconds() {
        assertThat(TimeoutPolicy.defaults().attemptTimeoutFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(70));
        assertThat(TimeoutPolicy.defaults().attemptTimeoutFor(Duration.ofSeconds(900)))
                .isEqualTo(Duration.ofSeconds(910));
    }

    @Test
    void attemptTimeoutFor_fixedAttemptTimeout_wins() {
        TimeoutPolicy p = TimeoutPolicy.builder().attemptTimeout(Duration.ofSeconds(5)).build();
        assertThat(p.attemptTimeout()).contains(Duration.ofSeconds(5));
        assertThat(p.attemptTimeoutFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void attemptTimeoutFor_customMargin_added() {
        TimeoutPolicy p = TimeoutPolicy.builder().attemptMargin(Duration.ZERO).build();
        assertThat(p.attemptTimeoutFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        TimeoutPolicy q = TimeoutPolicy.builder().attemptMargin(Duration.ofMillis(250)).build();
        assertThat(q.attemptTimeoutFor(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(1250));
    }

    @Test
    void build_invalidAttemptTimeout_rejectedNamingFieldAndValue() {
        assertRejected(() -> TimeoutPolicy.builder().attemptTimeout(Duration.ZERO).build(), "attemptTimeout", "PT0S");
        assertRejected(() -> TimeoutPolicy.builder().attemptTimeout(Duration.ofSeconds(-3)).build(), "attemptTimeout",
                "PT-3S");
    }

    @Test
    void build_invalidAttemptMargin_rejectedNamingFieldAndValue() {
        assertRejected(() -> TimeoutPolicy.builder().attemptMargin(Duration.ofMillis(-1)).build(), "attemptMargin",
                "PT-0.001S");
        assertRejected(() -> TimeoutPolicy.builder().attemptMargin(null).build(), "attemptMargin", "null");
    }

    @Test
    void build_invalidTotalTimeout_rejectedNamingFieldAndValue() {
        assertRejected(() -> TimeoutPolicy.builder().totalTimeout(Duration.ZERO).build(), "totalTimeout", "PT0S");
        assertRejected(() -> TimeoutPolicy.builder().totalTimeout(Duration.ofMinutes(-1)).build(), "totalTimeout",
                "PT-1M");
        assertRejected(() -> TimeoutPolicy.builder().totalTimeout(null).build(), "totalTimeout", "null");
    }

    @Test
    void toBuilder_roundTrip_equalAndIndependent() {
        TimeoutPolicy p = TimeoutPolicy.builder().attemptTimeout(Duration.ofSeconds(7))
                .attemptMargin(Duration.ofSeconds(2)).totalTimeout(Duration.ofSeconds(30)).build();
        TimeoutPolicy copy = p.toBuilder().build();
        assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p);
        TimeoutPolicy changed = p.toBuilder().totalTimeout(Duration.ofSeconds(31)).build();
        assertThat(changed).isNotEqualTo(p);
        assertThat(p.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.toBuilder().attemptTimeout(null).build().attemptTimeout()).isEmpty();
    }

    @Test
    void toString_showsBothBudgets() {
        assertThat(TimeoutPolicy.defaults().toString()).contains("PT10S", "PT5M");
    }
}
