package io.github.sminference.internal.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset.SplitType;
import io.github.sminference.ScoringOptions.BatchStrategy;
import io.github.sminference.exception.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MiniBatcherTest {

    static RecordReader reader(String s, SplitType split) {
        return new RecordReader(new ByteArrayInputStream(s.getBytes(UTF_8)), split, Long.MAX_VALUE, "in.csv");
    }

    static List<MiniBatch> all(MiniBatcher b, RecordReader r) throws IOException {
        List<MiniBatch> out = new ArrayList<>();
        MiniBatch m;
        while ((m = b.next(r)) != null) {
            out.add(m);
        }
        return out;
    }

    static List<String> texts(MiniBatch m) {
        List<String> out = new ArrayList<>();
        m.records().forEach(r -> out.add(new String(r, UTF_8)));
        return out;
    }

    static String payload(MiniBatch m) {
        return new String(m.payload(), UTF_8);
    }

    @Test
    void next_multiRecord_packsExactlyToTheLimit() throws IOException {
        // "aaa\n" + "bb\n" = 7 bytes = the limit; "c\n" starts the next batch.
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 7, SplitType.LINE, "in.csv", 10);
        List<MiniBatch> batches = all(b, reader("aaa\nbb\nc\n", SplitType.LINE));
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).firstIndex()).isEqualTo(10);
        assertThat(texts(batches.get(0))).containsExactly("aaa", "bb");
        assertThat(payload(batches.get(0))).isEqualTo("aaa\nbb\n");
        assertThat(batches.get(1).firstIndex()).isEqualTo(12);
        assertThat(payload(batches.get(1))).isEqualTo("c\n");
        assertThat(b.nextIndex()).isEqualTo(13);
    }

    @Test
    void next_multiRecordOneByteOver_startsANewBatch() throws IOException {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 6, SplitType.LINE, "in.csv", 0);
        List<MiniBatch> batches = all(b, reader("aaa\nbb\nc\n", SplitType.LINE));
        assertThat(batches).extracting(MiniBatcherTest::payload).containsExactly("aaa\n", "bb\nc\n");
    }

    @Test
    void next_recordEqualToTheWholeLimit_isAloneInItsBatch() throws IOException {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 5, SplitType.LINE, "in.csv", 0);
        List<MiniBatch> batches = all(b, reader("a\nbbbb\nc\n", SplitType.LINE));
        assertThat(batches).extracting(MiniBatcherTest::payload).containsExactly("a\n", "bbbb\n", "c\n");
        assertThat(batches).extracting(MiniBatch::firstIndex).containsExactly(0L, 1L, 2L);
    }

    @Test
    void next_firstRecordOverTheLimit_failsInsteadOfYieldingAnEmptyBatch() {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 5, SplitType.LINE, "in.csv", 100);
        RecordReader r = reader("bbbbb\nc\n", SplitType.LINE);
        assertThatThrownBy(() -> b.next(r))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.field()).isEqualTo("record");
                    assertThat(e.size()).isEqualTo(6);
                    assertThat(e.limit()).isEqualTo(5);
                })
                .hasMessageContaining("record is 6 bytes")
                .hasMessageContaining("record 0 of 'in.csv'")
                .hasMessageContaining("dataset index 100")
                .hasMessageContaining("line break")
                .hasMessageContaining("raise MaxPayloadInMB");
    }

    @Test
    void next_laterRecordOverTheLimit_failsNamingItsIndex() throws IOException {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 5, SplitType.LINE, "in.csv", 0);
        RecordReader r = reader("a\nb\nccccc\n", SplitType.LINE);
        assertThatThrownBy(() -> b.next(r)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("record 2 of 'in.csv'");
    }

    @Test
    void next_singleRecord_oneRecordPerBatchWithItsNewline() throws IOException {
        MiniBatcher b = new MiniBatcher(BatchStrategy.SINGLE_RECORD, 100, SplitType.LINE, "in.csv", 5);
        List<MiniBatch> batches = all(b, reader("a\n\nb\r\nc", SplitType.LINE));
        assertThat(batches).extracting(MiniBatcherTest::payload).containsExactly("a\n", "\n", "b\n", "c\n");
        assertThat(batches).extracting(MiniBatch::firstIndex).containsExactly(5L, 6L, 7L, 8L);
        assertThat(batches).allSatisfy(m -> assertThat(m.size()).isEqualTo(1));
    }

    @Test
    void next_singleRecordOverTheLimit_fails() {
        MiniBatcher b = new MiniBatcher(BatchStrategy.SINGLE_RECORD, 3, SplitType.LINE, "in.csv", 0);
        RecordReader r = reader("abc\n", SplitType.LINE);
        assertThatThrownBy(() -> b.next(r)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("record is 4 bytes");
    }

    @Test
    void next_splitNone_sendsTheWholeObjectAsItIsWhateverTheStrategy() throws IOException {
        for (BatchStrategy s : BatchStrategy.values()) {
            MiniBatcher b = new MiniBatcher(s, 8, SplitType.NONE, "in.csv", 3);
            List<MiniBatch> batches = all(b, reader("a\nb\r\nc", SplitType.NONE));
            assertThat(batches).hasSize(1);
            assertThat(payload(batches.get(0))).isEqualTo("a\nb\r\nc");
            assertThat(batches.get(0).firstIndex()).isEqualTo(3);
        }
    }

    @Test
    void next_splitNoneExactlyAtTheLimit_acceptedAndOneOverRejected() throws IOException {
        assertThat(all(new MiniBatcher(BatchStrategy.MULTI_RECORD, 3, SplitType.NONE, "f", 0),
                reader("abc", SplitType.NONE))).hasSize(1);
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 2, SplitType.NONE, "f", 0);
        RecordReader r = reader("abc", SplitType.NONE);
        assertThatThrownBy(() -> b.next(r)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("record is 3 bytes").hasMessageNotContaining("line break");
    }

    @Test
    void next_emptyInput_noBatch() throws IOException {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 10, SplitType.LINE, "f", 0);
        assertThat(b.next(reader("", SplitType.LINE))).isNull();
    }

    @Test
    void next_unlimited_putsEverythingInOneBatch() throws IOException {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, Long.MAX_VALUE, SplitType.LINE, "f", 0);
        List<MiniBatch> batches = all(b, reader("a\nb\nc", SplitType.LINE));
        assertThat(batches).extracting(MiniBatcherTest::payload).containsExactly("a\nb\nc\n");
    }

    @Test
    void next_readerSplitDiffers_isRejected() {
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, 10, SplitType.LINE, "f", 0);
        assertThatThrownBy(() -> b.next(reader("a", SplitType.NONE))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void next_randomRecordSizes_preservesOrderIndexesAndLimit() throws IOException {
        Random random = new Random(20240601);
        for (int round = 0; round < 200; round++) {
            long limit = 1 + random.nextInt(300);
            BatchStrategy strategy = random.nextInt(4) == 0 ? BatchStrategy.SINGLE_RECORD
                    : BatchStrategy.MULTI_RECORD;
            int count = random.nextInt(400);
            List<String> records = new ArrayList<>();
            StringBuilder input = new StringBuilder();
            for (int i = 0; i < count; i++) {
                int len = random.nextInt((int) limit); // payload = len + 1 <= limit
                StringBuilder rec = new StringBuilder();
                for (int k = 0; k < len; k++) {
                    rec.append((char) ('a' + random.nextInt(26)));
                }
                records.add(rec.toString());
                input.append(rec).append(random.nextBoolean() ? "\n" : "\r\n");
            }
            long first = random.nextInt(1000);
            MiniBatcher b = new MiniBatcher(strategy, limit, SplitType.LINE, "f", first);
            List<MiniBatch> batches = all(b, reader(input.toString(), SplitType.LINE));

            List<String> seen = new ArrayList<>();
            long expectedIndex = first;
            for (int i = 0; i < batches.size(); i++) {
                MiniBatch m = batches.get(i);
                assertThat(m.records()).as("round %d batch %d", round, i).isNotEmpty();
                assertThat((long) m.payload().length).isLessThanOrEqualTo(limit);
                assertThat(m.firstIndex()).isEqualTo(expectedIndex);
                ByteArrayOutputStream expectedPayload = new ByteArrayOutputStream();
                for (byte[] r : m.records()) {
                    expectedPayload.writeBytes(r);
                    expectedPayload.write('\n');
                }
                assertThat(m.payload()).isEqualTo(expectedPayload.toByteArray());
                if (strategy == BatchStrategy.SINGLE_RECORD) {
                    assertThat(m.size()).isEqualTo(1);
                } else if (i + 1 < batches.size()) {
                    // Greedy: the next batch's first record would not have fitted in this one.
                    long next = batches.get(i + 1).records().get(0).length + 1L;
                    assertThat(m.payload().length + next).isGreaterThan(limit);
                }
                expectedIndex += m.size();
                seen.addAll(texts(m));
            }
            assertThat(seen).as("round %d", round).isEqualTo(records);
            assertThat(b.nextIndex()).isEqualTo(first + count);
        }
    }

    @Test
    void next_twoHundredMegabytesStreamed_countsMatchWithoutHoldingRecords() throws IOException {
        long lines = 2_000_000;
        int lineLength = 100; // 99 bytes + '\n'
        long limit = 4096;
        GeneratedLines in = new GeneratedLines(lines, lineLength);
        RecordReader r = new RecordReader(in, SplitType.LINE, limit, "generated");
        MiniBatcher b = new MiniBatcher(BatchStrategy.MULTI_RECORD, limit, SplitType.LINE, "generated", 0);
        long batches = 0;
        long records = 0;
        long payloadBytes = 0;
        MiniBatch m;
        while ((m = b.next(r)) != null) {
            assertThat(m.firstIndex()).isEqualTo(records);
            // Each record carries its own index: order survives batching.
            assertThat(GeneratedLines.indexOf(m.records().get(0))).isEqualTo(records);
            assertThat(m.payload().length).isLessThanOrEqualTo((int) limit);
            batches++;
            records += m.size();
            payloadBytes += m.payload().length;
        }
        assertThat(records).isEqualTo(lines);
        assertThat(payloadBytes).isEqualTo(lines * lineLength);
        assertThat(batches).isEqualTo((lines + 39) / 40); // 40 lines of 100 bytes fit in 4096
        assertThat(in.served).isEqualTo(lines * lineLength);
    }

    /** A lazily generated input: line i is i in 12 digits, then 'x' padding, then '\n'. Never held in memory. */
    static final class GeneratedLines extends InputStream {
        private final long lines;
        private final byte[] line;
        private long current = -1;
        private int at;
        long served;

        GeneratedLines(long lines, int lineLength) {
            this.lines = lines;
            this.line = new byte[lineLength];
            this.at = lineLength;
        }

        static long indexOf(byte[] record) {
            return Long.parseLong(new String(record, 0, 12, UTF_8));
        }

        @Override
        public int read() {
            throw new AssertionError("the reader must read in bulk");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                if (at == line.length) {
                    if (current + 1 >= lines) {
                        break;
                    }
                    current++;
                    long v = current;
                    for (int k = 11; k >= 0; k--) {
                        line[k] = (byte) ('0' + v % 10);
                        v /= 10;
                    }
                    java.util.Arrays.fill(line, 12, line.length - 1, (byte) 'x');
                    line[line.length - 1] = '\n';
                    at = 0;
                }
                int c = Math.min(len - n, line.length - at);
                System.arraycopy(line, at, b, off + n, c);
                at += c;
                n += c;
            }
            served += n;
            return n == 0 ? -1 : n;
        }
    }
}
