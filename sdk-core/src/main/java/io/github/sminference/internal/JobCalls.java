package io.github.sminference.internal;

import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.ResponseStream;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code predict}, {@code predictAsync} and {@code predictStream} for modes whose work runs as a job (asynchronous
 * endpoints, batch): submit, then wait within the request's total budget. When the budget runs out the work goes on,
 * and the timeout carries the job's token.
 */
public final class JobCalls {
    private final Function<InferenceRequest, InferenceJob> submit;
    private final Duration defaultBudget;
    private final ScheduledExecutorService scheduler;
    private final String what;

    /**
     * Creates the calls.
     *
     * @param submit submits a request as a job (validating it first, throwing on invalid input)
     * @param defaultBudget the total budget of a request that sets none
     * @param scheduler for the non-blocking path's budget timer
     * @param what names the work in messages, e.g. "asynchronous inference"
     */
    public JobCalls(Function<InferenceRequest, InferenceJob> submit, Duration defaultBudget,
            ScheduledExecutorService scheduler, String what) {
        this.submit = submit;
        this.defaultBudget = defaultBudget;
        this.scheduler = scheduler;
        this.what = what;
    }

    private Duration budget(InferenceRequest r) {
        return r.timeout().orElse(defaultBudget);
    }

    private InferenceTimeoutException totalTimeout(InferenceJob job, Duration budget) {
        return new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, budget,
                what + " " + job.id() + " did not finish within the total budget of " + budget
                        + "; it goes on: resume it with its token (" + job.token() + "), or raise the timeout", null);
    }

    private InferenceTimeoutException asTotal(InferenceTimeoutException e, InferenceJob job, Duration budget) {
        return e.budget() == InferenceTimeoutException.Budget.AWAIT ? totalTimeout(job, budget) : e;
    }

    /**
     * Submits and waits for the buffered result.
     *
     * @param request the request
     * @return the result
     */
    public InferenceResult predict(InferenceRequest request) {
        InferenceJob job = submit.apply(request);
        Duration budget = budget(request);
        try {
            return job.await(budget);
        } catch (InferenceTimeoutException e) {
            throw asTotal(e, job, budget);
        }
    }

    /**
     * Submits and waits, then streams the result.
     *
     * @param request the request
     * @return the stream
     */
    public ResponseStream predictStream(InferenceRequest request) {
        InferenceJob job = submit.apply(request);
        Duration budget = budget(request);
        try {
            return job.awaitStream(budget);
        } catch (InferenceTimeoutException e) {
            throw asTotal(e, job, budget);
        }
    }

    /**
     * Submits (validation errors come back as a failed future) and completes with the job's result, or a total
     * timeout.
     *
     * @param request the request
     * @return the future
     */
    public CompletableFuture<InferenceResult> predictAsync(InferenceRequest request) {
        InferenceJob job;
        try {
            job = submit.apply(request);
        } catch (InferenceException e) {
            return CompletableFuture.failedFuture(e);
        }
        Duration budget = budget(request);
        CompletableFuture<InferenceResult> out = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> out.completeExceptionally(totalTimeout(job, budget)),
                budget.toNanos(), TimeUnit.NANOSECONDS);
        job.future().whenComplete((r, e) -> {
            timer.cancel(false);
            if (e != null) {
                out.completeExceptionally(Futures.unwrap(e));
            } else {
                out.complete(r);
            }
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                timer.cancel(false);
                job.cancel();
            }
        });
        return out;
    }
}
