package io.github.sminference.internal;

import io.github.sminference.exception.ClientClosedException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fair (FIFO) counting limiter for calls in flight, usable from blocking and non-blocking code: blocking callers
 * wait on a condition with a deadline, non-blocking callers get a future that completes when a permit frees up.
 * Thread-safe.
 */
public final class ConcurrencyLimiter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> waiters = new ArrayDeque<>();
    private final int max;
    private int inUse;
    private boolean closed;

    /**
     * Creates a limiter.
     *
     * @param max permits
     */
    public ConcurrencyLimiter(int max) {
        this.max = max;
    }

    /**
     * Takes a permit, waiting at most until the deadline.
     *
     * @param timeoutNanos how long to wait
     * @return {@code true} if a permit was taken, {@code false} if the time ran out
     * @throws InterruptedException if interrupted while waiting
     * @throws ClientClosedException if the limiter is closed
     */
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        CompletableFuture<Void> handOff = null;
        lock.lock();
        try {
            if (closed) {
                throw new ClientClosedException("the client is closed");
            }
            if (waiters.isEmpty() && inUse < max) {
                inUse++;
                return true;
            }
            Object me = new Object();
            waiters.addLast(me);
            long remaining = timeoutNanos;
            try {
                while (true) {
                    if (closed) {
                        throw new ClientClosedException("the client was closed while the request waited for a permit");
                    }
                    if (waiters.peekFirst() == me && inUse < max) {
                        waiters.pollFirst();
                        inUse++;
                        handOff = grantAsyncHead();
                        changed.signalAll();
                        return true;
                    }
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = changed.awaitNanos(remaining);
                }
            } finally {
                if (waiters.remove(me)) {
                    handOff = grantAsyncHead();
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
            complete(handOff);
        }
    }

    /**
     * Takes a permit without blocking: the future completes with {@code null} once a permit is held. If the caller
     * cancels the future (or completes it otherwise) before that, no permit is taken.
     *
     * @return the future permit
     */
    public CompletableFuture<Void> acquireAsync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                f.completeExceptionally(new ClientClosedException("the client is closed"));
                return f;
            }
            if (waiters.isEmpty() && inUse < max) {
                inUse++;
                f.complete(null);
                return f;
            }
            waiters.addLast(f);
        } finally {
            lock.unlock();
        }
        f.whenComplete((v, e) -> {
            if (e != null) {
                CompletableFuture<Void> handOff = null;
                lock.lock();
                try {
                    if (waiters.remove(f)) {
                        handOff = grantAsyncHead();
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                complete(handOff);
            }
        });
        return f;
    }

    /** Returns a permit. */
    public void release() {
        CompletableFuture<Void> next;
        lock.lock();
        try {
            inUse--;
            next = grantAsyncHead();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        complete(next);
    }

    /** Under the lock: if the head waiter is asynchronous and a permit is free, grant it. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<Void> grantAsyncHead() {
        while (inUse < max && !waiters.isEmpty() && waiters.peekFirst() instanceof CompletableFuture) {
            CompletableFuture<Void> f = (CompletableFuture<Void>) waiters.pollFirst();
            if (f.isDone()) {
                continue;
            }
            inUse++;
            return f;
        }
        return null;
    }

    private void complete(CompletableFuture<Void> f) {
        if (f != null && !f.complete(null)) {
            // The waiter gave up between the grant and now: hand the permit back.
            release();
        }
    }

    /**
     * Calls in flight now.
     *
     * @return permits in use
     */
    public int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    /** Fails every waiter and refuses new acquisitions. */
    @SuppressWarnings("unchecked")
    public void close() {
        ArrayDeque<Object> toFail;
        lock.lock();
        try {
            closed = true;
            toFail = new ArrayDeque<>(waiters);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Object w : toFail) {
            if (w instanceof CompletableFuture) {
                ((CompletableFuture<Void>) w).completeExceptionally(
                        new ClientClosedException("the client was closed while the request waited for a permit"));
            }
        }
    }

    @Override
    public String toString() {
        return "ConcurrencyLimiter[" + inUse() + "/" + max + "]";
    }
}
