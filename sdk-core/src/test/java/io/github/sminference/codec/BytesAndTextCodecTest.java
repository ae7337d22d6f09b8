package io.github.sminference.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.CodecException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BytesAndTextCodecTest {

    @Test
    void bytesEncode_inputMutatedAfterwards_resultUnchanged() {
        byte[] in = {1, 2, 3};
        byte[] out = Codecs.bytes().encode(in);
        in[0] = 9;
        assertThat(out).containsExactly(1, 2, 3);
    }

    @Test
    void bytesDecode_bodyMutatedAfterwards_resultUnchanged() {
        byte[] body = {4, 5};
        byte[] out = Codecs.bytes().decode(body, "application/octet-stream");
        body[1] = 0;
        assertThat(out).containsExactly(4, 5);
    }

    @Test
    void bytesEncode_null_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.bytes().encode(null)).isInstanceOf(CodecException.class);
    }

    @Test
    void bytesContentType_isOctetStream() {
        assertThat(Codecs.bytes().contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void textEncode_nonAscii_writesUtf8() {
        assertThat(Codecs.text().encode("h\u00e9 \u20ac")).isEqualTo("h\u00e9 \u20ac".getBytes(StandardCharsets.UTF_8));
        assertThat(Codecs.text().contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void textEncode_null_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.text().encode(null)).isInstanceOf(CodecException.class);
    }

    @Test
    void textDecode_noContentType_readsUtf8() {
        byte[] body = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(Codecs.text().decode(body, null)).isEqualTo("caf\u00e9");
        assertThat(Codecs.text().decode(body, "text/plain")).isEqualTo("caf\u00e9");
    }

    @Test
    void textDecode_latin1Charset_honoured() {
        byte[] body = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(body).hasSize(4);
        assertThat(Codecs.text().decode(body, "text/plain; charset=ISO-8859-1")).isEqualTo("caf\u00e9");
    }

    @Test
    void textDecode_quotedAndUpperCaseCharsetParameter_honoured() {
        byte[] body = "\u00fcber".getBytes(StandardCharsets.UTF_16BE);
        assertThat(Codecs.text().decode(body, "text/plain;Charset=\"UTF-16BE\"")).isEqualTo("\u00fcber");
    }

    @Test
    void textDecode_charsetAfterOtherParameters_honoured() {
        byte[] body = "\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Codecs.text().decode(body, "text/plain; format=flowed ; charset=iso-8859-1")).isEqualTo("\u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=no-such-charset-42", "text/plain; charset=@@bad@@"})
    void textDecode_unknownCharset_throwsCodecExceptionNamingIt(String contentType) {
        String name = contentType.substring(contentType.indexOf('=') + 1);
        assertThatThrownBy(() -> Codecs.text().decode(new byte[] {65}, contentType))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(name)
                .satisfies(e -> assertThat(((CodecException) e).isRetryable()).isFalse());
    }
}
