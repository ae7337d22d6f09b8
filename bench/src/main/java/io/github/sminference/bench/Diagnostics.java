package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Where ours spends more than raw, and what the proposed fixes would save: the overhead cases and the fan-out with
 * two variants of ours built through the public builder from given AWS clients (see {@link Clients.OursFixed}),
 * measured by client CPU and bytes allocated per call (both far steadier than time on a shared machine) and
 * throughput. Not part of the default run ({@code --sections=diagnostics}).
 */
final class Diagnostics {
    private static final List<String> SIDES = List.of("raw", "ours", "timers", "timers+hop");

    private Diagnostics() {
    }

    static String run(URI stub, List<OverheadBench.Case> cases, int rounds, long roundNanos, long warmNanos, int pool,
            Path csv, int fanOutRounds) throws Exception {
        StringBuilder t = new StringBuilder();
        t.append("## Diagnostics: the cost per call, and what the proposed fixes save\n\n");
        t.append("Medians of ").append(rounds).append(" interleaved rounds of ").append(Report.fmt(roundNanos / 1e9, 1))
                .append(" s per side. CPU = client JVM CPU (all threads) per call; alloc = bytes allocated per call"
                        + " by the client JVM's threads. **timers** = ours given the AWS clients its builder would"
                        + " create, with an SDK timer scheduler that removes cancelled timeout tasks; **timers+hop** ="
                        + " the same, and the SDK's async client completing its futures on the I/O thread (ours still"
                        + " completes the caller's future on its own executor).\n\n");
        t.append("| case | raw CPU | ours CPU | timers CPU | timers+hop CPU | raw alloc | ours alloc | timers alloc"
                + " | timers+hop alloc | raw calls/s | ours calls/s | timers calls/s | timers+hop calls/s |\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        try (SageMakerRuntimeClient rawSync = Clients.rawSync(stub, pool);
                SageMakerRuntimeAsyncClient rawAsync = Clients.rawAsync(stub, pool);
                InferenceClient ours = Clients.ours(stub, pool);
                Clients.OursFixed timers = new Clients.OursFixed(stub, pool, false);
                Clients.OursFixed both = new Clients.OursFixed(stub, pool, true)) {
            OverheadBench b = new OverheadBench(rawSync, rawAsync, ours, null).variant("timers", timers.client)
                    .variant("timers+hop", both.client);
            for (OverheadBench.Case c : cases) {
                System.out.println("diagnostics: " + c.label());
                Map<String, List<Round>> r = b.runSides(c, SIDES, rounds, roundNanos, warmNanos,
                        () -> System.out.print("."));
                System.out.println();
                row(t, c.label(), r);
            }
            if (csv != null) {
                Map<String, List<Round>> r = new java.util.LinkedHashMap<>();
                for (String s : SIDES) {
                    r.put(s, new ArrayList<>());
                }
                for (int i = 0; i < fanOutRounds + 1; i++) {
                    System.out.println("diagnostics: fan-out round " + i);
                    for (int k = 0; k < SIDES.size(); k++) {
                        String s = SIDES.get((i + k) % SIDES.size());
                        Round round = s.equals("raw") ? FanOutBench.raw(rawAsync, csv, pool)
                                : FanOutBench.ours(s.equals("ours") ? ours : s.equals("timers") ? timers.client
                                        : both.client, csv, pool);
                        if (i > 0) { // round 0 warms up
                            r.get(s).add(round);
                        }
                    }
                }
                row(t, "fan-out, " + pool + " in flight (per record)", r);
            }
        }
        return t.toString();
    }

    private static void row(StringBuilder t, String label, Map<String, List<Round>> r) {
        t.append("| ").append(label);
        for (String s : SIDES) {
            t.append(" | ").append(Report.micros(Report.med(r.get(s), Round::cpuMicrosPerOp)));
        }
        for (String s : SIDES) {
            t.append(" | ").append(Report.bytes(Report.med(r.get(s), Round::allocBytesPerOp)));
        }
        for (String s : SIDES) {
            t.append(" | ").append(Report.count(Report.med(r.get(s), Round::throughput)));
        }
        t.append(" |\n");
    }
}
