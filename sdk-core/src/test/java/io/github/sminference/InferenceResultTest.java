package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.codec.Codecs;
import io.github.sminference.exception.CodecException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceResultTest {
    private static final String SECRET_BODY = "SECRET-RESULT-BODY-5150";
    private static final ResultMetadata META = ResultMetadataTest.full();

    private static InferenceResult result(String body, String contentType) {
        return InferenceResult.of(body.getBytes(StandardCharsets.UTF_8), contentType, META);
    }

    @Test
    void of_inputArrayMutatedAfterwards_resultUnchanged() {
        byte[] body = {1, 2, 3};
        InferenceResult r = InferenceResult.of(body, null, META);
        body[0] = 7;
        assertThat(r.bytes()).containsExactly(1, 2, 3);
        assertThat(r.size()).isEqualTo(3);
    }

    @Test
    void bytes_returnedArrayMutated_resultUnchanged() {
        InferenceResult r = result("abc", "text/plain");
        r.bytes()[0] = 'z';
        assertThat(r.text()).isEqualTo("abc");
    }

    @Test
    void buffer_isReadOnlyView() {
        ByteBuffer b = result("abc", null).buffer();
        assertThat(b.isReadOnly()).isTrue();
        assertThat(b.remaining()).isEqualTo(3);
        assertThatThrownBy(() -> b.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void inputStream_readsWholeBodyEachTime() throws IOException {
        InferenceResult r = result("body", null);
        assertThat(r.inputStream().readAllBytes()).isEqualTo("body".getBytes(StandardCharsets.UTF_8));
        assertThat(r.inputStream().readAllBytes()).isEqualTo("body".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void text_charsetInContentType_honoured() {
        InferenceResult latin = InferenceResult.of("na\u00efve".getBytes(StandardCharsets.ISO_8859_1),
                "text/plain; charset=ISO-8859-1", META);
        assertThat(latin.text()).isEqualTo("na\u00efve");
        InferenceResult utf8 = InferenceResult.of("na\u00efve".getBytes(StandardCharsets.UTF_8), null, META);
        assertThat(utf8.text()).isEqualTo("na\u00efve");
    }

    @Test
    void text_unknownCharset_throwsCodecException() {
        assertThatThrownBy(() -> result("x", "text/plain; charset=x-nope-9").text()).isInstanceOf(CodecException.class);
    }

    @Test
    void as_codec_decodesBodyWithContentType() {
        InferenceResult r = InferenceResult.of("a,\u00e9\n".getBytes(StandardCharsets.ISO_8859_1),
                "text/csv; charset=ISO-8859-1", META);
        assertThat(r.as(Codecs.csv())).containsExactly(List.of("a", "\u00e9"));
        assertThat(result("{\"k\":1}\n{\"k\":2}\n", null).as(Codecs.jsonLines())).containsExactly("{\"k\":1}",
                "{\"k\":2}");
        assertThatThrownBy(() -> r.as(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void as_bytesCodec_returnsCopy() {
        InferenceResult r = result("abc", null);
        r.as(Codecs.bytes())[0] = 'q';
        assertThat(r.text()).isEqualTo("abc");
    }

    @Test
    void of_nullArguments_rejected() {
        assertThatThrownBy(() -> InferenceResult.of(null, null, META)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> InferenceResult.of(new byte[0], null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalsAndHashCode_byBodyContentTypeAndMetadata() {
        InferenceResult a = result("x", "text/plain");
        assertThat(a).isEqualTo(result("x", "text/plain")).hasSameHashCodeAs(result("x", "text/plain"));
        assertThat(a).isNotEqualTo(result("y", "text/plain"));
        assertThat(a).isNotEqualTo(result("x", "text/csv"));
        assertThat(a).isNotEqualTo(InferenceResult.of(a.bytes(), "text/plain", META.toBuilder().attempts(9).build()));
    }

    @Test
    void toString_neverShowsBodyOrCustomAttributes() {
        InferenceResult r = result(SECRET_BODY, "text/plain");
        assertThat(r.toString()).doesNotContain(SECRET_BODY).doesNotContain(META.customAttributes().orElseThrow())
                .contains(SECRET_BODY.length() + " bytes", "text/plain");
        assertThat(r.contentType()).contains("text/plain");
        assertThat(r.metadata()).isEqualTo(META);
    }
}
