package io.github.sminference.cli;

import io.github.sminference.InferenceClient;
import io.github.sminference.spi.ResumeToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wait}: re-attaches to submitted work from its token, in a new process, and writes its result. */
@Command(name = "wait", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {"Waits for work that submit (or score --detach) started, from its resume token, and writes"
                + " its result like predict (an inference) or score (a dataset).",
                "The mode, endpoint and Region come from the token. Local-mode work needs --local with its container"
                        + " URL: queued requests run in this process."})
final class WaitCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "The resume token, or - to read it from stdin.")
    String token;

    @Mixin
    Target target;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class, order = 50,
            description = "How long to wait (default: until the work ends or passes its deadline). The work goes on"
                    + " after a timeout.")
    Duration timeout;

    @Option(names = "--out-file", paramLabel = "FILE", order = 51,
            description = "An inference: write the result to FILE instead of stdout.")
    Path outFile;

    @Option(names = "--out-dir", paramLabel = "DIR", order = 52,
            description = "A dataset: write the results to DIR/<source file name>.out instead of stdout.")
    Path outDir;

    @Option(names = "--watch", order = 53,
            description = "Show progress: a bar on a terminal, else a line per change of state.")
    boolean watch;

    @Mixin
    Common common;

    WaitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String text = Tokens.read(io, token);
        ResumeToken t = ResumeToken.parse(text);
        Results.checkWritable(outFile);
        Scoring.checkOutDir(outDir);
        try (InferenceClient client = target.open(t)) {
            if (t.kind() == ResumeToken.Kind.SCORING) {
                return Scoring.consume(io, common, client.resumeScoring(text), outDir,
                        Jobs.showProgress(io, common, watch), timeout);
            }
            Jobs.awaitAndWrite(io, common, client.resume(text), timeout, outFile,
                    Jobs.showProgress(io, common, watch));
            return Errors.OK;
        }
    }
}
