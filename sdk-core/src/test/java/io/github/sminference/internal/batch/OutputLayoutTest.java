package io.github.sminference.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLayoutTest {

    @Test
    void outputKey_folderPrefix_keepsThePathBelowIt() {
        assertThat(OutputLayout.outputKey("data/in/", "data/in/x.csv", "out/")).isEqualTo("out/x.csv.out");
        assertThat(OutputLayout.outputKey("data/in/", "data/in/2024/05/x.csv", "out/"))
                .isEqualTo("out/2024/05/x.csv.out");
    }

    @Test
    void outputKey_keyPrefixWithoutSlash_keepsThePartialFolderName() {
        assertThat(OutputLayout.outputKey("data/in", "data/input-2024/x.csv", "out"))
                .isEqualTo("out/input-2024/x.csv.out");
        assertThat(OutputLayout.outputKey("data/in", "data/in/x.csv", "out")).isEqualTo("out/in/x.csv.out");
        assertThat(OutputLayout.outputKey("in", "in/x.csv", "out")).isEqualTo("out/in/x.csv.out");
    }

    @Test
    void outputKey_prefixIsTheObject_keepsItsName() {
        assertThat(OutputLayout.outputKey("data/x.csv", "data/x.csv", "out/")).isEqualTo("out/x.csv.out");
    }

    @Test
    void outputKey_outputPrefixWithOrWithoutSlash_exactlyOneSlash() {
        assertThat(OutputLayout.outputKey("in/", "in/a/x", "out")).isEqualTo("out/a/x.out");
        assertThat(OutputLayout.outputKey("in/", "in/a/x", "out/")).isEqualTo("out/a/x.out");
        assertThat(OutputLayout.outputKey("in/", "in/a/x", "out//")).isEqualTo("out/a/x.out");
        assertThat(OutputLayout.outputKey("in/", "in/a/x", "")).isEqualTo("a/x.out");
    }

    @Test
    void outputKey_fullUris_mapBucketToBucket() {
        assertThat(OutputLayout.outputKey("s3://in-bucket/input-name-prefix/",
                "s3://in-bucket/input-name-prefix/dataset01/data.csv", "s3://out-bucket/output-name-prefix"))
                .isEqualTo("s3://out-bucket/output-name-prefix/dataset01/data.csv.out");
        assertThat(OutputLayout.outputKey("s3://in-bucket", "s3://in-bucket/a/x.csv", "s3://out-bucket/"))
                .isEqualTo("s3://out-bucket/a/x.csv.out");
    }

    @Test
    void outputKey_keyOutsideThePrefixOrAFolder_isRejected() {
        assertThatThrownBy(() -> OutputLayout.outputKey("data/in/", "other/x.csv", "out"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not under");
        assertThatThrownBy(() -> OutputLayout.outputKey("data/in/", "data/in/sub/", "out"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("folder");
    }

    @Test
    void outputFile_nestedFiles_keepTheirSubfolders(@TempDir Path tmp) {
        Path root = tmp.resolve("in");
        Path out = tmp.resolve("out");
        assertThat(OutputLayout.outputFile(root, root.resolve("a/b/x.csv"), out))
                .isEqualTo(out.resolve("a").resolve("b").resolve("x.csv.out"));
        assertThat(OutputLayout.outputFile(root, root.resolve("y.jsonl"), out)).isEqualTo(out.resolve("y.jsonl.out"));
        assertThatThrownBy(() -> OutputLayout.outputFile(root.resolve("a"), root.resolve("z"), out))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commonRoot_filesInNestedDirs_isTheDeepestCommonParent(@TempDir Path tmp) {
        Path a = tmp.resolve("data/2024/jan/x.csv");
        Path b = tmp.resolve("data/2024/feb/y.csv");
        Path c = tmp.resolve("data/2024/z.csv");
        assertThat(OutputLayout.commonRoot(List.of(a, b))).isEqualTo(tmp.resolve("data/2024").toAbsolutePath());
        assertThat(OutputLayout.commonRoot(List.of(a, b, c))).isEqualTo(tmp.resolve("data/2024").toAbsolutePath());
        assertThat(OutputLayout.commonRoot(List.of(a))).isEqualTo(tmp.resolve("data/2024/jan").toAbsolutePath());
        // Element-wise, not by characters: "data2" is not under "data".
        Path d = tmp.resolve("data2/w.csv");
        assertThat(OutputLayout.commonRoot(List.of(a, d))).isEqualTo(tmp.toAbsolutePath());
    }

    @Test
    void commonRoot_thenOutputFile_reproducesTheTree(@TempDir Path tmp) {
        Path a = tmp.resolve("in/p/x.csv");
        Path b = tmp.resolve("in/q/r/y.csv");
        Path root = OutputLayout.commonRoot(List.of(a, b));
        Path out = tmp.resolve("out");
        assertThat(OutputLayout.outputFile(root, a, out)).isEqualTo(out.resolve("p/x.csv.out"));
        assertThat(OutputLayout.outputFile(root, b, out)).isEqualTo(out.resolve("q/r/y.csv.out"));
    }

    @Test
    void commonRoot_empty_isRejected() {
        assertThatThrownBy(() -> OutputLayout.commonRoot(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
