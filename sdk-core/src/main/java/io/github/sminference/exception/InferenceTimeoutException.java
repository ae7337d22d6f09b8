package io.github.sminference.exception;

import java.time.Duration;

/**
 * A time budget ran out. {@link #budget()} says which one: a single attempt, the whole call (retries, backoff,
 * upload and waiting), or a job's absolute deadline.
 */
public class InferenceTimeoutException extends InferenceException {
    private static final long serialVersionUID = 1L;

    /** Which time budget ran out. */
    public enum Budget {
        /** One attempt (one HTTP exchange) took longer than the attempt timeout. Retryable. */
        ATTEMPT,
        /** The whole call, retries and waiting included, took longer than the total timeout. */
        TOTAL,
        /** A job passed its absolute deadline (for example a resumed asynchronous request past its queue TTL). */
        DEADLINE,
        /** A caller's {@code await(Duration)} ran out; the job itself goes on. */
        AWAIT
    }

    /** The budget (serialized form). */
    private final Budget budget;
    /** The limit (serialized form). */
    private final Duration limit;

    /**
     * Creates the exception.
     *
     * @param budget which budget ran out
     * @param limit the budget's length, or {@code null} if not a duration (a deadline)
     * @param message what was running and what to do
     * @param cause the last error before the budget ran out, or {@code null}
     */
    public InferenceTimeoutException(Budget budget, Duration limit, String message, Throwable cause) {
        super(message, cause, budget == Budget.ATTEMPT);
        this.budget = budget;
        this.limit = limit;
    }

    /**
     * Which budget ran out.
     *
     * @return the budget
     */
    public Budget budget() {
        return budget;
    }

    /**
     * The length of the budget that ran out.
     *
     * @return the duration, or {@code null} for a deadline
     */
    public Duration limit() {
        return limit;
    }
}
