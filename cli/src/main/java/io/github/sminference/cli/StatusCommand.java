package io.github.sminference.cli;

import io.github.sminference.InferenceClient;
import io.github.sminference.Job;
import io.github.sminference.JobStatus;
import io.github.sminference.spi.ResumeToken;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code status}: where submitted work stands, from its token. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {"Prints where work that submit (or score --detach) started stands: state, times, records done"
                + " where the mode counts them, and why it failed.",
                "Exit status 0 whatever the state; read it from the output ('state' with --output json)."})
final class StatusCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "The resume token, or - to read it from stdin.")
    String token;

    @Mixin
    Target target;

    @Mixin
    Common common;

    StatusCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String text = Tokens.read(io, token);
        ResumeToken t = ResumeToken.parse(text);
        try (InferenceClient client = target.open(t)) {
            Job<?> job = t.kind() == ResumeToken.Kind.SCORING ? client.resumeScoring(text) : client.resume(text);
            JobStatus s = job.poll();
            if (common.json()) {
                io.out.println(Jobs.describe(job, s).put("endpoint", t.name()));
            } else {
                line("id", job.id());
                line("mode", Modes.name(job.mode()));
                line("endpoint", t.name());
                line("state", s.state().name());
                s.submittedAt().ifPresent(i -> line("submitted", i.toString()));
                s.startedAt().ifPresent(i -> line("started", i.toString()));
                s.endedAt().ifPresent(i -> line("ended", i.toString()));
                if (s.recordsDone().isPresent()) {
                    line("records", s.recordsDone().getAsLong()
                            + (s.recordsTotal().isPresent() ? "/" + s.recordsTotal().getAsLong() : ""));
                }
                s.failureReason().ifPresent(r -> line("reason", Errors.oneLine(r)));
            }
            io.out.flush();
            return Errors.OK;
        }
    }

    private void line(String key, String value) {
        io.out.println(String.format("%-10s %s", key, value));
    }
}
