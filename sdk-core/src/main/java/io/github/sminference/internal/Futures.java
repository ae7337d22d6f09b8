package io.github.sminference.internal;

import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking waits on futures, with the SDK's exception mapping. */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for a future, at most {@code timeout}.
     *
     * @param f the future
     * @param timeout how long; positive
     * @param what what is awaited, for messages
     * @param <T> the result type
     * @return the result
     * @throws InferenceTimeoutException (budget AWAIT) if the time runs out; the work goes on
     * @throws InferenceCancelledException if the future was cancelled or the thread interrupted
     * @throws InferenceException the future's own error
     */
    public static <T> T await(CompletableFuture<T> f, Duration timeout, String what) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new io.github.sminference.exception.InvalidRequestException("timeout", String.valueOf(timeout),
                    "pass a positive duration");
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InferenceTimeoutException(InferenceTimeoutException.Budget.AWAIT, timeout,
                    what + " did not finish within " + timeout + "; it goes on: await again, or resume it later", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while waiting for " + what, e);
        } catch (CancellationException e) {
            throw new InferenceCancelledException(what + " was cancelled", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Unwraps completion wrappers.
     *
     * @param t an error from a future
     * @return the underlying error
     */
    public static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    /**
     * Turns any error into an unchecked {@link InferenceException} to throw.
     *
     * @param t the error
     * @return the exception
     */
    public static InferenceException rethrow(Throwable t) {
        Throwable x = unwrap(t);
        if (x instanceof InferenceException) {
            return (InferenceException) x;
        }
        if (x instanceof CancellationException) {
            return new InferenceCancelledException("the call was cancelled", x);
        }
        if (x instanceof Error) {
            throw (Error) x;
        }
        return new InferenceException("unexpected error: " + x, x, false);
    }
}
