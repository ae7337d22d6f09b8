package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's code snippets are copies of compiled example code: this keeps them identical. */
class ReadmeSnippetTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String region(String source, String name) {
        Matcher m = Pattern.compile("// --8<-- \\[start:" + name + "]\\n(.*?)\\n\\s*// --8<-- \\[end:" + name + "]",
                Pattern.DOTALL).matcher(source);
        assertThat(m.find()).as("snippet %s in source", name).isTrue();
        return dedent(m.group(1));
    }

    private static String dedent(String block) {
        int min = Integer.MAX_VALUE;
        for (String line : block.split("\n")) {
            if (!line.isBlank()) {
                min = Math.min(min, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : block.split("\n")) {
            sb.append(line.isBlank() ? "" : line.substring(min)).append('\n');
        }
        return sb.toString().strip();
    }

    private static String readmeSnippet(String readme, String name) {
        Matcher m = Pattern.compile("<!-- snippet:" + name + "[^>]*-->\\n```java\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("snippet %s in README", name).isTrue();
        return m.group(1).strip();
    }

    @Test
    void readme_realTimeSnippet_isTheCompiledExampleCode() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(ROOT.resolve(
                "examples/src/main/java/io/github/sminference/examples/RealTimeExample.java"), StandardCharsets.UTF_8);
        assertThat(readmeSnippet(readme, "realtime")).isEqualTo(region(source, "realtime"));
    }
}
