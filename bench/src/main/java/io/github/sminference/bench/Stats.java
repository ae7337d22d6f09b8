package io.github.sminference.bench;

import java.util.Arrays;

/** The arithmetic of the report: percentiles of latencies, medians of per-round ratios. */
public final class Stats {
    private Stats() {
    }

    /**
     * The {@code p}-th percentile by the nearest-rank method: the smallest sample such that at least {@code p} of the
     * samples are at or below it ({@code sorted[ceil(p * n) - 1]}). No interpolation, so it is always a latency some
     * call really had.
     *
     * @param sorted samples in ascending order, at least one
     * @param n how many of them count (a prefix of {@code sorted})
     * @param p the fraction, in (0, 1]
     * @return the sample
     * @throws IllegalArgumentException if there are no samples or {@code p} is out of range
     */
    public static long percentile(long[] sorted, int n, double p) {
        if (n <= 0 || n > sorted.length) {
            throw new IllegalArgumentException("no samples (n=" + n + ")");
        }
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1]: " + p);
        }
        long rank = (long) Math.ceil(p * n);
        return sorted[(int) Math.max(1, Math.min(n, rank)) - 1];
    }

    /**
     * The median: the middle value, or the mean of the two middle values of an even count.
     *
     * @param values any order, at least one (not modified)
     * @return the median
     * @throws IllegalArgumentException if there are none
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /**
     * The smallest and largest value.
     *
     * @param values at least one
     * @return {@code {min, max}}
     */
    public static double[] range(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : values) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new double[] {lo, hi};
    }
}
