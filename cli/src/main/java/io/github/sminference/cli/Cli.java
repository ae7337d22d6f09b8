package io.github.sminference.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sminference} command: the subcommands, and how errors and help are printed. */
@Command(name = "sminference", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Amazon SageMaker inference from the shell: real-time, serverless, asynchronous endpoints and"
                + " batch transform on AWS, or all four in local mode against a model container (--local URL).",
                "",
                "Exit status: 0 done; 1 the service, the model or the work failed; 2 the command line was wrong or a"
                        + " request broke its mode's limits (nothing was sent)."},
        footer = {"", "Run 'sminference COMMAND --help' for a command's options. Documentation: docs/CLI.md"})
final class Cli implements Callable<Integer> {
    private final Io io;

    Cli(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, io.err);
        return Errors.USAGE;
    }

    /** The command line with every subcommand, writing to {@code io}. */
    static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new Cli(io));
        cl.addSubcommand("predict", new PredictCommand(io));
        cl.addSubcommand("submit", new SubmitCommand(io));
        cl.addSubcommand("wait", new WaitCommand(io));
        cl.addSubcommand("status", new StatusCommand(io));
        cl.addSubcommand("score", new ScoreCommand(io));
        cl.addSubcommand("limits", new LimitsCommand(io));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(new OutputStreamWriter(io.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(io.err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler(Errors::onParameterError);
        cl.setExecutionExceptionHandler(Errors::onExecutionError);
        return cl;
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // no version known
            }
            return new String[] {"sminference " + p.getProperty("version", "(unknown version)")
                    + " (SageMaker Inference Client for Java), Java " + System.getProperty("java.version")};
        }
    }
}
