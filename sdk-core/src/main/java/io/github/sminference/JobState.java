package io.github.sminference;

/** Where long-running work stands. */
public enum JobState {
    /** Submitted and waiting: queued at an asynchronous endpoint, or a transform job not yet started. */
    PENDING,
    /** Running. */
    RUNNING,
    /** Finished with a result. */
    COMPLETED,
    /** Finished without a result; {@link JobStatus#failureReason()} says why. */
    FAILED,
    /** A remote stop was requested and is under way. */
    STOPPING,
    /** Stopped by a remote stop; partial output may exist. */
    STOPPED,
    /** The local wait was cancelled; the remote work may still go on (resume it with its token). */
    CANCELLED;

    /**
     * Whether the state is final for this handle.
     *
     * @return {@code true} for COMPLETED, FAILED, STOPPED and CANCELLED
     */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED || this == CANCELLED;
    }
}
