package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InvocationMode;
import io.github.sminference.ResultMetadata;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.ModelStreamException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.testing.FakeTimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PartStreamTest {
    private final FakeTimeSource clock = new FakeTimeSource();

    /** Records demand and cancellation; delivers nothing by itself. */
    static final class RecordingSubscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public synchronized void request(long n) {
            requested += n;
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }

    /** A well-behaved publisher that delivers eagerly, but never more than requested. */
    static final class EagerSubscription implements Flow.Subscription {
        private final Flow.Subscriber<ByteBuffer> sink;
        private final List<byte[]> parts;
        long requested;
        int delivered;
        long maxOutstanding;
        boolean cancelled;
        private boolean completed;
        private boolean emitting;

        EagerSubscription(Flow.Subscriber<ByteBuffer> sink, List<byte[]> parts) {
            this.sink = sink;
            this.parts = parts;
        }

        @Override
        public synchronized void request(long n) {
            requested += n;
            maxOutstanding = Math.max(maxOutstanding, requested - delivered);
            if (emitting) {
                return;
            }
            emitting = true;
            try {
                while (!cancelled && delivered < requested && delivered < parts.size()) {
                    sink.onNext(ByteBuffer.wrap(parts.get(delivered++)));
                }
                if (!cancelled && !completed && delivered == parts.size()) {
                    completed = true;
                    sink.onComplete();
                }
            } finally {
                emitting = false;
            }
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }

    private PartStream stream() {
        return new PartStream(clock, clock.nanoTime() + Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(30));
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void inputStream_partsDelivered_readBackInOrder() throws IOException {
        PartStream s = stream();
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        s.onNext(utf8("hel"));
        s.onNext(utf8("lo "));
        s.onNext(ByteBuffer.allocate(0));
        s.onNext(utf8("w\u00f6rld"));
        s.onComplete();
        try (InputStream in = s.inputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello w\u00f6rld");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void lines_splitAcrossParts_reassembled() {
        PartStream s = stream();
        s.onSubscribe(new RecordingSubscription());
        s.onNext(utf8("{\"token\":\"a\"}\n{\"tok"));
        s.onNext(utf8("en\":\"b\"}\r"));
        s.onNext(utf8("\nlast"));
        s.onComplete();
        try (Stream<String> lines = s.lines()) {
            assertThat(lines.collect(Collectors.toList()))
                    .containsExactly("{\"token\":\"a\"}", "{\"token\":\"b\"}", "last");
        }
    }

    @Test
    void onSubscribe_requestsEightPartsAhead() {
        PartStream s = stream();
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        assertThat(sub.requested).isEqualTo(8);
    }

    @Test
    void read_eachPartTaken_requestsOneMore() throws IOException {
        PartStream s = stream();
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        for (int i = 0; i < 8; i++) {
            s.onNext(utf8("p" + i));
        }
        InputStream in = s.inputStream();
        assertThat(sub.requested).isEqualTo(8);
        assertThat(in.read()).isEqualTo('p');
        assertThat(sub.requested).isEqualTo(9);
        in.read();
        assertThat(sub.requested).as("no more demand until the next part is taken").isEqualTo(9);
        in.read();
        assertThat(sub.requested).isEqualTo(10);
    }

    @Test
    void read_eagerPublisher_neverMoreThanEightPartsOutstanding() throws IOException {
        List<byte[]> parts = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            parts.add(new byte[] {(byte) i});
        }
        PartStream s = stream();
        EagerSubscription sub = new EagerSubscription(s, parts);
        s.onSubscribe(sub);
        InputStream in = s.inputStream();
        for (int i = 0; i < 100; i++) {
            assertThat(in.read()).isEqualTo(i);
            assertThat(sub.requested - i - 1).as("parts requested ahead of the reader").isLessThanOrEqualTo(8);
        }
        assertThat(in.read()).isEqualTo(-1);
        assertThat(sub.maxOutstanding).isLessThanOrEqualTo(8);
    }

    @Test
    void read_errorAfterParts_bytesFirstThenTheError() throws IOException {
        PartStream s = stream();
        s.onSubscribe(new RecordingSubscription());
        ModelStreamException error = new ModelStreamException("model stream failed", "ModelStreamError", false, null);
        s.onNext(utf8("abc"));
        s.onNext(utf8("de"));
        s.onError(error);
        InputStream in = s.inputStream();
        byte[] buf = new byte[16];
        assertThat(in.read(buf, 0, 16)).isEqualTo(3);
        assertThat(in.read(buf, 3, 13)).isEqualTo(2);
        assertThat(new String(buf, 0, 5, StandardCharsets.UTF_8)).isEqualTo("abcde");
        assertThatThrownBy(in::read).isSameAs(error);
    }

    @Test
    void read_nonInferenceError_wrappedAsTransportException() {
        PartStream s = stream();
        s.onSubscribe(new RecordingSubscription());
        IllegalStateException cause = new IllegalStateException("connection reset");
        s.onError(cause);
        assertThatThrownBy(() -> s.inputStream().read()).isInstanceOf(TransportException.class).hasCause(cause);
    }

    @Test
    void lines_errorAfterLines_linesThenTheError() {
        PartStream s = stream();
        s.onSubscribe(new RecordingSubscription());
        ModelStreamException error = new ModelStreamException("boom", "ModelStreamError", false, null);
        s.onNext(utf8("one\ntwo\n"));
        s.onError(error);
        List<String> seen = new java.util.ArrayList<>();
        assertThatThrownBy(() -> s.lines().forEach(seen::add)).isSameAs(error);
        assertThat(seen).containsExactly("one", "two");
    }

    @Test
    void read_deadlinePassed_throwsTotalTimeoutAndCancels() {
        RecordingSubscription sub = new RecordingSubscription();
        PartStream s = new PartStream(clock, clock.nanoTime() - 1, Duration.ofSeconds(5));
        s.onSubscribe(sub);
        assertThatThrownBy(() -> s.inputStream().read()).isInstanceOf(InferenceTimeoutException.class)
                .satisfies(e -> {
                    InferenceTimeoutException t = (InferenceTimeoutException) e;
                    assertThat(t.budget()).isEqualTo(InferenceTimeoutException.Budget.TOTAL);
                    assertThat(t.limit()).isEqualTo(Duration.ofSeconds(5));
                });
        assertThat(sub.cancelled).isTrue();
    }

    @Test
    void read_deadlinePassedAfterFakeClockAdvance_throwsTimeout() throws IOException {
        PartStream s = new PartStream(clock, clock.nanoTime() + Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(2));
        s.onSubscribe(new RecordingSubscription());
        s.onNext(utf8("x"));
        InputStream in = s.inputStream();
        assertThat(in.read()).isEqualTo('x');
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(in::read).isInstanceOf(InferenceTimeoutException.class);
    }

    @Test
    void close_cancelsSubscriptionAndRunsHookOnce() {
        PartStream s = stream();
        RecordingSubscription sub = new RecordingSubscription();
        AtomicInteger hook = new AtomicInteger();
        s.onTerminate(hook::incrementAndGet);
        s.onSubscribe(sub);
        s.onNext(utf8("unread"));
        s.close();
        s.close();
        assertThat(sub.cancelled).isTrue();
        assertThat(hook).hasValue(1);
        s.onNext(utf8("late"));
        s.onComplete();
        assertThat(hook).hasValue(1);
    }

    @Test
    void close_beforeSubscribe_subscriptionCancelledWithoutDemand() {
        PartStream s = stream();
        s.close();
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        assertThat(sub.cancelled).isTrue();
        assertThat(sub.requested).isZero();
    }

    @Test
    void linesStreamClosed_closesResponseStream() {
        PartStream s = stream();
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        s.onNext(utf8("a\nb"));
        try (Stream<String> lines = s.lines()) {
            assertThat(lines.findFirst()).contains("a");
        }
        assertThat(sub.cancelled).isTrue();
    }

    @Test
    void inputStream_calledTwice_throwsIllegalState() {
        PartStream s = stream();
        s.inputStream();
        assertThatThrownBy(s::inputStream).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::lines).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onTerminate_afterCompletion_runsAtOnce() {
        PartStream s = stream();
        s.onSubscribe(new RecordingSubscription());
        s.onComplete();
        AtomicInteger hook = new AtomicInteger();
        s.onTerminate(hook::incrementAndGet);
        assertThat(hook).hasValue(1);
    }

    @Test
    void started_metadataAndContentTypeExposed() {
        PartStream s = stream();
        assertThat(s.metadata()).isNull();
        assertThat(s.toString()).contains("not started");
        ResultMetadata md = ResultMetadata.builder().mode(InvocationMode.REAL_TIME).inferenceId("id-1").build();
        s.started(md, "application/jsonlines");
        assertThat(s.metadata()).isSameAs(md);
        assertThat(s.contentType()).contains("application/jsonlines");
    }

    @Test
    void onNext_publisherIgnoresDemand_readFailsWithTransportException() {
        PartStream s = new PartStream(clock, clock.nanoTime() + Duration.ofMillis(200).toNanos(),
                Duration.ofMillis(200));
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        for (int i = 0; i < 12; i++) {
            s.onNext(utf8("p"));
        }
        InputStream in = s.inputStream();
        assertThatThrownBy(() -> {
            while (in.read() >= 0) {
                // drain
            }
        }).isInstanceOf(TransportException.class).hasMessageContaining("more parts than requested");
    }

    @Test
    void onComplete_publisherFilledTheBufferPastDemand_readFailsInsteadOfWaiting() throws IOException {
        // Found by PartStreamFuzzTest: ten parts where eight were requested fit the buffer, so the overflow went
        // unnoticed, and the completion that followed found no room and was dropped: the reader waited out the
        // whole budget and then failed with a misleading timeout.
        PartStream s = new PartStream(clock, clock.nanoTime() + Duration.ofSeconds(30).toNanos(),
                Duration.ofSeconds(30));
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        for (int i = 0; i < 10; i++) {
            s.onNext(utf8("p"));
        }
        s.onComplete();
        InputStream in = s.inputStream();
        for (int i = 0; i < 10; i++) {
            assertThat(in.read()).isEqualTo('p');
        }
        assertThatThrownBy(in::read).isInstanceOf(TransportException.class)
                .hasMessageContaining("more parts than requested");
        assertThat(sub.cancelled).isTrue();
    }

    @Test
    void onNext_afterAnOverflow_laterPartsAndTheEndAreIgnored() throws IOException {
        // Found by PartStreamFuzzTest: after an overflow dropped a part, a part and the completion that the
        // publisher still sent (cancellation takes effect eventually) were queued behind the gap, and the reader
        // read a stream with a hole in it to a normal end.
        PartStream s = stream();
        RecordingSubscription sub = new RecordingSubscription();
        s.onSubscribe(sub);
        for (int i = 0; i < 11; i++) {
            s.onNext(utf8(Character.toString('a' + i)));
        }
        InputStream in = s.inputStream();
        assertThat(in.read()).isEqualTo('a');
        s.onNext(utf8("l"));
        s.onComplete();
        StringBuilder read = new StringBuilder("a");
        assertThatThrownBy(() -> {
            int c;
            while ((c = in.read()) >= 0) {
                read.append((char) c);
            }
        }).isInstanceOf(TransportException.class).hasMessageContaining("more parts than requested");
        assertThat(read.toString()).isEqualTo("abcdefghij");
    }
}
