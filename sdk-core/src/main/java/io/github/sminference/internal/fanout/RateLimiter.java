package io.github.sminference.internal.fanout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A smooth rate limiter for the fan-out dispatcher thread: permits are spaced {@code 1/rate} apart. Blocks only the
 * dispatcher (its own thread), never a caller or an I/O thread. Not thread-safe: one dispatcher uses it.
 */
final class RateLimiter {
    private final long intervalNanos;
    private long next;

    RateLimiter(double perSecond) {
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.next = System.nanoTime();
    }

    /**
     * Waits for the next permit.
     *
     * @return {@code false} if the thread was interrupted
     */
    boolean acquire() {
        long now = System.nanoTime();
        if (next < now) {
            next = now;
        }
        long wait = next - now;
        next += intervalNanos;
        while (wait > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            wait = next - intervalNanos - System.nanoTime();
        }
        return true;
    }
}
