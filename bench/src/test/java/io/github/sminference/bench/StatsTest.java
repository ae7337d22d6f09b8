package io.github.sminference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The arithmetic of the report: nearest-rank percentiles, medians, per-round ratios, targets. */
class StatsTest {

    @Test
    void percentile_oneToHundred_isTheNearestRank() {
        long[] v = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Stats.percentile(v, 100, 0.50)).isEqualTo(50);
        assertThat(Stats.percentile(v, 100, 0.99)).isEqualTo(99);
        assertThat(Stats.percentile(v, 100, 1.0)).isEqualTo(100);
        assertThat(Stats.percentile(v, 100, 0.001)).isEqualTo(1);
    }

    @Test
    void percentile_fewSamples_isAlwaysASample() {
        assertThat(Stats.percentile(new long[] {7}, 1, 0.99)).isEqualTo(7);
        assertThat(Stats.percentile(new long[] {1, 2, 3}, 3, 0.50)).isEqualTo(2);
        assertThat(Stats.percentile(new long[] {1, 2, 3}, 3, 0.99)).isEqualTo(3);
        // only the first n samples count
        assertThat(Stats.percentile(new long[] {1, 2, 3, 1000}, 3, 0.99)).isEqualTo(3);
    }

    @Test
    void percentile_noSamplesOrBadFraction_throws() {
        assertThatThrownBy(() -> Stats.percentile(new long[0], 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 1, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void median_oddAndEvenCounts_andInputUntouched() {
        double[] odd = {3, 1, 2};
        assertThat(Stats.median(odd)).isEqualTo(2);
        assertThat(odd).containsExactly(3, 1, 2);
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThatThrownBy(() -> Stats.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratio_isTheMedianOfPerRoundRatios_notTheRatioOfMedians() {
        List<Round> ours = List.of(round(90, 1), round(200, 1), round(100, 1));
        List<Round> raw = List.of(round(100, 1), round(100, 1), round(50, 1));
        Report.Ratio r = Report.Ratio.of(ours, raw, Round::throughput, new Report.Target(true, 0.97));
        // per round: 0.9, 2.0, 2.0
        assertThat(r.median()).isCloseTo(2.0, within(1e-9));
        assertThat(r.min()).isCloseTo(0.9, within(1e-9));
        assertThat(r.max()).isCloseTo(2.0, within(1e-9));
        assertThat(r.met()).isTrue();
        assertThat(r.cell()).contains("ratio **2.000**").contains("met");
    }

    @Test
    void target_atLeastAndAtMost() {
        assertThat(new Report.Target(true, 0.97).met(0.97)).isTrue();
        assertThat(new Report.Target(true, 0.97).met(0.969)).isFalse();
        assertThat(new Report.Target(false, 1.05).met(1.05)).isTrue();
        assertThat(new Report.Target(false, 1.05).met(1.051)).isFalse();
    }

    @Test
    void sampler_percentilesOfRecordedLatencies() {
        Sampler s = new Sampler(1000);
        for (long i = 100; i >= 1; i--) {
            s.record(i, i != 5);
        }
        Round r = s.summarize(2.0, 4_000, 8_000);
        assertThat(r.ops()).isEqualTo(100);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.p50Nanos()).isEqualTo(50);
        assertThat(r.p99Nanos()).isEqualTo(99);
        assertThat(r.throughput()).isEqualTo(50.0);
        assertThat(r.cpuMicrosPerOp()).isEqualTo(0.04);
        assertThat(r.allocBytesPerOp()).isEqualTo(80.0);
    }

    @Test
    void generatedStreams_yieldExactlyTheirLength() throws Exception {
        assertThat(new GeneratedStream(200_001).readAllBytes()).hasSize(200_001);
        byte[] lines = new LineStream(41, 300).readAllBytes();
        assertThat(lines).hasSize(300);
        assertThat(new String(lines, 0, LineStream.LINE, java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("0000000041,").endsWith("\n");
        assertThat(new String(lines, LineStream.LINE, 11, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("0000000042,");
    }

    private static Round round(double opsPerSecond, double seconds) {
        return new Round((long) (opsPerSecond * seconds), 0, seconds, 1, 1, -1, -1);
    }
}
