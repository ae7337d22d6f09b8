package io.github.sminference.cli;

import io.github.sminference.JobState;
import io.github.sminference.JobStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows how long-running work goes, on stderr. On a terminal: a bar redrawn in place with the state, the time since
 * the work was submitted and, where the mode counts them (local batch, fan-out), records done of total. Elsewhere
 * (a scheduler's log): one line per change of state, and no bar. Disabled: nothing at all.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 24;
    private static final long REDRAW_MILLIS = 200;

    private final PrintStream err;
    private final String label;
    private final Supplier<JobStatus> status;
    private final boolean bar;
    private final Instant started = Instant.now();
    private final ScheduledExecutorService timer;
    private JobState lastState;
    private int lastWidth;
    private int tick;

    private Progress(PrintStream err, String label, Supplier<JobStatus> status, boolean bar, boolean enabled) {
        this.err = err;
        this.label = label;
        this.status = status;
        this.bar = bar;
        if (!enabled) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sminference-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::show, 0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts showing progress, or returns a no-op when {@code enabled} is false.
     *
     * @param io where to write, and whether a person is watching (a bar) or not (state lines)
     * @param enabled whether to show anything
     * @param label what the work is, e.g. {@code "score"}
     * @param status reads the job's last known status (without I/O)
     */
    static Progress start(Io io, boolean enabled, String label, Supplier<JobStatus> status) {
        return new Progress(io.err, label, status, io.interactive, enabled);
    }

    private synchronized void show() {
        JobStatus s;
        try {
            s = status.get();
        } catch (RuntimeException e) {
            return; // the next redraw tries again
        }
        if (bar) {
            String line = render(s, elapsed(s), tick++);
            int pad = Math.max(0, lastWidth - line.length());
            err.print("\r" + line + " ".repeat(pad));
            err.flush();
            lastWidth = line.length();
        } else if (s.state() != lastState) {
            err.println(label + ": " + s.state() + " after " + Durations.format(elapsed(s)) + records(s));
        }
        lastState = s.state();
    }

    private Duration elapsed(JobStatus s) {
        Instant from = s.submittedAt().orElse(started);
        Instant to = s.endedAt().orElse(Instant.now());
        return Duration.between(from.isAfter(to) ? to : from, to);
    }

    /** One line: {@code score [#########...............]  37%  RUNNING  1m04s  3,700/10,000 records}. */
    String render(JobStatus s, Duration elapsed, int frame) {
        StringBuilder sb = new StringBuilder(label).append(" [");
        long done = s.recordsDone().orElse(-1);
        long total = s.recordsTotal().orElse(-1);
        if (done >= 0 && total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            sb.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", Math.min(100, done * 100 / total)));
        } else if (s.isTerminal()) {
            sb.append((s.state() == JobState.COMPLETED ? "#" : "-").repeat(WIDTH)).append("]     ");
        } else {
            int pos = frame % (WIDTH - 3);
            sb.append(".".repeat(pos)).append("<=>").append(".".repeat(WIDTH - 3 - pos)).append("]     ");
        }
        sb.append("  ").append(s.state()).append("  ").append(Durations.format(elapsed)).append(records(s));
        return sb.toString();
    }

    private static String records(JobStatus s) {
        if (s.recordsDone().isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "  %,d%s records", s.recordsDone().getAsLong(),
                s.recordsTotal().isPresent() ? String.format(Locale.ROOT, "/%,d", s.recordsTotal().getAsLong()) : "");
    }

    /**
     * Runs a write to the terminal between two redraws: the bar's line is cleared first and drawn again at the next
     * redraw, so records printed on the same terminal do not land in the middle of it.
     */
    synchronized void interleave(Runnable write) {
        if (timer != null && bar && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
        write.run();
    }

    /** Stops redrawing, draws the last state once more, and ends the bar's line. */
    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        show();
        if (bar) {
            err.println();
        }
    }
}
