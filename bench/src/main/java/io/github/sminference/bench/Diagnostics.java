package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Where ours spends more than raw: a few overhead cases with two more sides, ours sending no generated inference id
 * ({@link Clients#oursWithoutIds}), and ours given AWS clients built with the SDK's defaults for the timer scheduler
 * and the completion executor ({@link Clients.OursSdkDefaults}: what the builder made before it set them, and what a
 * caller who passes their own clients gets). Measured by client CPU and
 * bytes allocated per call, both far steadier than time on a shared machine, and by throughput.
 */
final class Diagnostics {
    static final String SDK_DEFAULTS = "sdk-defaults";
    static final String NO_IDS = "no-ids";
    private static final List<String> SIDES = List.of("raw", "ours", NO_IDS, SDK_DEFAULTS);

    private Diagnostics() {
    }

    static String run(URI stub, List<OverheadBench.Case> cases, int rounds, long roundNanos, long warmNanos, int pool)
            throws Exception {
        StringBuilder t = new StringBuilder();
        t.append("## 4. Diagnostics: the cost per call, with and without the builder's client settings\n\n");
        t.append("Four sides interleaved, ").append(rounds).append(" rounds of ")
                .append(Report.fmt(roundNanos / 1e9, 1)).append(" s each, medians. **ours** = the client as"
                        + " `AwsInferenceClient.builder()` makes it; **no-ids** = the same with"
                        + " `generateInferenceIds(false)` (no `X-Amzn-SageMaker-Inference-Id` header generated, signed"
                        + " and sent per call); **sdk-defaults** = ours given runtime clients"
                        + " with the same HTTP settings but the SDK's default timer scheduler (cancelled timeout"
                        + " tasks stay queued until their 70 s delay ends) and the SDK's default completion executor"
                        + " (a thread hop before ours): how the builder made them before this run's fixes, and what"
                        + " you get when you pass your own clients. CPU = client JVM CPU (all threads) per call;"
                        + " alloc = bytes allocated per call by the client JVM's threads (independent of machine"
                        + " load).\n\n");
        t.append("| case | CPU ours/raw | CPU no-ids/raw | CPU sdk-defaults/raw | raw CPU | ours CPU | no-ids CPU"
                + " | sdk-defaults CPU | raw alloc | ours alloc | no-ids alloc | sdk-defaults alloc | raw calls/s"
                + " | ours calls/s | no-ids calls/s | sdk-defaults calls/s |\n");
        t.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        try (SageMakerRuntimeClient rawSync = Clients.rawSync(stub, pool);
                SageMakerRuntimeAsyncClient rawAsync = Clients.rawAsync(stub, pool);
                InferenceClient ours = Clients.ours(stub, pool);
                InferenceClient noIds = Clients.oursWithoutIds(stub, pool);
                Clients.OursSdkDefaults defaults = new Clients.OursSdkDefaults(stub, pool)) {
            OverheadBench b = new OverheadBench(rawSync, rawAsync, ours, null).variant(NO_IDS, noIds)
                    .variant(SDK_DEFAULTS, defaults.client);
            for (OverheadBench.Case c : cases) {
                System.out.println("diagnostics: " + c.label());
                Map<String, List<Round>> r = b.runSides(c, SIDES, rounds, roundNanos, warmNanos,
                        () -> System.out.print("."));
                System.out.println();
                t.append("| ").append(c.label())
                        .append(" | ").append(Report.Ratio.of(r.get("ours"), r.get("raw"), Round::cpuMicrosPerOp,
                                null).cell())
                        .append(" | ").append(Report.Ratio.of(r.get(NO_IDS), r.get("raw"), Round::cpuMicrosPerOp,
                                null).cell())
                        .append(" | ").append(Report.Ratio.of(r.get(SDK_DEFAULTS), r.get("raw"),
                                Round::cpuMicrosPerOp, null).cell());
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
        return t.toString();
    }
}
