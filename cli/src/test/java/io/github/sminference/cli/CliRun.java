package io.github.sminference.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the tool in this JVM, as picocli's {@code CommandLine.execute} does for {@link Main}, with captured streams. */
final class CliRun {
    final int exit;
    final byte[] outBytes;
    final String out;
    final String err;

    private CliRun(int exit, byte[] out, String err) {
        this.exit = exit;
        this.outBytes = out;
        this.out = new String(out, StandardCharsets.UTF_8);
        this.err = err;
    }

    static CliRun run(String... args) {
        return run(new byte[0], false, args);
    }

    static CliRun withStdin(byte[] stdin, String... args) {
        return run(stdin, false, args);
    }

    /** As on a terminal: progress bars, no body from stdin by default. */
    static CliRun onTerminal(String... args) {
        return run(new byte[0], true, args);
    }

    static CliRun run(byte[] stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(new Io(new ByteArrayInputStream(stdin), o, e, interactive), args);
        }
        return new CliRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** The last non-empty line of stdout. */
    String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
