package io.github.sminference.cli;

import io.github.sminference.InvocationMode;
import io.github.sminference.limits.ModeLimits;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code limits}: each mode's limits, as the client enforces them before sending. */
@Command(name = "limits", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {"Prints the limits every request is checked against before anything is sent: payload sizes,"
                + " model time and (async) queue time, for each mode, with where each value comes from."})
final class LimitsCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", converter = Modes.class, order = 1,
            description = "Only this mode: real-time, serverless, async or batch.")
    InvocationMode mode;

    @Option(names = "--sources", order = 2, description = "Also print where each limit comes from.")
    boolean sources;

    @Mixin
    Common common;

    LimitsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        for (InvocationMode m : InvocationMode.values()) {
            if (mode != null && m != mode) {
                continue;
            }
            ModeLimits l = ModeLimits.defaults(m);
            if (common.json()) {
                Json j = Json.object().put("mode", m.name()).put("cliMode", Modes.name(m))
                        .put("maxRequestBytes", l.maxRequestBytes())
                        .put("maxResponseBytes", l.maxResponseBytes() == Long.MAX_VALUE ? null : l.maxResponseBytes())
                        .put("responseStreamed", l.maxResponseBytes() == Long.MAX_VALUE)
                        .put("maxInlineBytes", l.maxInlineBytes() > 0 ? l.maxInlineBytes() : null)
                        .put("minModelTimeSeconds", l.minModelTime().getSeconds())
                        .put("maxModelTimeSeconds", l.maxModelTime().getSeconds())
                        .put("defaultModelTimeSeconds", l.defaultModelTime().getSeconds());
                if (!l.maxQueueTtl().isZero()) {
                    j.put("minQueueTtlSeconds", l.minQueueTtl().getSeconds())
                            .put("maxQueueTtlSeconds", l.maxQueueTtl().getSeconds())
                            .put("defaultQueueTtlSeconds", l.defaultQueueTtl().getSeconds());
                }
                Json src = Json.object();
                l.sources().forEach(src::put);
                io.out.println(j.put("sources", src));
            } else {
                text(m, l);
            }
        }
        io.out.flush();
        return Errors.OK;
    }

    private void text(InvocationMode m, ModeLimits l) {
        io.out.println(m.name() + " (--mode " + Modes.name(m) + ")");
        row("max request", bytes(l.maxRequestBytes()) + (m == InvocationMode.BATCH ? " per request"
                + " (MaxPayloadInMB up to 100)" : ""));
        row("max response", l.maxResponseBytes() == Long.MAX_VALUE ? "no limit (written to storage, streamed back)"
                : bytes(l.maxResponseBytes()));
        if (l.maxInlineBytes() > 0) {
            row("max inline", bytes(l.maxInlineBytes()));
        }
        row("model time", time(l.minModelTime()) + " to " + time(l.maxModelTime()) + ", default "
                + time(l.defaultModelTime()) + (m == InvocationMode.BATCH ? " per request" : ""));
        if (!l.maxQueueTtl().isZero()) {
            row("queue TTL", time(l.minQueueTtl()) + " to " + time(l.maxQueueTtl()) + ", default "
                    + time(l.defaultQueueTtl()));
        }
        if (sources) {
            for (Map.Entry<String, String> e : l.sources().entrySet()) {
                row("source", e.getKey() + ": " + e.getValue());
            }
        }
        io.out.println();
    }

    private void row(String key, String value) {
        io.out.println(String.format(Locale.ROOT, "  %-13s %s", key, value));
    }

    static String bytes(long b) {
        String exact = String.format(Locale.ROOT, "%,d bytes", b);
        if (b % (1024L * 1024) == 0) {
            return exact + " (" + b / (1024L * 1024) + " MiB)";
        }
        if (b % 1_000_000 == 0) {
            return exact + " (" + b / 1_000_000 + " MB)";
        }
        return exact;
    }

    static String time(Duration d) {
        long s = d.getSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
