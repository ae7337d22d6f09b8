package io.github.sminference.internal;

import io.github.sminference.spi.ClientSettings;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a client uses: the executor that completes callers' futures and the scheduler for backoff and
 * timeouts. Creates (and on close shuts down) only what the caller did not supply. Thread-safe.
 */
public final class ClientResources implements AutoCloseable {
    private final Executor completionExecutor;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService ownedCompletion;
    private final ScheduledExecutorService ownedScheduler;

    private ClientResources(Executor completion, ScheduledExecutorService scheduler, ExecutorService ownedCompletion,
            ScheduledExecutorService ownedScheduler) {
        this.completionExecutor = completion;
        this.scheduler = scheduler;
        this.ownedCompletion = ownedCompletion;
        this.ownedScheduler = ownedScheduler;
    }

    /**
     * Uses the caller's executors where given, and creates the others.
     *
     * @param s the settings
     * @return the resources
     */
    public static ClientResources create(ClientSettings s) {
        ExecutorService ownedCompletion = null;
        Executor completion = s.completionExecutor().orElse(null);
        if (completion == null) {
            // Sized like the AWS SDK's own future-completion executor (at least 8 threads): callers' callbacks run
            // here, and a few threads more than cores keep a briefly blocking callback, or a busy machine, from
            // holding up every other completion. Idle threads end after 30 s.
            int n = Math.max(8, Runtime.getRuntime().availableProcessors());
            ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    daemon("sminference-completion-" + s.endpointName()));
            pool.allowCoreThreadTimeOut(true);
            ownedCompletion = pool;
            completion = pool;
        }
        ScheduledExecutorService ownedScheduler = null;
        ScheduledExecutorService scheduler = s.scheduler().orElse(null);
        if (scheduler == null) {
            ScheduledThreadPoolExecutor sch = timerPool(1, daemon("sminference-scheduler-" + s.endpointName()));
            ownedScheduler = sch;
            scheduler = sch;
        }
        return new ClientResources(completion, scheduler, ownedCompletion, ownedScheduler);
    }

    /**
     * A scheduler for timeouts that are nearly always cancelled (one or more per call): a cancelled task leaves the
     * queue at once (the JDK's default keeps it until its delay runs out, so at thousands of calls a second the queue
     * grows to hundreds of thousands of dead tasks), and a no-op heartbeat every second keeps the head of the queue
     * near, so scheduling a later timeout never has to wake a timer thread (a thread wake-up per call when calls are
     * few and the queue would otherwise be empty). Threads wake about once a second, and when a timer is due.
     *
     * @param threads core threads
     * @param factory their factory
     * @return the scheduler; shut it down to stop its threads
     */
    public static ScheduledThreadPoolExecutor timerPool(int threads, ThreadFactory factory) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, factory);
        pool.setRemoveOnCancelPolicy(true);
        pool.scheduleAtFixedRate(ClientResources::heartbeat, 1, 1, TimeUnit.SECONDS);
        return pool;
    }

    private static void heartbeat() {
        // nothing: its only job is to be the queue's next task
    }

    /**
     * A thread factory of named daemon threads.
     *
     * @param prefix the name prefix
     * @return the factory
     */
    public static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The executor that completes callers' futures.
     *
     * @return the executor
     */
    public Executor completionExecutor() {
        return completionExecutor;
    }

    /**
     * The scheduler.
     *
     * @return the scheduler
     */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Runs a task on the completion executor, or inline if the executor refuses it (shut down or saturated).
     *
     * @param task the task
     */
    public void complete(Runnable task) {
        try {
            completionExecutor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Shuts down the executors this client created; leaves the caller's alone. */
    @Override
    public void close() {
        if (ownedScheduler != null) {
            ownedScheduler.shutdownNow();
        }
        if (ownedCompletion != null) {
            ownedCompletion.shutdown();
        }
    }
}
