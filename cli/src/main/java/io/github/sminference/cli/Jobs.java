package io.github.sminference.cli;

import io.github.sminference.InferenceJob;
import io.github.sminference.Job;
import io.github.sminference.JobStatus;
import io.github.sminference.ResponseStream;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.exception.InferenceTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a job handle, with progress, and what to say when the wait ends before the work. */
final class Jobs {
    private Jobs() {
    }

    /** Whether to show progress: asked for with {@code --watch}, or a person is watching a text run. */
    static boolean showProgress(Io io, Common common, boolean watch) {
        return watch || io.interactive && !common.json();
    }

    /** Waits for an inference, then writes its result (streamed, never all in memory unless JSON asks for it). */
    static void awaitAndWrite(Io io, Common common, InferenceJob job, Duration timeout, Path outFile,
            boolean progress) {
        ResponseStream result;
        try (Progress p = Progress.start(io, progress, "wait", job::status)) {
            result = job.awaitStream(budget(timeout));
        } catch (InferenceTimeoutException e) {
            throw goesOn(e, job);
        }
        try (ResponseStream r = result) {
            Results.write(io, common, outFile, r.inputStream(), r.contentType().orElse(null), r.metadata(),
                    resumable(job) ? job.token() : null);
        }
    }

    static Duration budget(Duration timeout) {
        return timeout != null ? timeout : TimeoutPolicy.MAX_BUDGET;
    }

    /** A wait that ran out: the work goes on, and the message says how to pick it up again. */
    static InferenceTimeoutException goesOn(InferenceTimeoutException e, Job<?> job) {
        if (!resumable(job) || e.budget() == InferenceTimeoutException.Budget.DEADLINE) {
            return e;
        }
        return new InferenceTimeoutException(e.budget(), e.limit(), e.getMessage()
                + "; the work goes on: wait for it with 'sminference wait " + job.token() + "'", e);
    }

    /** Whether a job's token outlives this process (asynchronous endpoints and batch). */
    static boolean resumable(Job<?> job) {
        return !job.mode().isSynchronous();
    }

    /** The fields of a job's state, for {@code status} and {@code submit}. */
    static Json describe(Job<?> job, JobStatus s) {
        return Json.object().put("id", job.id()).put("mode", job.mode().name()).put("state", s.state().name())
                .put("failureReason", s.failureReason().orElse(null))
                .put("submittedAt", s.submittedAt().map(Object::toString).orElse(null))
                .put("startedAt", s.startedAt().map(Object::toString).orElse(null))
                .put("endedAt", s.endedAt().map(Object::toString).orElse(null))
                .put("recordsDone", s.recordsDone().isPresent() ? s.recordsDone().getAsLong() : null)
                .put("recordsTotal", s.recordsTotal().isPresent() ? s.recordsTotal().getAsLong() : null);
    }
}
