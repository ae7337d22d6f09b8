package io.github.sminference.cli;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.spi.ResumeToken;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code submit}: one request to an asynchronous endpoint (or batch); prints its resume token. */
@Command(name = "submit", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {"Submits one request and prints its resume token on stdout (the inference id goes to"
                + " stderr), then exits: 'sminference wait TOKEN' or 'sminference status TOKEN' pick it up later,"
                + " from any process.",
                "For --mode async (or batch). With --wait it blocks until the result is ready and writes it like"
                        + " predict."})
final class SubmitCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    Target target;

    @Mixin
    RequestOptions request;

    @Option(names = "--wait", order = 50, description = "Wait for the result and write it (stdout or --out-file).")
    boolean await;

    @Option(names = "--watch", order = 51,
            description = "Show progress while waiting: a bar on a terminal, else a line per change of state.")
    boolean watch;

    @Option(names = "--out-file", paramLabel = "FILE", order = 52,
            description = "With --wait: write the result to FILE instead of stdout.")
    Path outFile;

    @Mixin
    Common common;

    SubmitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        InvocationMode mode = target.modeOrDefault();
        if (!await && mode.isSynchronous()) {
            throw new UsageException("--mode", "a " + Modes.name(mode) + " call lives only in this process, so"
                    + " there is nothing to pick up later: use --mode async (or batch), add --wait, or use predict");
        }
        if (outFile != null && !await) {
            throw new UsageException("--out-file", "only with --wait; without it, write the result with"
                    + " 'sminference wait TOKEN --out-file FILE'");
        }
        Results.checkWritable(outFile);
        InferenceRequest r = request.build(io);
        try (InferenceClient client = target.open()) {
            InferenceJob job = client.submit(r);
            if (!await) {
                if (common.json()) {
                    io.out.println(Jobs.describe(job, job.status()).put("endpoint", endpointOf(job))
                            .put("token", job.token()));
                } else {
                    io.out.println(job.token());
                    io.err.println("submitted " + job.id() + " (" + Modes.name(mode) + "); follow it with"
                            + " 'sminference status TOKEN' or 'sminference wait TOKEN'");
                }
                io.out.flush();
                return Errors.OK;
            }
            if (Jobs.resumable(job) && !common.json()) {
                io.err.println("submitted " + job.id() + "; if this wait stops, resume it with 'sminference wait "
                        + job.token() + "'");
            }
            Jobs.awaitAndWrite(io, common, job, r.timeout().orElse(null), outFile,
                    Jobs.showProgress(io, common, watch));
        }
        return Errors.OK;
    }

    private static String endpointOf(InferenceJob job) {
        try {
            return ResumeToken.parse(job.token()).name();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
