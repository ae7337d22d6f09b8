package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    /** Hands out at most {@code max} bytes per read, as a slow network does. */
    private static InputStream trickle(String s, int max) {
        return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    private static List<String> lines(LineReader r) throws Exception {
        List<String> out = new ArrayList<>();
        while (r.next()) {
            out.add(r.lineNumber() + ":" + new String(r.buffer(), r.start(), r.end() - r.start(),
                    StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void next_linesSpanningTinyBuffersAndReads_eachLineOnceWithoutTerminators() throws Exception {
        String text = "1,2,3\r\nfour five six seven\n\nlast\r";

        for (int max = 1; max <= 7; max++) {
            LineReader r = new LineReader(trickle(text, max), 4, 64);

            assertThat(lines(r)).as("reads of %d bytes", max)
                    .containsExactly("1:1,2,3", "2:four five six seven", "3:", "4:last");
        }
    }

    @Test
    void next_finalNewline_noExtraEmptyLine() throws Exception {
        assertThat(lines(new LineReader(trickle("a\nb\n", 3), 16, 64))).containsExactly("1:a", "2:b");
        assertThat(lines(new LineReader(trickle("", 3), 16, 64))).isEmpty();
    }

    @Test
    void isBlank_spacesAndTabs_blank() throws Exception {
        LineReader r = new LineReader(trickle(" \t\nx\n", 8), 16, 64);

        assertThat(r.next()).isTrue();
        assertThat(r.isBlank()).isTrue();
        assertThat(r.next()).isTrue();
        assertThat(r.isBlank()).isFalse();
    }

    @Test
    void next_lineLongerThanTheLimit_malformedNamingTheRow() throws Exception {
        LineReader r = new LineReader(trickle("ok\n" + "x".repeat(100) + "\n", 7), 8, 32);

        assertThat(r.next()).isTrue();
        assertThatThrownBy(r::next).isInstanceOf(MalformedRequestException.class)
                .hasMessage("row 2 is longer than 32 bytes");
    }
}
