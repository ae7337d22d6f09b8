package io.github.sminference.internal.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset.SplitType;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RecordReaderTest {

    static RecordReader reader(String s, SplitType split, long max) {
        return new RecordReader(new ByteArrayInputStream(s.getBytes(UTF_8)), split, max, "in.csv");
    }

    static List<String> readAll(RecordReader r) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] b;
        while ((b = r.next()) != null) {
            out.add(new String(b, UTF_8));
        }
        return out;
    }

    /** Hands out at most {@code chunk} bytes per read, so records straddle buffer refills. */
    static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void next_lfLines_returnsRecordsWithoutLineBreaks() throws IOException {
        RecordReader r = reader("a,1\nb,2\nc,3\n", SplitType.LINE, 100);
        assertThat(readAll(r)).containsExactly("a,1", "b,2", "c,3");
        assertThat(r.recordsRead()).isEqualTo(3);
        assertThat(r.next()).isNull();
    }

    @Test
    void next_crlfLines_dropsTheCarriageReturn() throws IOException {
        assertThat(readAll(reader("a\r\nb\r\n", SplitType.LINE, 100))).containsExactly("a", "b");
    }

    @Test
    void next_carriageReturnNotBeforeNewline_isKept() throws IOException {
        assertThat(readAll(reader("a\rb\nc\r", SplitType.LINE, 100))).containsExactly("a\rb", "c\r");
    }

    @Test
    void next_noFinalNewline_lastLineIsARecord() throws IOException {
        assertThat(readAll(reader("a\nb", SplitType.LINE, 100))).containsExactly("a", "b");
    }

    @Test
    void next_emptyLinesInTheMiddle_areRecords() throws IOException {
        RecordReader r = reader("a\n\n\r\nb\n", SplitType.LINE, 100);
        assertThat(readAll(r)).containsExactly("a", "", "", "b");
        assertThat(r.recordsRead()).isEqualTo(4);
    }

    @Test
    void next_onlyANewline_isOneEmptyRecord() throws IOException {
        assertThat(readAll(reader("\n", SplitType.LINE, 100))).containsExactly("");
    }

    @Test
    void next_emptyInputLine_hasNoRecords() throws IOException {
        RecordReader r = reader("", SplitType.LINE, 100);
        assertThat(r.next()).isNull();
        assertThat(r.recordsRead()).isZero();
    }

    @Test
    void next_splitNone_wholeInputIsOneRecord() throws IOException {
        RecordReader r = reader("a\nb\r\n\n", SplitType.NONE, 100);
        assertThat(readAll(r)).containsExactly("a\nb\r\n\n");
        assertThat(r.recordsRead()).isEqualTo(1);
    }

    @Test
    void next_emptyInputNone_isOneEmptyRecord() throws IOException {
        assertThat(readAll(reader("", SplitType.NONE, 100))).containsExactly("");
    }

    @Test
    void next_recordsAcrossBufferRefills_areReassembled() throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String rec = "record-" + i + "-" + "x".repeat(i % 97);
            expected.add(rec);
            sb.append(rec).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        byte[] data = sb.toString().getBytes(UTF_8);
        for (int chunk : new int[] {1, 2, 7, 4096}) {
            RecordReader r = new RecordReader(trickle(data, chunk), SplitType.LINE, 200, "in.csv");
            assertThat(readAll(r)).as("chunk %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void next_crlfSplitAcrossReads_dropsTheCarriageReturn() throws IOException {
        RecordReader r = new RecordReader(trickle("abc\r\ndef\r\n".getBytes(UTF_8), 4), SplitType.LINE, 3, "f");
        assertThat(readAll(r)).containsExactly("abc", "def");
    }

    @Test
    void next_recordLongerThanTheBuffer_isReturnedWhole() throws IOException {
        byte[] big = new byte[RecordReader.BUFFER_SIZE * 3 + 17];
        Arrays.fill(big, (byte) 'q');
        byte[] data = Arrays.copyOf(big, big.length + 3);
        data[big.length] = '\n';
        data[big.length + 1] = 'z';
        data[big.length + 2] = '\n';
        RecordReader r = new RecordReader(new ByteArrayInputStream(data), SplitType.LINE, big.length, "f");
        assertThat(r.next()).isEqualTo(big);
        assertThat(r.next()).containsExactly('z');
        assertThat(r.next()).isNull();
    }

    @Test
    void next_recordExactlyAtTheLimit_isAccepted() throws IOException {
        assertThat(readAll(reader("12345\n1234\r\n12345", SplitType.LINE, 5))).containsExactly("12345", "1234",
                "12345");
        assertThat(readAll(reader("12345\r\n", SplitType.LINE, 5))).containsExactly("12345");
        assertThat(readAll(reader("12345", SplitType.NONE, 5))).containsExactly("12345");
    }

    @Test
    void next_recordOneByteOverTheLimit_failsNamingSourceIndexSizeAndLimit() throws IOException {
        RecordReader r = reader("ok\nabcdef\nnever\n", SplitType.LINE, 5);
        assertThat(r.next()).containsExactly('o', 'k');
        assertThatThrownBy(r::next)
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.field()).isEqualTo("record");
                    assertThat(e.size()).isEqualTo(6);
                    assertThat(e.limit()).isEqualTo(5);
                    assertThat(e.mode()).isEqualTo(InvocationMode.BATCH);
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("record is 6 bytes")
                .hasMessageContaining("limit of 5 bytes")
                .hasMessageContaining("record 1 of 'in.csv'")
                .hasMessageContaining("raise MaxPayloadInMB")
                .hasMessageContaining("split the record");
        assertThatThrownBy(r::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void next_crlfRecordOverTheLimit_sizeExcludesTheCarriageReturn() {
        assertThatThrownBy(() -> readAll(reader("abcdef\r\n", SplitType.LINE, 5)))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.size()).isEqualTo(6));
    }

    @Test
    void next_lastLineWithoutNewlineOverTheLimit_fails() {
        assertThatThrownBy(() -> readAll(reader("ab\nabcdef", SplitType.LINE, 5)))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("record 1 of");
    }

    @Test
    void next_noneOverTheLimit_fails() {
        assertThatThrownBy(() -> readAll(reader("abcdef", SplitType.NONE, 5)))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("over 5 bytes")
                .hasMessageContaining("record 0 of 'in.csv'");
    }

    @Test
    void next_hugeRecord_failsWithoutReadingPastTheLimit() {
        // An endless line: the reader must stop soon after the limit instead of buffering it all.
        CountingStream endless = new CountingStream(Long.MAX_VALUE);
        RecordReader r = new RecordReader(endless, SplitType.LINE, 100_000, "endless");
        assertThatThrownBy(r::next).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("record is over 100000 bytes");
        assertThat(endless.served).isLessThanOrEqualTo(100_000 + 2L * RecordReader.BUFFER_SIZE);
    }

    @Test
    void next_hugeRecordTrickled_stopsAtTheFirstByteThatCannotBeACarriageReturn() {
        CountingStream endless = new CountingStream(Long.MAX_VALUE) {
            @Override
            public int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        RecordReader r = new RecordReader(endless, SplitType.LINE, 5, "endless");
        assertThatThrownBy(r::next).isInstanceOf(PayloadTooLargeException.class);
        // 5 bytes of record, 1 that might have been the '\r' of a CRLF, and the one that proved it was not.
        assertThat(endless.served).isEqualTo(7);
    }

    @Test
    void next_readsInBulk_neverByteByByte() throws IOException {
        CountingStream in = new CountingStream(10L * RecordReader.BUFFER_SIZE) {
            @Override
            public int read() {
                throw new AssertionError("single-byte read");
            }
        };
        in.newlineEvery = 100;
        RecordReader r = new RecordReader(in, SplitType.LINE, 1000, "f");
        while (r.next() != null) {
            // drain
        }
        assertThat(in.reads).isLessThanOrEqualTo(11);
    }

    @Test
    void skipRemaining_countsRecordsLeftByTheSameRules() throws IOException {
        RecordReader r = reader("a\n\nb\r\nc", SplitType.LINE, 1);
        assertThat(r.next()).containsExactly('a');
        assertThat(r.skipRemaining()).isEqualTo(3);
        assertThat(r.recordsRead()).isEqualTo(4);
        assertThat(reader("a\nb\n", SplitType.LINE, 1).skipRemaining()).isEqualTo(2);
        assertThat(reader("", SplitType.NONE, 1).skipRemaining()).isEqualTo(1);
    }

    @Test
    void constructor_nonPositiveLimit_isRejectedWithTheUnlimitedHint() {
        assertThatThrownBy(() -> reader("", SplitType.LINE, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Long.MAX_VALUE");
    }

    @Test
    void close_closesTheStreamAndLaterReadsFail() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        RecordReader r = new RecordReader(in, SplitType.LINE, 10, "f");
        r.close();
        assertThat(closed[0]).isTrue();
        assertThatThrownBy(r::next).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    /** Serves {@code size} bytes of 'x' (a newline every {@code newlineEvery} bytes if set), lazily. */
    static class CountingStream extends InputStream {
        final long size;
        long served;
        int reads;
        int newlineEvery;

        CountingStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= size) {
                return -1;
            }
            reads++;
            int n = (int) Math.min(len, size - served);
            for (int i = 0; i < n; i++) {
                b[off + i] = newlineEvery > 0 && (served + i) % newlineEvery == newlineEvery - 1 ? (byte) '\n'
                        : (byte) 'x';
            }
            served += n;
            return n;
        }
    }
}
