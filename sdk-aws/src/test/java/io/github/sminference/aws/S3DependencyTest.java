package io.github.sminference.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code software.amazon.awssdk:s3} is optional: endpoint clients work without it and say when they need it. */
class S3DependencyTest {

    @Test
    void withoutTheS3Artifact_realTimeBuildsAndCloses_andS3DatasetsAndAsyncEndpointsNameIt() throws Exception {
        String sep = File.pathSeparator;
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(sep));
        String without = entries.stream().filter(e -> !e.replace('\\', '/').contains("/awssdk/s3/"))
                .collect(Collectors.joining(sep));
        assertThat(without.split(sep)).as("the s3 jar was on the classpath and is now left out")
                .hasSize(entries.size() - 1);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                without, "-Daws.region=us-east-1", MissingS3Main.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("REAL_TIME built: REAL_TIME")
                .contains("SCORE_NOT_SUPPORTED mode=REAL_TIME").contains("software.amazon.awssdk:s3")
                .contains("BUILD_NOT_SUPPORTED mode=ASYNC_ENDPOINT");
    }
}
