package io.github.sminference.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.ModelStreamException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.internal.PartStream;
import io.github.sminference.spi.TimeSource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzes {@link PartStream}, which reassembles the parts of an InvokeEndpointWithResponseStream response into one
 * {@link InputStream}. The fuzzer chooses the bytes, how they are cut into parts (empty parts, buffers that are
 * slices of a larger array, direct and read-only buffers), how the publisher delivers them (synchronously from
 * inside {@code request}, lazily or eagerly; from its own thread; or ignoring demand and, for a few signals, its
 * cancellation), how the response ends ({@code onComplete}, or {@code onError} after any part with an
 * {@link InferenceException} or another exception), and how the reader reads ({@code read()},
 * {@code read(byte[], off, len)} of any length, {@code available()}, an early close).
 *
 * <p>Property: the reader reads exactly the bytes delivered before the end, in order, with no loss and no
 * duplication, then sees the end: {@code -1} after {@code onComplete}; after {@code onError}, the same
 * {@link InferenceException}, or a {@link TransportException} whose cause is the other exception. A publisher that
 * ignores demand may instead end the read with the documented {@link TransportException} ("more parts than
 * requested"), but what was read before must still be a prefix of the bytes, and a normal end of stream must mean
 * every byte was read. Reads never wait for a part that will not come (a read would time out after
 * {@link #BUDGET}, which fails the test), demand stays bounded, and the termination hook runs exactly once.
 */
class PartStreamFuzzTest {
    static final Duration BUDGET = Duration.ofSeconds(5);
    /** How many parts PartStream may ask for ahead of the reader. */
    static final int PREFETCH = 8;

    enum Delivery { SYNCHRONOUS, THREAD, IGNORES_DEMAND }

    enum Ending { COMPLETE, INFERENCE_ERROR, OTHER_ERROR }

    @FuzzTest(maxDuration = "60s")
    void read_anyPartsAndDelivery_readsExactlyTheBytesThenTheEnd(FuzzedDataProvider fdp) throws Exception {
        byte[] data = fdp.consumeBytes(fdp.consumeInt(0, 2048));
        Delivery delivery = fdp.pickValue(Delivery.values());
        Ending ending = fdp.pickValue(Ending.values());
        List<ByteBuffer> parts = split(fdp, data);
        int deliveredBeforeEnd = ending == Ending.COMPLETE ? parts.size() : fdp.consumeInt(0, parts.size());
        byte[] expected = concat(parts, deliveredBeforeEnd);
        RuntimeException error = ending == Ending.INFERENCE_ERROR
                ? new ModelStreamException("model stream failed", "ModelStreamError", false, null)
                : new IllegalStateException("connection reset");
        String what = delivery + " " + ending + " after " + deliveredBeforeEnd + " of " + parts.size() + " parts, "
                + data.length + " bytes";

        PartStream stream = new PartStream(TimeSource.system(), System.nanoTime() + BUDGET.toNanos(), BUDGET);
        AtomicInteger terminations = new AtomicInteger();
        stream.onTerminate(terminations::incrementAndGet);
        Publisher publisher = new Publisher(stream, parts, deliveredBeforeEnd, ending, error, delivery, fdp);
        stream.onSubscribe(publisher);
        Thread thread = null;
        if (delivery == Delivery.THREAD) {
            thread = new Thread(publisher::runOnThread, "fuzz-publisher");
            thread.setDaemon(true);
            thread.start();
        }

        InputStream in = stream.inputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int closeAt = fdp.consumeBoolean() ? fdp.consumeInt(0, expected.length) : -1;
        boolean eof = false;
        boolean closedEarly = false;
        Throwable thrown = null;
        try {
            while (true) {
                if (closeAt >= 0 && out.size() >= closeAt) {
                    in.close();
                    closedEarly = true;
                    break;
                }
                int op = fdp.consumeInt(0, 2);
                if (op == 0) {
                    int b = in.read();
                    if (b < 0) {
                        eof = true;
                        break;
                    }
                    assertThat(b).isBetween(0, 255);
                    out.write(b);
                } else if (op == 1) {
                    int len = fdp.consumeInt(0, 300);
                    int off = fdp.consumeInt(0, 3);
                    byte[] buf = new byte[off + len + 2];
                    int n = in.read(buf, off, len);
                    if (len == 0) {
                        assertThat(n).as("read of 0 bytes; %s", what).isZero();
                    } else if (n < 0) {
                        eof = true;
                        break;
                    } else {
                        assertThat(n).as("bytes read into %d; %s", len, what).isBetween(1, len);
                        out.write(buf, off, n);
                    }
                } else {
                    assertThat(in.available()).isNotNegative();
                }
            }
        } catch (InferenceTimeoutException e) {
            fail("the read waited for a part that never came (%s): %s", what, e.getMessage());
        } catch (InferenceException e) {
            thrown = e;
        }

        byte[] read = out.toByteArray();
        if (delivery == Delivery.IGNORES_DEMAND && publisher.violated) {
            assertThat(isPrefix(read, expected)).as("bytes read are not a prefix of the bytes sent; %s", what)
                    .isTrue();
            if (eof) {
                assertThat(read).as("a normal end after lost parts; %s", what).isEqualTo(expected);
            }
            if (thrown != null && !(thrown instanceof TransportException
                    && thrown.getMessage().contains("more parts than requested"))) {
                checkEndError(thrown, ending, error, what);
            }
        } else if (closedEarly) {
            assertThat(isPrefix(read, expected)).as("bytes read before close; %s", what).isTrue();
        } else if (eof) {
            assertThat(ending).as("end of stream, but the response failed; %s", what).isEqualTo(Ending.COMPLETE);
            assertThat(read).as(what).isEqualTo(expected);
            assertThat(in.read()).as("read after the end; %s", what).isEqualTo(-1);
        } else {
            assertThat(read).as("bytes before the error; %s", what).isEqualTo(expected);
            checkEndError(thrown, ending, error, what);
        }
        stream.close();
        if (thread != null) {
            thread.join(BUDGET.toMillis());
            assertThat(thread.isAlive()).as("publisher thread still waiting after close; %s", what).isFalse();
        }
        assertThat(publisher.failure).as("publisher saw a protocol violation; %s", what).isNull();
        assertThat(terminations).as("termination hook runs; %s", what).hasValue(1);
    }

    private static void checkEndError(Throwable thrown, Ending ending, RuntimeException error, String what) {
        assertThat(ending).as("the stream failed with %s; %s", thrown, what).isNotEqualTo(Ending.COMPLETE);
        if (ending == Ending.INFERENCE_ERROR) {
            assertThat(thrown).as(what).isSameAs(error);
        } else {
            assertThat(thrown).as(what).isInstanceOf(TransportException.class).hasCause(error);
        }
    }

    /** Cuts the data into parts of fuzzed sizes (empty ones too), each in a fuzzed kind of buffer. */
    static List<ByteBuffer> split(FuzzedDataProvider fdp, byte[] data) {
        List<ByteBuffer> parts = new ArrayList<>();
        int off = 0;
        while (off < data.length || (parts.size() < 3 && fdp.consumeBoolean())) {
            int len = fdp.remainingBytes() == 0 || parts.size() >= 300 ? data.length - off
                    : fdp.consumeInt(0, Math.min(200, data.length - off));
            parts.add(buffer(fdp, data, off, len));
            off += len;
        }
        return parts;
    }

    private static ByteBuffer buffer(FuzzedDataProvider fdp, byte[] data, int off, int len) {
        switch (fdp.consumeInt(0, 3)) {
            case 1: {
                // A window in a larger array, with junk either side that must not be read.
                byte[] big = new byte[len + 7];
                Arrays.fill(big, (byte) 0x5a);
                System.arraycopy(data, off, big, 3, len);
                return ByteBuffer.wrap(big, 3, len);
            }
            case 2: {
                ByteBuffer direct = ByteBuffer.allocateDirect(len);
                direct.put(data, off, len).flip();
                return direct;
            }
            case 3:
                return ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + len)).asReadOnlyBuffer();
            default:
                return ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + len));
        }
    }

    private static byte[] concat(List<ByteBuffer> parts, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = parts.get(i).duplicate();
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.write(a, 0, a.length);
        }
        return out.toByteArray();
    }

    private static boolean isPrefix(byte[] prefix, byte[] of) {
        return prefix.length <= of.length && Arrays.equals(prefix, 0, prefix.length, of, 0, prefix.length);
    }

    /** The publisher's side: a subscription that delivers the parts, then the ending, as the fuzzer says. */
    static final class Publisher implements Flow.Subscription {
        private final PartStream sink;
        private final List<ByteBuffer> parts;
        private final int limit;
        private final Ending ending;
        private final RuntimeException error;
        private final Delivery delivery;
        private final FuzzedDataProvider fdp;
        /** For IGNORES_DEMAND: how many signals still go out after cancel. */
        private int signalsAfterCancel;
        private long demand;
        private int next;
        private boolean ended;
        private boolean cancelled;
        private boolean emitting;
        volatile boolean violated;
        volatile String failure;

        Publisher(PartStream sink, List<ByteBuffer> parts, int limit, Ending ending, RuntimeException error,
                Delivery delivery, FuzzedDataProvider fdp) {
            this.sink = sink;
            this.parts = parts;
            this.limit = limit;
            this.ending = ending;
            this.error = error;
            this.delivery = delivery;
            this.fdp = fdp;
            this.signalsAfterCancel = delivery == Delivery.IGNORES_DEMAND ? fdp.consumeInt(0, 3) : 0;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (n <= 0) {
                    failure = "request(" + n + ")";
                }
                demand += n;
                if (delivery != Delivery.IGNORES_DEMAND && demand > PREFETCH) {
                    failure = "demand " + demand + " is more than " + PREFETCH + " parts ahead";
                }
                notifyAll();
                if (delivery == Delivery.THREAD || emitting) {
                    return;
                }
                emitting = true;
            }
            try {
                if (delivery == Delivery.SYNCHRONOUS) {
                    emitWithDemand();
                } else {
                    emitIgnoringDemand();
                }
            } finally {
                synchronized (this) {
                    emitting = false;
                }
            }
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        /** Delivers at least one part (so the reader never waits in vain), at most the demand, then maybe ends. */
        private void emitWithDemand() {
            int sent = 0;
            while (!cancelled && demand > 0 && next < limit) {
                demand--;
                sink.onNext(parts.get(next++));
                sent++;
                if (fdp.consumeBoolean()) {
                    break;
                }
            }
            // The end may wait for the next request (there is one: the reader asks for a part per part taken).
            if (!cancelled && !ended && next == limit && (sent == 0 || fdp.consumeBoolean())) {
                end();
            }
        }

        /** Sends a burst of parts whatever the demand, and goes on for a few signals after being cancelled. */
        private void emitIgnoringDemand() {
            int burst = fdp.consumeInt(1, 12);
            for (int k = 0; k < burst && next < limit && mayStillSignal(); k++) {
                if (!cancelled && demand == 0) {
                    violated = true;
                }
                demand = Math.max(0, demand - 1);
                sink.onNext(parts.get(next++));
            }
            if (!ended && next == limit && mayStillSignal()) {
                end();
            }
        }

        private boolean mayStillSignal() {
            if (!cancelled) {
                return true;
            }
            violated = true;
            return signalsAfterCancel-- > 0;
        }

        /** The publisher's own thread: waits for demand, delivers, ends; stops when cancelled. */
        void runOnThread() {
            long deadline = System.nanoTime() + BUDGET.toNanos();
            for (int i = 0; i < limit; i++) {
                synchronized (this) {
                    while (demand == 0 && !cancelled) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            failure = "no demand for part " + i + " within " + BUDGET;
                            return;
                        }
                        try {
                            wait(Math.max(1, left / 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (cancelled) {
                        return;
                    }
                    demand--;
                }
                sink.onNext(parts.get(i));
                if ((i & 3) == 1) {
                    Thread.yield();
                }
            }
            end();
        }

        private void end() {
            ended = true;
            if (ending == Ending.COMPLETE) {
                sink.onComplete();
            } else {
                sink.onError(error);
            }
        }
    }
}
