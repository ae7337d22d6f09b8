package io.github.sminference.cli;

import picocli.CommandLine.Option;

/** Options every command has: the output format and {@code --debug}. */
final class Common {
    /** How results and messages are printed. */
    enum Format {
        /** For people: raw results on stdout, messages on stderr. */
        text,
        /** For scripts: one JSON object per line on stdout. */
        json
    }

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", order = 90,
            description = "text (default: raw results on stdout) or json (one JSON object per line, for scripts).")
    Format output;

    @Option(names = "--debug", order = 91,
            description = "Show stack traces and the SDK's debug log (never bodies, header values or credentials).")
    boolean debug;

    boolean json() {
        return output == Format.json;
    }
}
