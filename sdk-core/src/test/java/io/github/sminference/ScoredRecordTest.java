package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.InferenceException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScoredRecordTest {
    private static final String SECRET_IN = "SECRET-INPUT-ROW-1";
    private static final String SECRET_OUT = "SECRET-OUTPUT-ROW-1";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void success_accessorsReturnCopies() {
        ScoredRecord r = ScoredRecord.success(3, "s3://b/in.csv", utf8("in"), utf8("out"));
        assertThat(r.index()).isEqualTo(3);
        assertThat(r.source()).isEqualTo("s3://b/in.csv");
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.error()).isEmpty();
        assertThat(r.inputText()).contains("in");
        assertThat(r.outputText()).contains("out");
        r.output().orElseThrow()[0] = 'X';
        r.input().orElseThrow()[0] = 'X';
        assertThat(r.outputText()).contains("out");
        assertThat(r.inputText()).contains("in");
    }

    @Test
    void success_withoutInput_inputEmpty() {
        ScoredRecord r = ScoredRecord.success(0, "f", null, utf8("o"));
        assertThat(r.input()).isEmpty();
        assertThat(r.inputText()).isEmpty();
    }

    @Test
    void failure_carriesErrorAndNoOutput() {
        InferenceException error = new InferenceException("model failed");
        ScoredRecord r = ScoredRecord.failure(1, "f", utf8("in"), error);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.error()).containsSame(error);
        assertThat(r.output()).isEmpty();
        assertThat(r.outputText()).isEmpty();
    }

    @Test
    void factories_missingRequiredParts_rejected() {
        assertThatThrownBy(() -> ScoredRecord.success(0, null, null, utf8("o"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ScoredRecord.success(0, "f", null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ScoredRecord.failure(0, "f", null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalsAndHashCode_byContent() {
        ScoredRecord a = ScoredRecord.success(1, "f", utf8("i"), utf8("o"));
        ScoredRecord b = ScoredRecord.success(1, "f", utf8("i"), utf8("o"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ScoredRecord.success(2, "f", utf8("i"), utf8("o")));
        assertThat(a).isNotEqualTo(ScoredRecord.success(1, "f", utf8("i"), utf8("p")));
    }

    @Test
    void toString_neverShowsInputOrOutput() {
        String s = ScoredRecord.success(5, "file.csv", utf8(SECRET_IN), utf8(SECRET_OUT)).toString();
        assertThat(s).doesNotContain(SECRET_IN).doesNotContain(SECRET_OUT).contains("5", "file.csv");
        String f = ScoredRecord.failure(6, "file.csv", utf8(SECRET_IN), new InferenceException("x")).toString();
        assertThat(f).doesNotContain(SECRET_IN).contains("failed");
    }
}
