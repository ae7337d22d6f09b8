package io.github.sminference.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code snippets are copies of compiled example code: every {@code <!-- snippet:NAME (from PATH) -->}
 * block must equal the region between {@code // --8<-- [start:NAME]} and {@code [end:NAME]} in that file.
 */
class ReadmeSnippetTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet:([\\w-]+) \\(from ([^)]+)\\) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

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

    @Test
    void readme_everySnippet_isTheCompiledExampleCode() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = SNIPPET.matcher(readme);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            String source = Files.readString(ROOT.resolve(m.group(2)), StandardCharsets.UTF_8);
            assertThat(m.group(3).strip()).as("README snippet %s", m.group(1)).isEqualTo(region(source, m.group(1)));
            names.add(m.group(1));
        }
        assertThat(names).as("snippets found in the README").contains("realtime", "local", "handler", "async",
                "batch", "async-aws", "fanout", "batch-aws");
    }
}
