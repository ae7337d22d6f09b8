package io.github.sminference.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The client's clock: a monotonic ticker for budgets, the wall clock for deadlines and timestamps, and the one
 * blocking wait (the backoff between retries on the blocking path). Injectable so tests never sleep: a fake time
 * source advances its clock instead of waiting.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimeSource {

    /**
     * A monotonic reading in nanoseconds, like {@link System#nanoTime()}; only differences are meaningful.
     *
     * @return nanoseconds
     */
    long nanoTime();

    /**
     * The wall-clock time, for absolute deadlines that must survive a restart.
     *
     * @return now
     */
    Instant now();

    /**
     * Blocks the calling thread for the given time (used only on the blocking path, between retries).
     *
     * @param duration how long; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The system clock.
     *
     * @return a time source over {@link System#nanoTime()}, {@link Instant#now()} and a parked wait
     */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
