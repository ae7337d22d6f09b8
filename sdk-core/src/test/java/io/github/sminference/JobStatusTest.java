package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static JobStatus full() {
        return JobStatus.builder().state(JobState.FAILED).failureReason("ClientError: bad input")
                .submittedAt(T0).startedAt(T0.plusSeconds(5)).endedAt(T0.plusSeconds(60)).records(7, 10).build();
    }

    @Test
    void build_allFields_accessorsReturnThem() {
        JobStatus s = full();
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.failureReason()).contains("ClientError: bad input");
        assertThat(s.submittedAt()).contains(T0);
        assertThat(s.startedAt()).contains(T0.plusSeconds(5));
        assertThat(s.endedAt()).contains(T0.plusSeconds(60));
        assertThat(s.recordsDone()).hasValue(7);
        assertThat(s.recordsTotal()).hasValue(10);
        assertThat(s.isTerminal()).isTrue();
    }

    @Test
    void build_onlyState_progressUnknown() {
        JobStatus s = JobStatus.builder().state(JobState.PENDING).build();
        assertThat(s.recordsDone()).isEmpty();
        assertThat(s.recordsTotal()).isEmpty();
        assertThat(s.failureReason()).isEmpty();
        assertThat(s.submittedAt()).isEmpty();
        assertThat(s.isTerminal()).isFalse();
    }

    @Test
    void build_missingState_throwsNullPointerException() {
        assertThatThrownBy(() -> JobStatus.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("state");
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void isTerminal_eachState_matchesDocumentation(JobState state) {
        boolean terminal = EnumSet.of(JobState.COMPLETED, JobState.FAILED, JobState.STOPPED, JobState.CANCELLED)
                .contains(state);
        assertThat(state.isTerminal()).isEqualTo(terminal);
        assertThat(JobStatus.builder().state(state).build().isTerminal()).isEqualTo(terminal);
    }

    @Test
    void toBuilder_roundTrip_equalWithSameHashCode() {
        JobStatus s = full();
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.toBuilder().records(8, 10).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().state(JobState.STOPPED).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().failureReason(null).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().endedAt(null).build()).isNotEqualTo(s);
    }

    @Test
    void toString_showsStateReasonAndProgress() {
        assertThat(full().toString()).contains("FAILED", "ClientError: bad input", "7/10");
    }
}
