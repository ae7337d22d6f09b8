package io.github.sminference.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the report says about the machine and the software that ran. */
final class Env {
    private Env() {
    }

    static String date() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal").map(v -> {
            long kb = Long.parseLong(v.replaceAll("[^0-9]", ""));
            return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }).orElse("?");
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
    }

    static String jvmArgs() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(key)) {
                    int c = l.indexOf(':');
                    return java.util.Optional.of(l.substring(c + 1).trim());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return java.util.Optional.empty();
    }
}
