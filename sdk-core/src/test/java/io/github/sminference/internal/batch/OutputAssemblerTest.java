package io.github.sminference.internal.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.ScoringOptions.AssembleWith;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OutputAssemblerTest {

    static String assemble(AssembleWith with, String... responses) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String r : responses) {
            OutputAssembler.append(out, r.getBytes(UTF_8), with);
        }
        return out.toString(UTF_8);
    }

    @Test
    void append_lineWithoutTrailingNewline_addsOne() throws IOException {
        assertThat(assemble(AssembleWith.LINE, "0.1", "0.2")).isEqualTo("0.1\n0.2\n");
    }

    @Test
    void append_lineWithTrailingNewline_doesNotAddABlankLine() throws IOException {
        assertThat(assemble(AssembleWith.LINE, "0.1\n", "0.2\r\n", "a\nb\n")).isEqualTo("0.1\n0.2\na\nb\n");
    }

    @Test
    void append_lineWithTwoTrailingNewlines_removesOnlyOne() throws IOException {
        assertThat(assemble(AssembleWith.LINE, "x\n\n")).isEqualTo("x\n\n");
    }

    @Test
    void append_lineEmptyResponse_writesAnEmptyLine() throws IOException {
        assertThat(assemble(AssembleWith.LINE, "", "\n")).isEqualTo("\n\n");
    }

    @Test
    void append_none_concatenatesAsIs() throws IOException {
        assertThat(assemble(AssembleWith.NONE, "a", "b\n", "c\r\n")).isEqualTo("ab\nc\r\n");
    }
}
