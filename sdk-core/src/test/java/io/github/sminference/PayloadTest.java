package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadTest {
    private static final String SECRET = "TOP-SECRET-PAYLOAD-7731";

    @TempDir
    Path dir;

    private static byte[] read(Payload p) throws IOException {
        try (InputStream in = p.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void ofBytes_inputMutatedAfterwards_payloadUnchanged() throws IOException {
        byte[] in = {1, 2, 3};
        Payload p = Payload.ofBytes(in);
        in[0] = 42;
        assertThat(read(p)).containsExactly(1, 2, 3);
        assertThat(p.kind()).isEqualTo(Payload.Kind.BYTES);
        assertThat(p.knownLength()).hasValue(3);
        assertThat(p.isRepeatable()).isTrue();
        assertThat(read(p)).containsExactly(1, 2, 3);
    }

    @Test
    void ofBytes_null_throwsInvalidRequestNamingPayload() {
        assertThatThrownBy(() -> Payload.ofBytes(null)).isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("payload");
    }

    @Test
    void ofBuffer_remainingBytesCopiedBufferUntouched() throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        buf.position(1);
        Payload p = Payload.ofBuffer(buf);
        assertThat(buf.position()).isEqualTo(1);
        buf.put(1, (byte) 0);
        assertThat(read(p)).containsExactly(8, 7, 6);
        assertThatThrownBy(() -> Payload.ofBuffer(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void ofString_defaultUtf8AndExplicitCharset() throws IOException {
        assertThat(read(Payload.ofString("\u00e9"))).isEqualTo("\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(read(Payload.ofString("\u00e9", StandardCharsets.ISO_8859_1))).containsExactly((byte) 0xe9);
        assertThatThrownBy(() -> Payload.ofString(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void ofFile_missingFile_throwsInvalidRequestWithThePath() {
        Path missing = dir.resolve("no-such-file.csv");
        assertThatThrownBy(() -> Payload.ofFile(missing)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(((InvalidRequestException) e).value()).isEqualTo(missing.toString()));
    }

    @Test
    void ofFile_directoryOrNull_rejected() {
        assertThatThrownBy(() -> Payload.ofFile(dir)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(dir.toString());
        assertThatThrownBy(() -> Payload.ofFile(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void ofFile_existingFile_repeatableWithKnownLength() throws IOException {
        Path f = Files.writeString(dir.resolve("in.csv"), "1,2\n3,4\n");
        Payload p = Payload.ofFile(f);
        assertThat(p.kind()).isEqualTo(Payload.Kind.FILE);
        assertThat(p.file()).contains(f);
        assertThat(p.knownLength()).hasValue(8);
        assertThat(p.isRepeatable()).isTrue();
        assertThat(read(p)).isEqualTo("1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        assertThat(read(p)).isEqualTo("1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        assertThat(p).isEqualTo(Payload.ofFile(f)).hasSameHashCodeAs(Payload.ofFile(f));
    }

    @Test
    void ofStream_knownLength_openedOnlyOnce() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[] {1, 2});
        Payload p = Payload.ofStream(in, 2);
        assertThat(p.kind()).isEqualTo(Payload.Kind.STREAM);
        assertThat(p.isRepeatable()).isFalse();
        assertThat(p.knownLength()).hasValue(2);
        assertThat(p.openStream()).isSameAs(in);
        assertThatThrownBy(p::openStream).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    @Test
    void ofStream_unknownLength_hasNoKnownLength() {
        Payload p = Payload.ofStream(new ByteArrayInputStream(new byte[10]));
        assertThat(p.knownLength()).isEmpty();
        assertThat(p.toString()).contains("STREAM", "unknown length");
    }

    @Test
    void ofStream_invalidArguments_rejectedNamingField() {
        assertThatThrownBy(() -> Payload.ofStream(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Payload.ofStream(null, 1)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Payload.ofStream(new ByteArrayInputStream(new byte[0]), -1))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("payload.length"));
    }

    @Test
    void ofStream_distinctStreams_equalOnlyToThemselves() {
        Payload a = Payload.ofStream(new ByteArrayInputStream(new byte[0]), 0);
        Payload b = Payload.ofStream(new ByteArrayInputStream(new byte[0]), 0);
        assertThat(a).isEqualTo(a).isNotEqualTo(b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket/key.csv", "s3://my-bucket", "s3://b/deep/prefix/file.jsonl",
            "https://example.com/data?x=1"})
    void ofLocation_s3OrHttps_accepted(String uri) {
        Payload p = Payload.ofLocation(uri);
        assertThat(p.kind()).isEqualTo(Payload.Kind.LOCATION);
        assertThat(p.location()).contains(uri);
        assertThat(p.knownLength()).isEmpty();
        assertThat(p.isRepeatable()).isTrue();
        assertThatThrownBy(p::openStream).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/x", "ftp://host/x", "file:///tmp/x", "/tmp/x", "s3:/bucket/key",
            "s3:///key", "bucket/key", "", "   "})
    void ofLocation_otherForms_rejectedNamingLocation(String uri) {
        assertThatThrownBy(() -> Payload.ofLocation(uri)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("payload.location"));
    }

    @Test
    void ofLocation_null_rejected() {
        assertThatThrownBy(() -> Payload.ofLocation(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void ofLocation_lengthLimit_1024AcceptedAndLongerRejected() {
        String prefix = "s3://bucket/";
        String ok = prefix + "k".repeat(1024 - prefix.length());
        assertThat(Payload.ofLocation(ok).location()).contains(ok);
        String tooLong = ok + "k";
        assertThatThrownBy(() -> Payload.ofLocation(tooLong)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("1024").hasMessageContaining("1025");
    }

    @Test
    void equalsAndHashCode_bytesByContentLocationByUri() {
        assertThat(Payload.ofBytes(new byte[] {1, 2})).isEqualTo(Payload.ofString("\u0001\u0002"))
                .hasSameHashCodeAs(Payload.ofBytes(new byte[] {1, 2}));
        assertThat(Payload.ofBytes(new byte[] {1})).isNotEqualTo(Payload.ofBytes(new byte[] {2}));
        assertThat(Payload.ofLocation("s3://b/k")).isEqualTo(Payload.ofLocation("s3://b/k"))
                .hasSameHashCodeAs(Payload.ofLocation("s3://b/k")).isNotEqualTo(Payload.ofLocation("s3://b/j"));
        assertThat(Payload.ofLocation("s3://b/k")).isNotEqualTo(Payload.ofString("s3://b/k"));
    }

    @Test
    void toString_namesKindAndLengthNeverContent() throws IOException {
        Payload p = Payload.ofString(SECRET);
        assertThat(p.toString()).doesNotContain(SECRET).contains("BYTES", Integer.toString(SECRET.length()));
        Path f = Files.writeString(dir.resolve("secret.txt"), SECRET);
        assertThat(Payload.ofFile(f).toString()).doesNotContain(SECRET).contains("FILE");
        assertThat(Payload.ofStream(new ByteArrayInputStream(SECRET.getBytes(StandardCharsets.UTF_8)), 23).toString())
                .doesNotContain(SECRET).contains("23 bytes");
    }
}
