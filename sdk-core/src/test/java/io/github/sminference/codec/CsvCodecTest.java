package io.github.sminference.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvCodecTest {
    private final Codec<List<List<String>>> csv = Codecs.csv();

    private List<List<String>> decode(String text) {
        return csv.decode(text.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    private String encode(List<List<String>> rows) {
        return new String(csv.encode(rows), StandardCharsets.UTF_8);
    }

    @Test
    void contentType_isTextCsv() {
        assertThat(csv.contentType()).isEqualTo("text/csv");
    }

    @Test
    void decode_plainRows_splitOnCommasAndNewlines() {
        assertThat(decode("a,b,c\n1,2,3\n")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
    }

    @Test
    void decode_quotedComma_keptInsideField() {
        assertThat(decode("a,\"b,c\",d\n")).containsExactly(List.of("a", "b,c", "d"));
    }

    @Test
    void decode_doubledQuotes_becomeOneQuote() {
        assertThat(decode("\"say \"\"hi\"\"\",x\n")).containsExactly(List.of("say \"hi\"", "x"));
    }

    @Test
    void decode_embeddedNewlineInQuotes_keptInsideField() {
        assertThat(decode("\"line1\nline2\",b\nc,d\n"))
                .containsExactly(List.of("line1\nline2", "b"), List.of("c", "d"));
    }

    @Test
    void decode_embeddedCrlfInQuotes_keptInsideField() {
        assertThat(decode("\"x\r\ny\",z\r\n")).containsExactly(List.of("x\r\ny", "z"));
    }

    @Test
    void decode_crlfLineEndings_endRows() {
        assertThat(decode("a,b\r\nc,d\r\n")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void decode_missingFinalNewline_lastRowKept() {
        assertThat(decode("a,b\nc,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(decode("a,\"q\"")).containsExactly(List.of("a", "q"));
    }

    @Test
    void decode_emptyFields_keptAsEmptyStrings() {
        assertThat(decode(",a,,\n")).containsExactly(List.of("", "a", "", ""));
        assertThat(decode("a,\n")).containsExactly(List.of("a", ""));
        assertThat(decode("\"\",x\n")).containsExactly(List.of("", "x"));
    }

    @Test
    void decode_emptyBody_noRows() {
        assertThat(decode("")).isEmpty();
    }

    @Test
    void decode_unterminatedQuote_throwsNamingTheRow() {
        assertThatThrownBy(() -> decode("a,b\nc,d\ne,\"f,g\nh\n"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("row 3")
                .hasMessageContaining("not terminated");
    }

    @Test
    void decode_quoteInsideUnquotedField_throwsNamingTheRow() {
        assertThatThrownBy(() -> decode("a,b\nab\"c,d\n"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("row 2");
    }

    @Test
    void decode_textAfterClosingQuote_throws() {
        assertThatThrownBy(() -> decode("\"a\"b,c\n")).isInstanceOf(CodecException.class)
                .hasMessageContaining("row 1");
    }

    @Test
    void decode_charsetParameter_honoured() {
        byte[] body = "caf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(csv.decode(body, "text/csv; charset=ISO-8859-1")).containsExactly(List.of("caf\u00e9", "x"));
    }

    @Test
    void decode_result_isUnmodifiable() {
        List<List<String>> rows = decode("a,b\n");
        assertThatThrownBy(() -> rows.add(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rows.get(0).set(0, "z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void encode_plainFields_notQuotedAndRowsEndWithLf() {
        assertThat(encode(List.of(List.of("a", "b"), List.of("1", "2")))).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void encode_specialCharacters_quotedOnlyWhenNeeded() {
        assertThat(encode(List.of(List.of("a,b", "plain", "say \"hi\"", "l1\nl2", "cr\rx"))))
                .isEqualTo("\"a,b\",plain,\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\rx\"\n");
    }

    @Test
    void encode_fieldWithSurroundingSpaces_quotedAsDocumentedSoTrimmingReadersKeepThem() {
        assertThat(encode(List.of(List.of(" lead", "trail ", "in side")))).isEqualTo("\" lead\",\"trail \",in side\n");
    }

    @Test
    void decode_spacesAroundFields_keptAsPartOfField() {
        assertThat(decode(" a , b \n")).containsExactly(List.of(" a ", " b "));
    }

    @Test
    void encode_nullAndEmptyFields_writtenEmpty() {
        assertThat(encode(List.of(Arrays.asList("a", null, "", "b")))).isEqualTo("a,,,b\n");
    }

    @Test
    void encode_nullRows_throwsCodecException() {
        assertThatThrownBy(() -> csv.encode(null)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> csv.encode(Arrays.asList(List.of("a"), null)))
                .isInstanceOf(CodecException.class).hasMessageContaining("row 1");
    }

    @Test
    void roundTrip_randomRowsWithCommasQuotesAndNewlines_preserved() {
        String[] atoms = {"a", "b", "7", ",", "\"", "\n", "\r", "\r\n", " ", "\u00e9", "\ud83d\ude00", "", "x y"};
        Random random = new Random(4180);
        for (int iteration = 0; iteration < 2000; iteration++) {
            List<List<String>> rows = new ArrayList<>();
            int rowCount = random.nextInt(6);
            for (int r = 0; r < rowCount; r++) {
                List<String> row = new ArrayList<>();
                int fields = 1 + random.nextInt(5);
                for (int f = 0; f < fields; f++) {
                    StringBuilder field = new StringBuilder();
                    int len = random.nextInt(5);
                    for (int k = 0; k < len; k++) {
                        field.append(atoms[random.nextInt(atoms.length)]);
                    }
                    row.add(field.toString());
                }
                rows.add(row);
            }
            byte[] encoded = csv.encode(rows);
            assertThat(csv.decode(encoded, "text/csv"))
                    .as("round trip of %s encoded as %s", rows, new String(encoded, StandardCharsets.UTF_8))
                    .isEqualTo(rows);
        }
    }
}
