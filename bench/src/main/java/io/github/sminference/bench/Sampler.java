package io.github.sminference.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects the latency of every call of a round from any number of threads, without locks: each call claims a slot in
 * a preallocated array (calls past its capacity are counted but not sampled). Read it only after every writer is done
 * (a thread join or a semaphore gives the happens-before).
 */
final class Sampler {
    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    Sampler(int capacity) {
        this.samples = new long[capacity];
    }

    void reset() {
        next.set(0);
        ops.set(0);
        errors.set(0);
    }

    void record(long nanos, boolean ok) {
        ops.incrementAndGet();
        if (!ok) {
            errors.incrementAndGet();
        }
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    Round summarize(double seconds, long cpuNanos, long allocBytes) {
        int n = Math.min(next.get(), samples.length);
        if (n == 0) {
            return new Round(0, errors.get(), seconds, 0, 0, cpuNanos, allocBytes);
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return new Round(ops.get(), errors.get(), seconds, Stats.percentile(sorted, n, 0.50),
                Stats.percentile(sorted, n, 0.99), cpuNanos,
                allocBytes);
    }
}
