package io.github.sminference.internal;

import io.github.sminference.event.InferenceEvent;
import io.github.sminference.event.InferenceListener;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls listeners, isolating the client from their failures. Thread-safe. */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<InferenceListener> listeners;

    /**
     * Creates the fan-out.
     *
     * @param listeners the listeners
     */
    public Listeners(List<InferenceListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Whether there is any listener (events need not be built otherwise).
     *
     * @return {@code true} if at least one listener is registered
     */
    public boolean any() {
        return !listeners.isEmpty();
    }

    /**
     * Calls {@code onStart}.
     *
     * @param e the event
     */
    public void start(InferenceEvent e) {
        each(e, InferenceListener::onStart);
    }

    /**
     * Calls {@code onRetry}.
     *
     * @param e the event
     */
    public void retry(InferenceEvent e) {
        each(e, InferenceListener::onRetry);
    }

    /**
     * Calls {@code onSuccess}.
     *
     * @param e the event
     */
    public void success(InferenceEvent e) {
        each(e, InferenceListener::onSuccess);
    }

    /**
     * Calls {@code onFailure}.
     *
     * @param e the event
     */
    public void failure(InferenceEvent e) {
        each(e, InferenceListener::onFailure);
    }

    /**
     * Calls {@code onUpload}.
     *
     * @param e the event
     */
    public void upload(InferenceEvent e) {
        each(e, InferenceListener::onUpload);
    }

    /**
     * Calls {@code onPoll}.
     *
     * @param e the event
     */
    public void poll(InferenceEvent e) {
        each(e, InferenceListener::onPoll);
    }

    /**
     * Calls {@code onJobProgress}.
     *
     * @param jobId the job
     * @param mode the mode
     * @param status the status
     */
    public void progress(String jobId, io.github.sminference.InvocationMode mode,
            io.github.sminference.JobStatus status) {
        for (InferenceListener l : listeners) {
            try {
                l.onJobProgress(jobId, mode, status);
            } catch (RuntimeException ex) {
                LOG.warn("Listener {} threw {} on job progress; ignored", l.getClass().getName(),
                        ex.getClass().getName());
            }
        }
    }

    private void each(InferenceEvent e, BiConsumer<InferenceListener, InferenceEvent> call) {
        for (InferenceListener l : listeners) {
            try {
                call.accept(l, e);
            } catch (RuntimeException ex) {
                LOG.warn("Listener {} threw {} on {}; ignored", l.getClass().getName(), ex.getClass().getName(),
                        e.operation());
            }
        }
    }
}
