package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringSummaryTest {

    @Test
    void outputLocations_inputListMutatedAfterwards_summaryUnchangedAndUnmodifiable() {
        List<String> locations = new ArrayList<>(List.of("s3://b/a.out"));
        ScoringSummary s = new ScoringSummary(10, 9, 1, locations);
        locations.add("s3://b/b.out");
        assertThat(s.outputLocations()).containsExactly("s3://b/a.out");
        assertThatThrownBy(() -> s.outputLocations().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.recordsTotal()).isEqualTo(10);
        assertThat(s.recordsSucceeded()).isEqualTo(9);
        assertThat(s.recordsFailed()).isEqualTo(1);
    }

    @Test
    void equalsAndHashCode_byValue() {
        ScoringSummary s = new ScoringSummary(2, 2, 0, List.of("f1.out", "f2.out"));
        assertThat(s).isEqualTo(new ScoringSummary(2, 2, 0, new ArrayList<>(List.of("f1.out", "f2.out"))))
                .hasSameHashCodeAs(new ScoringSummary(2, 2, 0, List.of("f1.out", "f2.out")));
        assertThat(s).isNotEqualTo(new ScoringSummary(2, 2, 0, List.of("f2.out", "f1.out")));
        assertThat(s).isNotEqualTo(new ScoringSummary(2, 1, 1, List.of("f1.out", "f2.out")));
    }

    @Test
    void outputLocations_nullListOrElement_rejected() {
        assertThatThrownBy(() -> new ScoringSummary(0, 0, 0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ScoringSummary(1, 1, 0, java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
