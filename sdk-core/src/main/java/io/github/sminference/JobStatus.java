package io.github.sminference;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a job: its state, timestamps, failure reason and progress. Immutable and thread-safe.
 */
public final class JobStatus {
    private final JobState state;
    private final String failureReason;
    private final Instant submittedAt;
    private final Instant startedAt;
    private final Instant endedAt;
    private final long recordsDone;
    private final long recordsTotal;

    private JobStatus(Builder b) {
        this.state = Objects.requireNonNull(b.state, "state");
        this.failureReason = b.failureReason;
        this.submittedAt = b.submittedAt;
        this.startedAt = b.startedAt;
        this.endedAt = b.endedAt;
        this.recordsDone = b.recordsDone;
        this.recordsTotal = b.recordsTotal;
    }

    /**
     * A new builder (for adapters).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this snapshot.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.state = state;
        b.failureReason = failureReason;
        b.submittedAt = submittedAt;
        b.startedAt = startedAt;
        b.endedAt = endedAt;
        b.recordsDone = recordsDone;
        b.recordsTotal = recordsTotal;
        return b;
    }

    /**
     * The state.
     *
     * @return the state
     */
    public JobState state() {
        return state;
    }

    /**
     * Why the job failed or stopped, as the service said it.
     *
     * @return the reason, or empty
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /**
     * When the work was submitted.
     *
     * @return the instant, or empty if unknown
     */
    public Optional<Instant> submittedAt() {
        return Optional.ofNullable(submittedAt);
    }

    /**
     * When the work started running.
     *
     * @return the instant, or empty if not started or unknown
     */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /**
     * When the work ended.
     *
     * @return the instant, or empty if not ended or unknown
     */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /**
     * How many records are done, where the mode can tell (local batch, fan-out scoring).
     *
     * @return the count, or empty if unknown
     */
    public OptionalLong recordsDone() {
        return recordsDone >= 0 ? OptionalLong.of(recordsDone) : OptionalLong.empty();
    }

    /**
     * How many records there are in all, where known.
     *
     * @return the count, or empty if unknown
     */
    public OptionalLong recordsTotal() {
        return recordsTotal >= 0 ? OptionalLong.of(recordsTotal) : OptionalLong.empty();
    }

    /**
     * Whether the state is final.
     *
     * @return {@code state().isTerminal()}
     */
    public boolean isTerminal() {
        return state.isTerminal();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobStatus)) {
            return false;
        }
        JobStatus s = (JobStatus) o;
        return recordsDone == s.recordsDone && recordsTotal == s.recordsTotal && state == s.state
                && Objects.equals(failureReason, s.failureReason) && Objects.equals(submittedAt, s.submittedAt)
                && Objects.equals(startedAt, s.startedAt) && Objects.equals(endedAt, s.endedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, failureReason, submittedAt, startedAt, endedAt, recordsDone, recordsTotal);
    }

    @Override
    public String toString() {
        return "JobStatus[" + state + (failureReason == null ? "" : ", reason=" + failureReason)
                + (recordsDone >= 0 ? ", records=" + recordsDone + (recordsTotal >= 0 ? "/" + recordsTotal : "") : "")
                + (submittedAt == null ? "" : ", submittedAt=" + submittedAt)
                + (startedAt == null ? "" : ", startedAt=" + startedAt)
                + (endedAt == null ? "" : ", endedAt=" + endedAt) + "]";
    }

    /** Builds a {@link JobStatus}. Not thread-safe. */
    public static final class Builder {
        private JobState state;
        private String failureReason;
        private Instant submittedAt;
        private Instant startedAt;
        private Instant endedAt;
        private long recordsDone = -1;
        private long recordsTotal = -1;

        private Builder() {
        }

        /**
         * Sets the state (required).
         *
         * @param state the state
         * @return this builder
         */
        public Builder state(JobState state) {
            this.state = state;
            return this;
        }

        /**
         * Sets the failure reason.
         *
         * @param failureReason the reason, or {@code null}
         * @return this builder
         */
        public Builder failureReason(String failureReason) {
            this.failureReason = failureReason;
            return this;
        }

        /**
         * Sets the submission time.
         *
         * @param submittedAt the instant, or {@code null}
         * @return this builder
         */
        public Builder submittedAt(Instant submittedAt) {
            this.submittedAt = submittedAt;
            return this;
        }

        /**
         * Sets the start time.
         *
         * @param startedAt the instant, or {@code null}
         * @return this builder
         */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        /**
         * Sets the end time.
         *
         * @param endedAt the instant, or {@code null}
         * @return this builder
         */
        public Builder endedAt(Instant endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        /**
         * Sets the progress.
         *
         * @param done records done, or -1 if unknown
         * @param total records in all, or -1 if unknown
         * @return this builder
         */
        public Builder records(long done, long total) {
            this.recordsDone = done;
            this.recordsTotal = total;
            return this;
        }

        /**
         * Builds the status.
         *
         * @return the status
         * @throws NullPointerException if the state is not set
         */
        public JobStatus build() {
            return new JobStatus(this);
        }
    }
}
