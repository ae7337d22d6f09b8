package io.github.sminference.testing;

import io.github.sminference.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests that never sleeps: {@link #sleep(Duration)} advances the clock at once and records the wait.
 * Thread-safe.
 */
public final class FakeTimeSource implements TimeSource {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Instant epoch;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    /** A clock starting at 2026-01-01T00:00:00Z. */
    public FakeTimeSource() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /**
     * A clock starting at the given wall time.
     *
     * @param start the wall time of the first reading
     */
    public FakeTimeSource(Instant start) {
        this.epoch = start.minusNanos(nanos.get());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanos.get());
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    /**
     * Moves the clock forward.
     *
     * @param d how far
     */
    public void advance(Duration d) {
        if (!d.isNegative()) {
            nanos.addAndGet(d.toNanos());
        }
    }

    /**
     * The waits asked for so far, in order.
     *
     * @return the sleeps
     */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
