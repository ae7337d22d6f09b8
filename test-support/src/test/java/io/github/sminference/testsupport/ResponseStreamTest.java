package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.SageMakerWireMock.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalStreamFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Proves the event-stream stubs with the real {@code SageMakerRuntimeAsyncClient.invokeEndpointWithResponseStream}.
 */
class ResponseStreamTest {

    @RegisterExtension
    static final SageMakerWireMockExtension WM = SageMakerWireMockExtension.create();

    private static AwsClients.AsyncRuntime runtime;

    @BeforeAll
    static void client() {
        runtime = AwsClients.runtimeAsync(WM.endpoint());
    }

    @AfterAll
    static void closeClient() {
        runtime.close();
    }

    @Test
    void responseStream_textCutInsideRecordsAndCharacters_yieldsExactBytesAcrossParts() throws Exception {
        String text = "{\"token\":\"Hel\"}\n{\"token\":\"lo \u00e9\u20ac\"}\n{\"token\":\"\ud83d\ude00\"}\n";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // cut inside the first record, after the first byte of the 3-byte euro sign and inside the 4-byte emoji
        int euro = text.substring(0, text.indexOf('\u20ac')).getBytes(StandardCharsets.UTF_8).length + 1;
        int emoji = text.substring(0, text.indexOf('\ud83d')).getBytes(StandardCharsets.UTF_8).length + 2;
        ResponseStreamReply reply = ResponseStreamReply.ofText(text, 5, euro, emoji)
                .withContentType("application/jsonlines")
                .withInvokedProductionVariant("variant-s")
                .withCustomAttributes("stream=1");
        WM.sageMaker().stubResponseStream("llm", reply);

        Received received = stream("llm");

        assertThat(received.error).isNull();
        assertThat(received.parts).hasSize(4);
        assertThat(new String(received.parts.get(1), StandardCharsets.UTF_8)).doesNotContain("\u20ac");
        assertThat(EventStreamFrames.concat(received.parts)).isEqualTo(utf8);
        assertThat(received.response.get().contentType()).isEqualTo("application/jsonlines");
        assertThat(received.response.get().invokedProductionVariant()).isEqualTo("variant-s");
        assertThat(received.response.get().customAttributes()).isEqualTo("stream=1");
        assertThat(WM.sageMaker().requestCount(Operation.INVOKE_WITH_RESPONSE_STREAM, "llm")).isEqualTo(1);
    }

    @Test
    void responseStream_binaryPartsDribbledOverManyHttpChunks_yieldsExactBytes() throws Exception {
        byte[] payload = new byte[10_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        List<byte[]> parts = EventStreamFrames.splitRandomly(payload, 40, 7L);
        WM.sageMaker().stubResponseStream("llm",
                ResponseStreamReply.ofParts(parts).withDribble(25, Duration.ofMillis(250)));

        Received received = stream("llm");

        assertThat(received.error).isNull();
        assertThat(received.parts).hasSize(parts.size());
        assertThat(EventStreamFrames.concat(received.parts)).isEqualTo(payload);
    }

    @Test
    void responseStream_modelStreamErrorAfterParts_failsWithModelStreamErrorExceptionAndErrorCode() throws Exception {
        WM.sageMaker().stubResponseStream("llm", ResponseStreamReply.ofText("{\"a\":1}\n{\"b\"", 3)
                .thenModelStreamError(EventStreamFrames.MODEL_INVOCATION_TIME_EXCEEDED,
                        "The model failed to finish sending the response within the timeout period."));

        Received received = stream("llm");

        assertThat(EventStreamFrames.concat(received.parts))
                .isEqualTo("{\"a\":1}\n{\"b\"".getBytes(StandardCharsets.UTF_8));
        assertThat(received.error).isInstanceOf(ModelStreamErrorException.class);
        ModelStreamErrorException e = (ModelStreamErrorException) received.error;
        assertThat(e.errorCode()).isEqualTo("ModelInvocationTimeExceeded");
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ModelStreamError");
        assertThat(e.getMessage()).contains("The model failed to finish sending the response");
    }

    @Test
    void responseStream_internalStreamFailure_failsWithInternalStreamFailureException() throws Exception {
        WM.sageMaker().stubResponseStream("llm",
                ResponseStreamReply.ofText("partial").thenInternalStreamFailure("Try your request again."));

        Received received = stream("llm");

        assertThat(EventStreamFrames.concat(received.parts)).isEqualTo("partial".getBytes(StandardCharsets.UTF_8));
        assertThat(received.error).isInstanceOf(InternalStreamFailureException.class);
        assertThat(((InternalStreamFailureException) received.error).awsErrorDetails().errorCode())
                .isEqualTo("InternalStreamFailure");
    }

    @Test
    void responseStream_httpErrorBeforeAnyEvent_failsWithModeledException() throws Exception {
        WM.sageMaker().stubResponseStream("gone", SageMakerError.endpointNotFound("gone"));

        Received received = stream("gone");

        assertThat(received.parts).isEmpty();
        assertThat(received.error).isInstanceOf(ValidationErrorException.class)
                .hasMessageContaining("Endpoint gone of account 123456789012 not found.");
    }

    private static Received stream(String endpointName) throws Exception {
        Received received = new Received();
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler
                .builder()
                .onResponse(received.response::set)
                .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                        .onPayloadPart(part -> received.parts.add(part.bytes().asByteArray()))
                        .build())
                .build();
        try {
            runtime.client().invokeEndpointWithResponseStream(r -> r.endpointName(endpointName)
                    .contentType("application/json").body(SdkBytes.fromUtf8String("{\"inputs\":\"hi\"}")),
                    handler).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            received.error = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
        }
        return received;
    }

    private static final class Received {
        final List<byte[]> parts = new CopyOnWriteArrayList<>();
        final AtomicReference<InvokeEndpointWithResponseStreamResponse> response = new AtomicReference<>();
        Throwable error;
    }
}
