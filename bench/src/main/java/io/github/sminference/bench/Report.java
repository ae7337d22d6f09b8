package io.github.sminference.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects the measurements and writes {@code RESULTS.md}. */
final class Report {
    /** A target on a ratio: at least or at most {@code bound}. */
    record Target(boolean atLeast, double bound) {
        boolean met(double ratio) {
            return atLeast ? ratio >= bound : ratio <= bound;
        }

        @Override
        public String toString() {
            return (atLeast ? "≥ " : "≤ ") + fmt(bound, 2);
        }
    }

    /** A per-round ratio, summarised. */
    record Ratio(double median, double min, double max, Target target) {
        static Ratio of(List<Round> a, List<Round> b, ToDoubleFunction<Round> f, Target target) {
            int n = Math.min(a.size(), b.size());
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i));
            }
            double[] range = Stats.range(r);
            return new Ratio(Stats.median(r), range[0], range[1], target);
        }

        boolean met() {
            return target == null || target.met(median);
        }

        String cell() {
            String s = "ratio **" + fmt(median, 3) + "** (" + fmt(min, 2) + "–" + fmt(max, 2) + ")";
            if (target == null) {
                return s;
            }
            return s + " " + (met() ? "met" : "**missed**") + " (" + target + ")";
        }
    }

    private final Map<String, String> header = new LinkedHashMap<>();
    private final List<String> sections = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void header(String key, String value) {
        header.put(key, value);
    }

    void note(String text) {
        notes.add(text);
    }

    void section(String markdown) {
        sections.add(markdown);
    }

    void missed(String what) {
        missed.add(what);
    }

    List<String> missedTargets() {
        return missed;
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String ms(long nanos) {
        return fmt(nanos / 1e6, nanos < 10_000_000 ? 2 : 1) + " ms";
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** The median over rounds of one figure of one side. */
    static double med(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = new double[rounds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(rounds.get(i));
        }
        return Stats.median(v);
    }

    static String side(List<Round> rounds) {
        return count(med(rounds, Round::throughput)) + " | " + ms((long) med(rounds, r -> r.p50Nanos())) + " | "
                + ms((long) med(rounds, r -> r.p99Nanos())) + " | " + micros(med(rounds, Round::cpuMicrosPerOp));
    }

    static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 10_000 ? fmt(v / 1024, 0) + " KiB" : fmt(v, 0) + " B";
    }

    static String micros(double v) {
        return Double.isNaN(v) ? "–" : fmt(v, v < 100 ? 1 : 0) + " µs";
    }

    static long errors(List<Round> rounds) {
        return rounds.stream().mapToLong(Round::errors).sum();
    }

    void write(Path file, String preamble, String findings) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(preamble);
        b.append("\n## Run\n\n");
        for (Map.Entry<String, String> e : header.entrySet()) {
            b.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
        }
        for (String s : sections) {
            b.append('\n').append(s);
        }
        b.append("\n## Targets missed in this run\n\n");
        if (missed.isEmpty()) {
            b.append("None.\n");
        } else {
            for (String m : missed) {
                b.append("- ").append(m).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            b.append("\n## Notes from this run\n\n");
            for (String n : notes) {
                b.append("- ").append(n).append('\n');
            }
        }
        if (findings != null && !findings.isBlank()) {
            b.append('\n').append(findings.strip()).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}
