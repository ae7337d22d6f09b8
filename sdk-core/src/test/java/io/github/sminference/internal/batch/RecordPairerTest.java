package io.github.sminference.internal.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset.SplitType;
import io.github.sminference.ScoredRecord;
import io.github.sminference.exception.InferenceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RecordPairerTest {

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(UTF_8));
    }

    static List<ScoredRecord> all(RecordPairer p) {
        List<ScoredRecord> out = new ArrayList<>();
        p.forEachRemaining(out::add);
        return out;
    }

    @Test
    void next_lineSplit_pairsRecordWithLineInOrder() throws IOException {
        try (RecordPairer p = new RecordPairer(stream("a\r\n\nc"), stream("1\n2\r\n3\n"), SplitType.LINE, "in.csv",
                100, false)) {
            List<ScoredRecord> records = all(p);
            assertThat(records).extracting(ScoredRecord::index).containsExactly(100L, 101L, 102L);
            assertThat(records).extracting(r -> r.inputText().orElseThrow()).containsExactly("a", "", "c");
            assertThat(records).extracting(r -> r.outputText().orElseThrow()).containsExactly("1", "2", "3");
            assertThat(records).allSatisfy(r -> assertThat(r.source()).isEqualTo("in.csv"));
            assertThatThrownBy(p::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void next_joined_leavesTheInputOut() {
        RecordPairer p = new RecordPairer(stream("1,2\n3,4\n"), stream("1,2,0.1\n3,4,0.2\n"), SplitType.LINE, "f", 0,
                true);
        List<ScoredRecord> records = all(p);
        assertThat(records).extracting(r -> r.outputText().orElseThrow()).containsExactly("1,2,0.1", "3,4,0.2");
        assertThat(records).allSatisfy(r -> assertThat(r.input()).isEmpty());
    }

    @Test
    void next_noneSplit_oneRecordOfWholeObjects() {
        RecordPairer p = new RecordPairer(stream("a\nb\n"), stream("x\ny\n"), SplitType.NONE, "f", 4, false);
        List<ScoredRecord> records = all(p);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).index()).isEqualTo(4);
        assertThat(records.get(0).inputText()).hasValue("a\nb\n");
        assertThat(records.get(0).outputText()).hasValue("x\ny\n");
    }

    @Test
    void next_bothEmpty_noRecords() {
        assertThat(all(new RecordPairer(stream(""), stream(""), SplitType.LINE, "f", 0, false))).isEmpty();
    }

    @Test
    void hasNext_outputShorter_failsWithBothCountsAfterTheMatchedRecords() {
        RecordPairer p = new RecordPairer(stream("a\nb\nc\nd\n"), stream("1\n2\n"), SplitType.LINE, "s3://b/in.csv",
                0, false);
        assertThat(p.next().outputText()).hasValue("1");
        assertThat(p.next().outputText()).hasValue("2");
        assertThatThrownBy(p::hasNext)
                .isInstanceOfSatisfying(InferenceException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("'s3://b/in.csv'")
                .hasMessageContaining("input has 4 records, output has 2 lines")
                .hasMessageContaining("one line per record");
        assertThatThrownBy(p::hasNext).isInstanceOf(InferenceException.class);
    }

    @Test
    void hasNext_outputLonger_failsWithBothCounts() {
        RecordPairer p = new RecordPairer(stream("a\nb"), stream("1\n2\n3\n\n4"), SplitType.LINE, "in.csv", 0,
                false);
        assertThatThrownBy(() -> all(p)).isInstanceOf(InferenceException.class)
                .hasMessageContaining("input has 2 records, output has 5 lines");
    }

    @Test
    void hasNext_emptyOutputForNonEmptyInput_fails() {
        RecordPairer p = new RecordPairer(stream("a\n"), stream(""), SplitType.LINE, "in.csv", 0, true);
        assertThatThrownBy(p::hasNext).isInstanceOf(InferenceException.class)
                .hasMessageContaining("input has 1 records, output has 0 lines");
    }

    @Test
    void close_closesBothStreams() throws IOException {
        boolean[] closed = new boolean[2];
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream out = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[1] = true;
            }
        };
        new RecordPairer(in, out, SplitType.LINE, "f", 0, false).close();
        assertThat(closed).containsExactly(true, true);
    }
}
