package io.github.sminference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetTest {
    private static final String SECRET_RECORD = "SECRET-RECORD-4711";

    @TempDir
    Path dir;

    private static void assertInvalid(Runnable r, String field) {
        assertThatThrownBy(r::run).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
    }

    @Test
    void ofFiles_existingFiles_keptInOrderSplitByLine() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "1\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "2\n");
        Dataset d = Dataset.ofFiles(b, a);
        assertThat(d.kind()).isEqualTo(Dataset.SourceKind.FILES);
        assertThat(d.files()).containsExactly(b, a);
        assertThat(d.splitType()).isEqualTo(Dataset.SplitType.LINE);
        assertThat(d.s3Uri()).isEmpty();
        assertThat(d.records()).isEmpty();
    }

    @Test
    void ofFiles_listMutatedAfterwards_datasetUnchanged() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "1\n");
        List<Path> files = new ArrayList<>(List.of(a));
        Dataset d = Dataset.ofFiles(files);
        files.add(a);
        assertThat(d.files()).containsExactly(a);
        assertThatThrownBy(() -> d.files().add(a)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofFiles_missingFile_rejectedWithThePath() {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> Dataset.ofFiles(missing)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void ofFiles_emptyOrNull_rejected() {
        assertInvalid(() -> Dataset.ofFiles(List.of()), "files");
        assertInvalid(() -> Dataset.ofFiles((List<Path>) null), "files");
        assertInvalid(() -> Dataset.ofFiles(new Path[0]), "files");
        assertInvalid(() -> Dataset.ofFiles(Arrays.asList((Path) null)), "files");
    }

    @Test
    void ofFilesVarargs_nullElement_rejectedAsInvalidRequest() {
        assertInvalid(() -> Dataset.ofFiles((Path) null), "files");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://my-bucket/prefix/", "s3://my.bucket-1", "s3://abc/x/y/z.csv"})
    void ofS3Prefix_validUri_accepted(String uri) {
        Dataset d = Dataset.ofS3Prefix(uri);
        assertThat(d.kind()).isEqualTo(Dataset.SourceKind.S3_PREFIX);
        assertThat(d.s3Uri()).contains(uri);
        assertThat(d.files()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bucket/prefix", "s3://ab/x", "s3://Upper/x", "s3://-bucket/x", "s3:/b/x", ""})
    void ofS3Prefix_invalidUri_rejectedNamingField(String uri) {
        assertInvalid(() -> Dataset.ofS3Prefix(uri), "s3Prefix");
    }

    @Test
    void ofManifest_bucketAndKey_accepted() {
        Dataset d = Dataset.ofManifest("s3://bucket/manifests/input.manifest");
        assertThat(d.kind()).isEqualTo(Dataset.SourceKind.MANIFEST);
        assertInvalid(() -> Dataset.ofManifest(null), "manifestUri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket", "s3://bucket/"})
    void ofManifest_noObjectKey_rejected(String uri) {
        assertInvalid(() -> Dataset.ofManifest(uri), "manifestUri");
    }

    @Test
    void ofRecords_recordsCopiedAndReturnedAsCopies() {
        List<String> in = new ArrayList<>(List.of("r1", "r\u00e9"));
        Dataset d = Dataset.ofRecords(in);
        in.set(0, "changed");
        assertThat(d.kind()).isEqualTo(Dataset.SourceKind.RECORDS);
        List<byte[]> records = d.records();
        assertThat(records).hasSize(2);
        assertThat(new String(records.get(1), StandardCharsets.UTF_8)).isEqualTo("r\u00e9");
        records.get(0)[0] = 'X';
        records.clear();
        assertThat(new String(d.records().get(0), StandardCharsets.UTF_8)).isEqualTo("r1");
    }

    @Test
    void ofRecords_nullListOrElement_rejectedNamingIndex() {
        assertInvalid(() -> Dataset.ofRecords(null), "records");
        assertInvalid(() -> Dataset.ofRecords(Arrays.asList("a", null)), "records[1]");
        assertThat(Dataset.ofRecords(List.of()).records()).isEmpty();
    }

    @Test
    void withSettings_returnNewDatasetOriginalUnchanged() {
        Dataset d = Dataset.ofS3Prefix("s3://bucket/p/");
        Dataset d2 = d.withSplitType(Dataset.SplitType.NONE).withContentType("text/csv").withAccept("text/csv");
        assertThat(d.splitType()).isEqualTo(Dataset.SplitType.LINE);
        assertThat(d.contentType()).isEmpty();
        assertThat(d2.splitType()).isEqualTo(Dataset.SplitType.NONE);
        assertThat(d2.contentType()).contains("text/csv");
        assertThat(d2.accept()).contains("text/csv");
        assertThat(d2.s3Uri()).isEqualTo(d.s3Uri());
        assertThatThrownBy(() -> d.withSplitType(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalsAndHashCode_byKindSourceAndSettings() {
        assertThat(Dataset.ofRecords(List.of("a", "b"))).isEqualTo(Dataset.ofRecords(List.of("a", "b")))
                .hasSameHashCodeAs(Dataset.ofRecords(List.of("a", "b")));
        assertThat(Dataset.ofRecords(List.of("a", "b"))).isNotEqualTo(Dataset.ofRecords(List.of("a", "c")));
        assertThat(Dataset.ofS3Prefix("s3://bucket/p/")).isEqualTo(Dataset.ofS3Prefix("s3://bucket/p/"))
                .isNotEqualTo(Dataset.ofManifest("s3://bucket/p/manifest.json"))
                .isNotEqualTo(Dataset.ofS3Prefix("s3://bucket/p/").withContentType("text/csv"));
    }

    @Test
    void toString_neverShowsRecordContent() {
        assertThat(Dataset.ofRecords(List.of(SECRET_RECORD, "x")).toString()).doesNotContain(SECRET_RECORD)
                .contains("2 records");
    }
}
