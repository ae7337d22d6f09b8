package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.ClientClosedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConcurrencyLimiterTest {
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(5);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
            t.join(2000);
        }
    }

    /** Starts a blocking acquirer and waits until it is parked in the limiter's queue. */
    private CompletableFuture<Boolean> blockingWaiter(ConcurrencyLimiter limiter, List<String> order, String name) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                boolean ok = limiter.acquire(LONG_WAIT);
                if (ok) {
                    order.add(name);
                }
                result.complete(ok);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "waiter-" + name);
        threads.add(t);
        t.start();
        awaitParked(t);
        return result;
    }

    static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("thread " + t.getName() + " never parked; state " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void acquire_freePermit_takenAtOnce() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
        assertThat(limiter.acquire(0)).isTrue();
        assertThat(limiter.acquire(0)).isTrue();
        assertThat(limiter.inUse()).isEqualTo(2);
        assertThat(limiter.toString()).contains("2/2");
    }

    @Test
    void acquire_noPermitWithinTimeout_returnsFalse() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        assertThat(limiter.acquire(0)).isFalse();
        assertThat(limiter.acquire(TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        assertThat(limiter.inUse()).isEqualTo(1);
        limiter.release();
        assertThat(limiter.acquire(0)).isTrue();
    }

    @Test
    void acquireAsync_freePermit_completedAtOnce() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquireAsync()).isCompleted();
        CompletableFuture<Void> second = limiter.acquireAsync();
        assertThat(second).isNotDone();
        limiter.release();
        assertThat(second).isCompleted();
        assertThat(limiter.inUse()).isEqualTo(1);
    }

    @Test
    void acquire_blockingAndAsyncWaitersMixed_servedInArrivalOrder() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        List<String> order = new CopyOnWriteArrayList<>();
        assertThat(limiter.acquire(0)).isTrue();

        CompletableFuture<Void> a1 = limiter.acquireAsync();
        a1.thenRun(() -> order.add("async-1"));
        CompletableFuture<Boolean> b2 = blockingWaiter(limiter, order, "blocking-2");
        CompletableFuture<Void> a3 = limiter.acquireAsync();
        a3.thenRun(() -> order.add("async-3"));
        CompletableFuture<Boolean> b4 = blockingWaiter(limiter, order, "blocking-4");

        limiter.release();
        assertThat(a1).isCompleted();
        assertThat(b2).isNotDone();
        limiter.release();
        assertThat(b2.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a3).isNotDone();
        limiter.release();
        assertThat(a3.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(b4).isNotDone();
        limiter.release();
        assertThat(b4.get(5, TimeUnit.SECONDS)).isTrue();

        assertThat(order).containsExactly("async-1", "blocking-2", "async-3", "blocking-4");
        assertThat(limiter.inUse()).isEqualTo(1);
    }

    @Test
    void acquire_permitFreedForQueuedBlockingWaiter_newcomersDoNotBarge() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        List<String> order = new CopyOnWriteArrayList<>();
        assertThat(limiter.acquire(0)).isTrue();
        CompletableFuture<Boolean> queued = blockingWaiter(limiter, order, "queued");
        limiter.release();
        assertThat(limiter.acquire(0)).isFalse();
        CompletableFuture<Void> newcomer = limiter.acquireAsync();
        assertThat(queued.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(newcomer).isNotDone();
        limiter.release();
        assertThat(newcomer).isCompleted();
    }

    @Test
    void acquireAsync_cancelledWaiter_doesNotLeakPermit() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        CompletableFuture<Void> cancelled = limiter.acquireAsync();
        CompletableFuture<Void> next = limiter.acquireAsync();
        assertThat(cancelled.cancel(true)).isTrue();

        limiter.release();
        assertThat(next).as("the permit skips the cancelled waiter").isCompleted();
        assertThat(limiter.inUse()).isEqualTo(1);
        limiter.release();
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.acquire(0)).isTrue();
    }

    @Test
    void acquireAsync_cancelledWhileOnlyWaiter_permitReturnsToPool() throws InterruptedException {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        limiter.acquireAsync().cancel(false);
        limiter.release();
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.acquire(0)).isTrue();
    }

    @Test
    void acquire_timedOutBlockingWaiter_leavesQueueToThoseBehind() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        CompletableFuture<Boolean> shortWaiter = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                shortWaiter.complete(limiter.acquire(TimeUnit.MILLISECONDS.toNanos(30)));
            } catch (Throwable e) {
                shortWaiter.completeExceptionally(e);
            }
        });
        threads.add(t);
        t.start();
        awaitParked(t);
        CompletableFuture<Void> behind = limiter.acquireAsync();
        assertThat(shortWaiter.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(behind).isNotDone();
        limiter.release();
        assertThat(behind).isCompleted();
        assertThat(limiter.inUse()).isEqualTo(1);
    }

    @Test
    void acquire_interrupted_throwsAndLeavesQueue() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        CompletableFuture<Boolean> waiter = blockingWaiter(limiter, new CopyOnWriteArrayList<>(), "interrupted");
        threads.get(0).interrupt();
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        CompletableFuture<Void> next = limiter.acquireAsync();
        limiter.release();
        assertThat(next).isCompleted();
    }

    @Test
    void close_failsAsyncAndBlockingWaitersAndRefusesNewOnes() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        CompletableFuture<Void> asyncWaiter = limiter.acquireAsync();
        CompletableFuture<Boolean> blocking = blockingWaiter(limiter, new CopyOnWriteArrayList<>(), "b");

        limiter.close();

        assertThatThrownBy(() -> asyncWaiter.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> blocking.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> limiter.acquire(0)).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> limiter.acquireAsync().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ClientClosedException.class);
    }

    @Test
    void close_thenRelease_noWaiterGranted() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        CompletableFuture<Void> waiter = limiter.acquireAsync();
        limiter.close();
        limiter.release();
        assertThat(waiter).isCompletedExceptionally();
        assertThat(limiter.inUse()).isZero();
        assertThatThrownBy(() -> waiter.get(0, TimeUnit.SECONDS)).isNotInstanceOf(TimeoutException.class);
    }
}
