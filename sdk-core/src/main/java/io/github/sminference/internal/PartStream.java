package io.github.sminference.internal;

import io.github.sminference.ResponseStream;
import io.github.sminference.ResultMetadata;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.spi.TimeSource;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A {@link ResponseStream} fed by a {@link Flow.Publisher} of body parts, with bounded buffering: it requests a
 * few parts ahead of the reader and one more for each part consumed. Reads block at most until the deadline.
 * Reassembly across part boundaries falls out of reading one contiguous byte stream.
 */
public final class PartStream implements ResponseStream, Flow.Subscriber<ByteBuffer> {
    private static final int PREFETCH = 8;
    private static final Object COMPLETE = new Object();
    /** Wakes a reader that emptied the queue before the overflow was recorded. */
    private static final Object OVERFLOW = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH + 2);
    private final AtomicBoolean taken = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TimeSource time;
    private final long deadlineNanos;
    private final Duration budget;
    private volatile Flow.Subscription subscription;
    private volatile InferenceException overflow;
    private volatile boolean subscribeCancelled;
    private volatile ResultMetadata metadata;
    private volatile String contentType;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile Runnable onTerminate = () -> { };

    /**
     * Creates the stream.
     *
     * @param time the clock
     * @param deadlineNanos when reads stop waiting, on {@code time.nanoTime()}
     * @param budget the total budget, for the timeout message
     */
    public PartStream(TimeSource time, long deadlineNanos, Duration budget) {
        this.time = time;
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    /**
     * Sets what runs once when the response ends: completed, failed, or closed by the reader.
     *
     * @param hook the hook (e.g. releasing a concurrency permit)
     */
    public void onTerminate(Runnable hook) {
        this.onTerminate = hook;
        if (terminated.get()) {
            hook.run();
        }
    }

    private void terminate() {
        if (terminated.compareAndSet(false, true)) {
            onTerminate.run();
        }
    }

    /**
     * Sets what the response's headers said (called once the response starts).
     *
     * @param metadata the metadata
     * @param contentType the content type, or {@code null}
     */
    public void started(ResultMetadata metadata, String contentType) {
        this.metadata = metadata;
        this.contentType = contentType;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (closed.get() || subscribeCancelled) {
            s.cancel();
            return;
        }
        s.request(PREFETCH);
    }

    @Override
    public void onNext(ByteBuffer part) {
        // After an overflow a part is missing: nothing that comes later may be read as if it followed.
        if (closed.get() || overflow != null) {
            return;
        }
        if (!queue.offer(part)) {
            overflowed();
        }
    }

    @Override
    public void onError(Throwable t) {
        if (overflow != null) {
            return;
        }
        InferenceException e = t instanceof InferenceException ? (InferenceException) t
                : new TransportException("the response stream failed: " + t, t);
        // Capacity leaves room for one terminal signal after the requested parts; no room means the publisher
        // sent more than requested.
        if (!queue.offer(e)) {
            overflowed();
        }
        terminate();
    }

    @Override
    public void onComplete() {
        if (overflow != null) {
            return;
        }
        if (!queue.offer(COMPLETE)) {
            overflowed();
        }
        terminate();
    }

    /**
     * The publisher sent more than requested: fail loudly rather than grow without bound or drop a signal. The queue
     * was full, so the reader reads what arrived in order, then sees this error (when it finds the queue empty, or
     * through the marker if it emptied the queue meanwhile). Later signals are ignored.
     */
    private void overflowed() {
        overflow = new TransportException("the response stream sent more parts than requested", null);
        queue.offer(OVERFLOW);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        terminate();
    }

    @Override
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    @Override
    public ResultMetadata metadata() {
        return metadata;
    }

    @Override
    public InputStream inputStream() {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("the response body was already taken; a ResponseStream is one-shot");
        }
        return new PartInputStream();
    }

    @Override
    public Stream<String> lines() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(inputStream(), StandardCharsets.UTF_8));
        return reader.lines().onClose(this::close);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            } else {
                subscribeCancelled = true;
            }
            queue.clear();
            terminate();
        }
    }

    @Override
    public String toString() {
        return "ResponseStream[" + (metadata == null ? "not started" : metadata) + "]";
    }

    private final class PartInputStream extends InputStream {
        private ByteBuffer current;
        private boolean done;

        /** Takes the next part; {@code false} at the end. */
        private boolean advance() {
            while (current == null || !current.hasRemaining()) {
                if (done) {
                    return false;
                }
                if (closed.get()) {
                    throw new IllegalStateException("the response stream is closed");
                }
                if (overflow != null && queue.isEmpty()) {
                    done = true;
                    throw overflow;
                }
                Object next;
                try {
                    long wait = deadlineNanos - time.nanoTime();
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new InferenceCancelledException("interrupted while reading the response stream", ie);
                }
                if (next == null) {
                    close();
                    throw new InferenceTimeoutException(InferenceTimeoutException.Budget.TOTAL, budget,
                            "the response stream did not finish within the total budget of " + budget
                                    + "; raise the request's timeout for long streams", null);
                }
                if (next == OVERFLOW) {
                    done = true;
                    throw overflow;
                }
                if (next == COMPLETE) {
                    done = true;
                    return false;
                }
                if (next instanceof InferenceException) {
                    done = true;
                    throw (InferenceException) next;
                }
                current = (ByteBuffer) next;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
            return true;
        }

        @Override
        public int read() {
            if (!advance()) {
                return -1;
            }
            return current.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!advance()) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.remaining();
        }

        @Override
        public void close() {
            PartStream.this.close();
        }
    }
}
