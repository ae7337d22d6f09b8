package io.github.sminference.cli;

/**
 * The {@code sminference} command-line tool: {@code predict}, {@code submit}, {@code wait}, {@code status},
 * {@code score} and {@code limits}, against SageMaker on AWS (standard AWS configuration: {@code --profile},
 * {@code --region}, {@code AWS_ENDPOINT_URL}) or in local mode ({@code --local URL}). Run it with the launcher script
 * {@code sminference}, or {@code java -jar sagemaker-inference-cli-<version>-all.jar}. See {@code docs/CLI.md}.
 *
 * <p>Exit status: 0 done; 1 the service, the model or the work failed; 2 the command line was wrong or a request
 * broke its mode's limits (nothing was sent).
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command line, e.g. {@code predict --local http://localhost:8080 --body row.csv}
     */
    public static void main(String[] args) {
        configureLogging(args);
        Io io = Io.system();
        int status = run(io, args);
        io.out.flush();
        io.err.flush();
        System.exit(status);
    }

    /** Runs the tool on the given streams and returns the exit status (for tests and embedding). */
    static int run(Io io, String... args) {
        return Cli.commandLine(io).execute(args);
    }

    /**
     * The SDK logs through slf4j: warnings only, on stderr; with {@code --debug}, this library's DEBUG lines too
     * (endpoint, mode, inference id, attempt, sizes, latency: never bodies, header values or credentials).
     */
    private static void configureLogging(String[] args) {
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        for (String a : args) {
            if (a.equals("--debug")) {
                setIfAbsent("org.slf4j.simpleLogger.log.io.github.sminference", "debug");
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
