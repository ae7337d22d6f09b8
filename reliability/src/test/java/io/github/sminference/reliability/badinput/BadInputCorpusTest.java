package io.github.sminference.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.Job;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every case must fail with the documented, typed exception, whose message names the field,
 * shows the value (or a safe abbreviation of it) and says what to do, and nothing may reach the service or the model:
 * WireMock's journal stays empty, no S3 object or open upload appears, moto has no transform job, the AWS clients
 * sent no request, the local model was never called and no local file was left behind. A synchronous throw and a
 * failed future both count. A table of every case is printed at the end.
 */
class BadInputCorpusTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_ALL);

    /** A message suggests a fix when it says what to do or what a valid value is. */
    private static final Pattern FIX = Pattern.compile("(?i)\\b(use|pass|set|remove|split|raise|lower|choose|call|"
            + "put|add|send|download|start|resume|build|expected|at most|at least|must|only)\\b"
            + "|\\b(is|are) (\\d|0 \\(unlimited\\))|\\b\\d+ to \\d+\\b|\\b\\d+-\\d+\\b");
    private static final List<String[]> TABLE = new ArrayList<>();

    @TempDir
    static Path work;
    private static BadInputRig rig;

    @BeforeAll
    static void setUp(MotoServer moto) {
        rig = new BadInputRig(moto, work);
    }

    @AfterAll
    static void tearDown() {
        if (rig != null) {
            rig.close();
        }
        printTable();
    }

    static Stream<BadInput> corpus() {
        return BadInputCorpus.all().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("corpus")
    void badInput_rejectedWithATypedErrorNamingTheField_andNothingReachesTheService(BadInput c) {
        rig.client(c.target()); // the shared client exists before the snapshot: its own folders are not the case's
        rig.resetProbes();
        TreeSet<String> filesBefore = rig.localFiles();
        List<String> jobsBefore = c.target().aws ? rig.transformJobs() : List.of();
        long t0 = System.nanoTime();
        Map<String, Throwable> outcomes = new LinkedHashMap<>();
        String failure = null;
        try {
            try (BadInput.Session s = new BadInput.Session(rig, c.target())) {
                Object r;
                try {
                    r = c.action().run(s);
                } catch (Throwable t) {
                    r = t;
                }
                if (r instanceof BadInputCorpus.Calls) {
                    for (Map.Entry<String, Callable<Object>> e : ((BadInputCorpus.Calls) r).calls().entrySet()) {
                        Object x;
                        try {
                            x = e.getValue().call();
                        } catch (Throwable t) {
                            x = t;
                        }
                        outcomes.put(e.getKey(), settle(x));
                    }
                } else {
                    outcomes.put("call", settle(r));
                }
            }
            for (Map.Entry<String, Throwable> e : outcomes.entrySet()) {
                checkException(c, e.getKey(), e.getValue());
            }
            checkNothingReached(c, filesBefore, jobsBefore);
        } catch (AssertionError e) {
            failure = e.getMessage().lines().findFirst().orElse("failed");
            throw e;
        } finally {
            Throwable first = outcomes.values().stream().filter(t -> t != null).findFirst().orElse(null);
            synchronized (TABLE) {
                TABLE.add(new String[] {c.name(), c.target().label(),
                        first == null ? "(none)" : first.getClass().getSimpleName(), fieldOf(first, c),
                        outcomes.size() > 1 ? outcomes.size() + " calls" : "1 call",
                        (System.nanoTime() - t0) / 1_000_000 + " ms",
                        failure == null ? "ok" : "FAIL: " + failure});
            }
            if (failure != null) {
                rig.discard(c.target());
            }
            if (c.target().aws) {
                rig.cleanBuckets();
            }
        }
    }

    /** Turns what the action returned into its error: a thrown error, a failed future or job, or none. */
    private static Throwable settle(Object r) {
        try {
            if (r instanceof Throwable) {
                return unwrap((Throwable) r);
            }
            if (r instanceof CompletableFuture) {
                ((CompletableFuture<?>) r).get(30, TimeUnit.SECONDS);
                return null;
            }
            if (r instanceof Job) {
                Job<?> job = (Job<?>) r;
                try {
                    job.future().get(30, TimeUnit.SECONDS);
                    return null;
                } finally {
                    job.cancel();
                }
            }
            if (r instanceof AutoCloseable) {
                ((AutoCloseable) r).close();
            }
            return null;
        } catch (ExecutionException e) {
            return unwrap(e.getCause());
        } catch (TimeoutException e) {
            return new AssertionError("the call neither failed nor finished within 30 s", e);
        } catch (Exception e) {
            return unwrap(e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    private static String fieldOf(Throwable t, BadInput c) {
        if (t instanceof InvalidRequestException) {
            return ((InvalidRequestException) t).field();
        }
        if (t instanceof NotSupportedException) {
            return ((NotSupportedException) t).operation();
        }
        return c.field();
    }

    private static void checkException(BadInput c, String call, Throwable t) {
        String where = c + " via " + call + ": ";
        assertThat(t).as(where + "must fail, but was accepted").isNotNull();
        assertThat(t).as(where + "must throw a typed InferenceException, threw %s", t)
                .isInstanceOf(InferenceException.class);
        assertThat(t).as(where + "must throw %s", c.expected().getSimpleName()).isInstanceOf(c.expected());
        String message = t.getMessage();
        assertThat(message).as(where + "message").isNotNull();
        if (t instanceof InvalidRequestException) {
            assertThat(((InvalidRequestException) t).field()).as(where + "field() in <%s>", message)
                    .isEqualTo(c.field());
        }
        assertThat(message).as(where + "must name the field").contains(c.field());
        assertThat(message).as(where + "must show the value or its abbreviation").contains(c.shown());
        if (c.hidden() != null) {
            assertThat(message).as(where + "must not show the sensitive or huge value").doesNotContain(c.hidden());
        }
        assertThat(message.length()).as(where + "message length of <%s>", message).isLessThan(1500);
        assertThat(message.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f))
                .as(where + "message must not carry raw control characters: <%s>", message).isTrue();
        assertThat(FIX.matcher(message).find()).as(where + "message must suggest a fix: <%s>", message).isTrue();
    }

    private static void checkNothingReached(BadInput c, TreeSet<String> filesBefore, List<String> jobsBefore) {
        String where = c + ": ";
        assertThat(rig.runtimeRequests()).as(where + "requests that reached the runtime (WireMock)").isEmpty();
        if (c.abortedUploadAllowed()) {
            assertThat(rig.s3Calls.operations).as(where + "only an aborted upload may reach S3")
                    .allMatch(op -> op.startsWith("CreateMultipartUpload") || op.startsWith("UploadPart")
                            || op.startsWith("AbortMultipartUpload"));
        } else {
            assertThat(rig.s3Calls.operations).as(where + "requests sent to S3").isEmpty();
        }
        assertThat(rig.sageMakerCalls.operations).as(where + "requests sent to the SageMaker control plane")
                .isEmpty();
        if (c.target().aws) { // local clients have no AWS client that could have written to moto
            assertThat(rig.objects()).as(where + "S3 objects created").isEmpty();
            assertThat(rig.openUploads()).as(where + "multipart uploads left open").isEmpty();
            assertThat(rig.transformJobs()).as(where + "transform jobs created (moto ListTransformJobs)")
                    .isEqualTo(jobsBefore);
        }
        assertThat(rig.modelCalls.get()).as(where + "calls to the local model").isZero();
        assertThat(rig.localFiles()).as(where + "local files and folders (none added or removed)")
                .isEqualTo(filesBefore);
        if (c.name().contains("(known length)")) {
            assertThat(LazyStream.bytesRead()).as(where + "bytes read from a payload rejected on its length").isZero();
        }
    }

    private static void printTable() {
        List<String[]> rows;
        synchronized (TABLE) {
            rows = new ArrayList<>(TABLE);
        }
        String[] head = {"case", "mode", "exception", "field", "calls", "time", "result"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder("\nBad-input corpus\n");
        line(sb, head, w);
        Map<String, int[]> perMode = new TreeMap<>();
        int failed = 0;
        for (String[] r : rows) {
            line(sb, r, w);
            int[] n = perMode.computeIfAbsent(r[1], k -> new int[2]);
            n[0]++;
            if (!r[6].equals("ok")) {
                n[1]++;
                failed++;
            }
        }
        sb.append("\nCases per mode:");
        perMode.forEach((mode, n) -> sb.append(' ').append(mode).append('=').append(n[0]));
        sb.append("\nTotal: ").append(rows.size()).append(" cases, ").append(rows.size() - failed).append(" ok, ")
                .append(failed).append(" failed\n");
        System.out.println(sb);
    }

    private static void line(StringBuilder sb, String[] r, int[] w) {
        for (int i = 0; i < r.length; i++) {
            String cell = r[i].length() > 140 ? r[i].substring(0, 137) + "..." : r[i];
            sb.append(i == 0 ? "" : " | ").append(String.format("%-" + Math.min(w[i], 140) + "s", cell));
        }
        sb.append('\n');
    }
}
