package io.github.sminference.fake;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A contract fixture over the in-memory fake. */
final class FakeFixture implements ContractFixture {
        private final InvocationMode mode;
        private final FakeEndpointTransport fake = new FakeEndpointTransport();

        FakeFixture(InvocationMode mode) {
            this.mode = mode;
        }

        @Override
        public InvocationMode mode() {
            return mode;
        }

        @Override
        public InferenceClient client(Consumer<BaseClientBuilder<?>> settings) {
            FakeClientBuilder b = new FakeClientBuilder(fake).endpointName("fake-endpoint").mode(mode);
            settings.accept(b);
            return b.build();
        }

        @Override
        public void modelAnswers(byte[] body, String contentType, String invokedVariant) {
            fake.answer(body, contentType, invokedVariant);
        }

        @Override
        public void modelFails(int originalStatus, String message) {
            fake.fail(originalStatus, message);
        }

        @Override
        public void modelStalls(Duration delay, byte[] body) {
            fake.stall(delay, body);
        }

        @Override
        public void throttlesThenAnswers(int times, byte[] body) {
            fake.throttleThenAnswer(times, body);
        }

        @Override
        public void modelStreams(List<byte[]> parts, String contentType) {
            fake.stream(parts, contentType);
        }

        @Override
        public int requestsReceived() {
            return fake.received().size();
        }

        @Override
        public Optional<RecordedRequest> lastRequest() {
            return fake.last();
        }

        @Override
        public void close() {
            fake.close();
        }
    }

