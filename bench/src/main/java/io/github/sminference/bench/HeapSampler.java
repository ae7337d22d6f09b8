package io.github.sminference.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak of the heap in use ({@code totalMemory() - freeMemory()}, sampled every 5 ms on a daemon thread), and the
 * garbage collections while it ran. The heap in use counts garbage not yet collected, so in a small heap it climbs
 * towards the maximum whatever the transfer holds; the collections (how many, how long) show the memory pressure.
 */
final class HeapSampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final long gcCount0 = gcCount();
    private final long gcMillis0 = gcMillis();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
    });

    HeapSampler() {
        Runtime rt = Runtime.getRuntime();
        timer.scheduleAtFixedRate(() -> peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max), 0, 5,
                TimeUnit.MILLISECONDS);
    }

    long peakBytes() {
        return peak.get();
    }

    /** Collections since this sampler started. */
    long collections() {
        return gcCount() - gcCount0;
    }

    /** Milliseconds spent collecting since this sampler started (as the collectors account it). */
    long collectionMillis() {
        return gcMillis() - gcMillis0;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
