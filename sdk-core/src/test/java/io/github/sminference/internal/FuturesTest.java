package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.ThrottlingException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FuturesTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void await_completed_returnsValue() {
        assertThat(Futures.await(CompletableFuture.completedFuture("v"), Duration.ofSeconds(1), "x")).isEqualTo("v");
    }

    @Test
    void await_notDoneInTime_throwsAwaitTimeoutAndWorkGoesOn() {
        CompletableFuture<String> f = new CompletableFuture<>();
        assertThatThrownBy(() -> Futures.await(f, Duration.ofMillis(20), "inference id-7"))
                .isInstanceOf(InferenceTimeoutException.class).hasMessageContaining("inference id-7")
                .satisfies(e -> {
                    InferenceTimeoutException t = (InferenceTimeoutException) e;
                    assertThat(t.budget()).isEqualTo(InferenceTimeoutException.Budget.AWAIT);
                    assertThat(t.limit()).isEqualTo(Duration.ofMillis(20));
                    assertThat(t.isRetryable()).isFalse();
                });
        assertThat(f).isNotDone();
    }

    @Test
    void await_cancelledFuture_throwsInferenceCancelled() {
        CompletableFuture<String> f = new CompletableFuture<>();
        f.cancel(true);
        assertThatThrownBy(() -> Futures.await(f, Duration.ofSeconds(1), "job"))
                .isInstanceOf(InferenceCancelledException.class).hasMessageContaining("cancelled")
                .hasCauseInstanceOf(CancellationException.class);
    }

    @Test
    void await_interrupted_throwsCancelledAndRestoresFlag() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Futures.await(f, Duration.ofSeconds(5), "job"))
                .isInstanceOf(InferenceCancelledException.class).hasMessageContaining("interrupted")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void await_interruptedWhileWaitingOnAnotherThread_restoresFlag() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Futures.await(new CompletableFuture<>(), Duration.ofSeconds(30), "job");
            } catch (Throwable e) {
                thrown.complete(e);
                flag.complete(Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        ConcurrencyLimiterTest.awaitParked(t);
        t.interrupt();
        assertThat(thrown.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InferenceCancelledException.class);
        assertThat(flag.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void await_failedWithInferenceException_rethrowsSameInstance() {
        ThrottlingException cause = new ThrottlingException("t", 429, "T", null, null);
        assertThatThrownBy(() -> Futures.await(CompletableFuture.failedFuture(cause), Duration.ofSeconds(1), "x"))
                .isSameAs(cause);
    }

    @Test
    void await_failedWithOtherException_wrappedAsInferenceException() {
        IllegalStateException cause = new IllegalStateException("oops");
        assertThatThrownBy(() -> Futures.await(CompletableFuture.failedFuture(cause), Duration.ofSeconds(1), "x"))
                .isExactlyInstanceOf(InferenceException.class).hasCause(cause);
    }

    @Test
    void await_failedWithError_errorRethrown() {
        AssertionError cause = new AssertionError("fatal");
        assertThatThrownBy(() -> Futures.await(CompletableFuture.failedFuture(cause), Duration.ofSeconds(1), "x"))
                .isSameAs(cause);
    }

    @Test
    void await_nonPositiveTimeout_rejectedNamingTimeout() {
        CompletableFuture<String> f = CompletableFuture.completedFuture("v");
        assertThatThrownBy(() -> Futures.await(f, Duration.ZERO, "x")).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("timeout"));
        assertThatThrownBy(() -> Futures.await(f, null, "x")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void unwrap_nestedCompletionWrappers_returnsRootCause() {
        ThrottlingException root = new ThrottlingException("t", 429, "T", null, null);
        Throwable wrapped = new CompletionException(new ExecutionException(root));
        assertThat(Futures.unwrap(wrapped)).isSameAs(root);
        assertThat(Futures.rethrow(wrapped)).isSameAs(root);
        assertThat(Futures.rethrow(new CancellationException())).isInstanceOf(InferenceCancelledException.class);
    }
}
