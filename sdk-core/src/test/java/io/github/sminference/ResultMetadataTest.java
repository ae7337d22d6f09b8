package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultMetadataTest {
    private static final String SECRET_ATTRIBUTES = "SECRET-RETURNED-ATTRS-8812";

    static ResultMetadata full() {
        return ResultMetadata.builder().mode(InvocationMode.SERVERLESS).endpointName("ep").inferenceId("id-9")
                .invokedVariant("AllTraffic").customAttributes(SECRET_ATTRIBUTES).newSessionId("s-new")
                .closedSessionId("s-old").outputLocation("s3://b/out").attempts(3).latency(Duration.ofMillis(250))
                .build();
    }

    @Test
    void build_allFields_accessorsReturnThem() {
        ResultMetadata m = full();
        assertThat(m.mode()).isEqualTo(InvocationMode.SERVERLESS);
        assertThat(m.endpointName()).contains("ep");
        assertThat(m.inferenceId()).contains("id-9");
        assertThat(m.invokedVariant()).contains("AllTraffic");
        assertThat(m.customAttributes()).contains(SECRET_ATTRIBUTES);
        assertThat(m.newSessionId()).contains("s-new");
        assertThat(m.closedSessionId()).contains("s-old");
        assertThat(m.outputLocation()).contains("s3://b/out");
        assertThat(m.attempts()).isEqualTo(3);
        assertThat(m.latency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void build_onlyMode_oneAttemptZeroLatency() {
        ResultMetadata m = ResultMetadata.builder().mode(InvocationMode.REAL_TIME).build();
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(m.latency()).isEqualTo(Duration.ZERO);
        assertThat(m.endpointName()).isEmpty();
        assertThat(m.customAttributes()).isEmpty();
    }

    @Test
    void build_missingMode_throwsNullPointerException() {
        assertThatThrownBy(() -> ResultMetadata.builder().endpointName("ep").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("mode");
    }

    @Test
    void toBuilder_roundTrip_equalWithSameHashCode() {
        ResultMetadata m = full();
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(m.toBuilder().attempts(4).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().customAttributes(null).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().latency(Duration.ofMillis(251)).build()).isNotEqualTo(m);
    }

    @Test
    void toString_omitsCustomAttributes() {
        assertThat(full().toString()).doesNotContain(SECRET_ATTRIBUTES).contains("id-9", "attempts=3", "SERVERLESS");
    }
}
