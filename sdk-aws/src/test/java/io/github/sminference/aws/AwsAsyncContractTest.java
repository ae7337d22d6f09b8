package io.github.sminference.aws;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.testing.ContractFixture;
import io.github.sminference.testing.InferenceClientContractTest;
import io.github.sminference.testing.RecordedRequest;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shared contract on the AWS asynchronous-endpoint adapter: the real AWS SDK clients, S3 on moto, and a stand-in
 * for the asynchronous runtime that writes outputs and failures to S3 after the model's time.
 */
class AwsAsyncContractTest extends InferenceClientContractTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    @Override
    protected ContractFixture newFixture() {
        return new Fixture(MotoServer.shared());
    }

    static final class Fixture implements ContractFixture {
        private final S3Client s3;
        private final FakeAsyncRuntime runtime;

        Fixture(MotoServer moto) {
            moto.reset();
            this.s3 = AsyncTestSupport.s3(moto.endpoint(), null);
            s3.createBucket(b -> b.bucket("contract-staging"));
            try {
                this.runtime = new FakeAsyncRuntime(s3);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InvocationMode mode() {
            return InvocationMode.ASYNC_ENDPOINT;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(false, true, true, true, false, true, JobFailedException.class, 1);
        }

        @Override
        public InferenceClient client(Consumer<BaseClientBuilder<?>> settings) {
            AwsInferenceClient.Builder b = AsyncTestSupport.builder(runtime.uri(), s3,
                    AsyncTestSupport.fastPolling("s3://contract-staging/in").build());
            settings.accept(b);
            return b.build();
        }

        @Override
        public void modelAnswers(byte[] body, String contentType, String invokedVariant) {
            runtime.answer(body, contentType);
        }

        @Override
        public void modelFails(int originalStatus, String message) {
            runtime.fail(originalStatus, message);
        }

        @Override
        public void modelStalls(Duration delay, byte[] body) {
            runtime.stall(delay, body);
        }

        @Override
        public void throttlesThenAnswers(int times, byte[] body) {
            runtime.throttleThenAnswer(times, body);
        }

        @Override
        public void modelStreams(List<byte[]> parts, String contentType) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            parts.forEach(all::writeBytes);
            runtime.answer(all.toByteArray(), contentType);
        }

        @Override
        public int requestsReceived() {
            return runtime.requests();
        }

        @Override
        public Optional<RecordedRequest> lastRequest() {
            return runtime.last();
        }

        @Override
        public void close() {
            runtime.close();
            s3.close();
        }
    }
}
