package io.github.sminference.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: a fixed number of callers (threads, or calls in flight), each starting its next call as soon as
 * the previous one ends, for a fixed time. Every call's latency is sampled; throughput is calls completed over the
 * time from the first start to the last end.
 */
final class Load {
    private Load() {
    }

    /** One blocking call; {@code true} if it answered the echo. */
    @FunctionalInterface
    interface SyncCall {
        boolean call(byte[] payload) throws Exception;
    }

    /** One non-blocking call; completes with {@code true} if it answered the echo. */
    @FunctionalInterface
    interface AsyncCall {
        CompletableFuture<Boolean> call(byte[] payload);
    }

    /**
     * {@code threads} threads call in a loop for {@code nanos}.
     *
     * @return the round
     * @throws InterruptedException if interrupted
     */
    static Round sync(SyncCall call, byte[] payload, int threads, long nanos, Sampler sampler)
            throws InterruptedException {
        sampler.reset();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        long[] lastEnd = new long[threads];
        long[] start = new long[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long end = start[0] + nanos;
                long last = start[0];
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean ok;
                    try {
                        ok = call.call(payload);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long t1 = System.nanoTime();
                    sampler.record(t1 - t0, ok);
                    last = t1;
                }
                lastEnd[id] = last;
                finished.countDown();
                try {
                    release.await(); // alive until the allocation snapshot
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // ending anyway
                }
            }, "load-" + t);
            workers[t].start();
        }
        ready.await();
        java.util.Map<Long, Long> alloc0 = Alloc.snapshot();
        long cpu0 = Cpu.processNanos();
        start[0] = System.nanoTime();
        go.countDown(); // publishes start[0] to the workers
        finished.await();
        long cpu = Cpu.since(cpu0);
        long alloc = Alloc.since(alloc0);
        release.countDown();
        long last = start[0];
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            last = Math.max(last, lastEnd[t]);
        }
        return sampler.summarize((last - start[0]) / 1e9, cpu, alloc);
    }

    /**
     * Keeps {@code inFlight} calls running for {@code nanos}, started from this thread.
     *
     * @return the round
     * @throws InterruptedException if interrupted
     */
    static Round async(AsyncCall call, byte[] payload, int inFlight, long nanos, Sampler sampler)
            throws InterruptedException {
        sampler.reset();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong lastEnd = new AtomicLong();
        java.util.Map<Long, Long> alloc0 = Alloc.snapshot();
        long cpu0 = Cpu.processNanos();
        long start = System.nanoTime();
        long end = start + nanos;
        lastEnd.set(start);
        while (true) {
            slots.acquire();
            long t0 = System.nanoTime();
            if (t0 >= end) {
                slots.release();
                break;
            }
            CompletableFuture<Boolean> f;
            try {
                f = call.call(payload);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((ok, e) -> {
                long t1 = System.nanoTime();
                sampler.record(t1 - t0, e == null && Boolean.TRUE.equals(ok));
                lastEnd.accumulateAndGet(t1, Math::max);
                slots.release();
            });
        }
        slots.acquire(inFlight); // every call has ended
        long cpu = Cpu.since(cpu0);
        return sampler.summarize((lastEnd.get() - start) / 1e9, cpu, Alloc.since(alloc0));
    }
}
