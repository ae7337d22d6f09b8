package io.github.sminference.cli;

import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The streams a command reads and writes, and whether a person is watching: {@link Main} passes the process's, tests
 * pass their own. Results go to {@code out} (raw bytes, or JSON with {@code --output json}); messages, progress and
 * errors go to {@code err}, so a pipeline's data is never mixed with them.
 */
final class Io {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final boolean interactive;

    Io(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.interactive = interactive;
    }

    /**
     * The process's streams; interactive when the JVM has a console on a terminal. Stdout is buffered (64 KiB) and
     * flushed by the commands: after each record when a person is watching, else when the buffer fills and at the
     * end, so a pipeline of a million records is not a million system calls.
     */
    static Io system() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out),
                1 << 16), false, StandardCharsets.UTF_8);
        return new Io(System.in, out, new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8), isTerminal(System.console()));
    }

    /**
     * Whether the console is a terminal. Up to Java 21 {@code System.console()} is {@code null} unless both stdin and
     * stdout are terminals; from Java 22 it may be non-null on redirected streams, and {@code Console.isTerminal()}
     * tells.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
