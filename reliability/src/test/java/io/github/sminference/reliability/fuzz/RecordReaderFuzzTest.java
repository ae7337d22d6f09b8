package io.github.sminference.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.sminference.Dataset;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.internal.batch.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link RecordReader} for every {@link Dataset.SplitType}. Property: the records read, joined again by the
 * split rules (LINE: each record followed by {@code \n} or {@code \r\n}, the last one possibly by nothing; NONE:
 * the record is the input), give back the input byte for byte; the records are exactly those the documented rules
 * give; a record over {@code maxRecordBytes} fails with a {@link PayloadTooLargeException} at that record (after
 * the records before it were returned), and the reader is unusable after that; {@code recordsRead()} and
 * {@code skipRemaining()} agree with the count; no other exception.
 *
 * <p>Input layout (so seeds are easy to write by hand): byte 0 picks the split type (modulo the number of types),
 * byte 1 the limit ({@code 0xff} for {@code Long.MAX_VALUE}, else 1 + the byte), byte 2 how many bytes each read
 * of the underlying stream hands out (0 = as many as asked, else that many, so records straddle refills), byte 3
 * after how many records to switch to {@code skipRemaining()} ({@code 0xff} = never); the rest is the data.
 */
class RecordReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void next_anyInput_recordsRejoinToTheInput(byte[] input) throws IOException {
        if (input.length < 4) {
            return;
        }
        Dataset.SplitType[] types = Dataset.SplitType.values();
        Dataset.SplitType split = types[(input[0] & 0xff) % types.length];
        long max = (input[1] & 0xff) == 0xff ? Long.MAX_VALUE : 1 + (input[1] & 0xff);
        int chunk = input[2] & 0xff;
        int skipAfter = (input[3] & 0xff) == 0xff ? Integer.MAX_VALUE : input[3] & 0xff;
        byte[] data = Arrays.copyOfRange(input, 4, input.length);
        Object what = Texts.lazy(() -> split + " max=" + max + " chunk=" + chunk + " skipAfter=" + skipAfter
                + " data=" + Texts.show(data));

        List<byte[]> expected = model(split, data);
        List<byte[]> got = new ArrayList<>();
        RecordReader r = new RecordReader(stream(data, chunk), split, max, "fuzz.csv");
        while (true) {
            int i = got.size();
            if (i == skipAfter) {
                long left = r.skipRemaining();
                assertThat(left).as("skipRemaining after %d records; %s", i, what).isEqualTo(expected.size() - i);
                assertThat(r.recordsRead()).as("%s", what).isEqualTo(expected.size());
                assertThat(r.next()).as("next after skipRemaining; %s", what).isNull();
                return;
            }
            boolean tooLarge = i < expected.size() && expected.get(i).length > max;
            byte[] rec;
            try {
                rec = r.next();
            } catch (PayloadTooLargeException e) {
                assertThat(tooLarge).as("record %d failed as too large: %s; %s", i, e.getMessage(), what).isTrue();
                long size = expected.get(i).length;
                assertThat(e.limit()).as("%s", what).isEqualTo(max);
                assertThat(e.size()).as("reported size; %s", what).isIn(size, max);
                assertThat(r.recordsRead()).as("%s", what).isEqualTo(i);
                assertThatThrownBy(r::next).as("next after a failure; %s", what)
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(r::skipRemaining).isInstanceOf(IllegalStateException.class);
                checkRejoins(split, data, got, false, what);
                return;
            }
            assertThat(tooLarge).as("record %d (%d bytes) should have failed; %s", i,
                    i < expected.size() ? expected.get(i).length : -1, what).isFalse();
            if (rec == null) {
                break;
            }
            assertThat(i).as("more records than the rules give; %s", what).isLessThan(expected.size());
            assertThat(rec).as("record %d; %s", i, what).isEqualTo(expected.get(i));
            got.add(rec);
            assertThat(r.recordsRead()).as("%s", what).isEqualTo(got.size());
        }
        assertThat(got).as("record count; %s", what).hasSameSizeAs(expected);
        assertThat(r.next()).as("next after the end; %s", what).isNull();
        assertThat(r.skipRemaining()).as("skipRemaining at the end; %s", what).isZero();
        assertThat(r.recordsRead()).as("%s", what).isEqualTo(expected.size());
        checkRejoins(split, data, got, true, what);
        r.close();
    }

    /**
     * Checks the records rejoin to the input (all of it, or a prefix when reading stopped at an error).
     */
    static void checkRejoins(Dataset.SplitType split, byte[] data, List<byte[]> records, boolean whole,
            Object what) {
        switch (split) {
            case NONE:
                if (whole) {
                    assertThat(records).as("%s", what).hasSize(1);
                    assertThat(records.get(0)).as("%s", what).isEqualTo(data);
                } else {
                    assertThat(records).as("%s", what).isEmpty();
                }
                return;
            case LINE: {
                int p = 0;
                for (int k = 0; k < records.size(); k++) {
                    byte[] rec = records.get(k);
                    assertThat(p).as("record %d starts past the end; %s", k, what).isLessThan(data.length);
                    assertThat(Arrays.copyOfRange(data, p, Math.min(data.length, p + rec.length)))
                            .as("record %d at offset %d; %s", k, p, what).isEqualTo(rec);
                    p += rec.length;
                    if (p == data.length) {
                        assertThat(k).as("a record ends the input but is not the last; %s", what)
                                .isEqualTo(records.size() - 1);
                    } else if (data[p] == '\r' && p + 1 < data.length && data[p + 1] == '\n') {
                        p += 2;
                    } else {
                        assertThat(data[p]).as("byte after record %d; %s", k, what).isEqualTo((byte) '\n');
                        p++;
                    }
                }
                if (whole) {
                    assertThat(p).as("bytes left over after the last record; %s", what).isEqualTo(data.length);
                }
                return;
            }
            default:
                fail("no split rules here for " + split + "; add them to the fuzz test");
        }
    }

    /** The records the documented rules give, written out independently of the reader. */
    static List<byte[]> model(Dataset.SplitType split, byte[] data) {
        List<byte[]> out = new ArrayList<>();
        switch (split) {
            case NONE:
                out.add(data.clone());
                return out;
            case LINE: {
                int start = 0;
                for (int i = 0; i < data.length; i++) {
                    if (data[i] == '\n') {
                        int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                        out.add(Arrays.copyOfRange(data, start, end));
                        start = i + 1;
                    }
                }
                if (start < data.length) {
                    out.add(Arrays.copyOfRange(data, start, data.length));
                }
                return out;
            }
            default:
                throw new AssertionError("no split rules here for " + split + "; add them to the fuzz test");
        }
    }

    /** The data, handed out at most {@code chunk} bytes per read (0 = unlimited); never a 0-byte read. */
    static InputStream stream(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, chunk == 0 ? len : Math.min(len, chunk));
            }
        };
    }
}
