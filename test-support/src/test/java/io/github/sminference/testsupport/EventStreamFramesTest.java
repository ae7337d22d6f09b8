package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;

/** The frame builders and split helpers, without a server. */
class EventStreamFramesTest {

    @Test
    void splitAt_unorderedDuplicateAndEdgeOffsets_partsAreNonEmptyAndConcatenateToInput() {
        byte[] data = "abcdefghij".getBytes(StandardCharsets.US_ASCII);

        List<byte[]> parts = EventStreamFrames.splitAt(data, 7, 0, 3, 3, 10);

        assertThat(parts).extracting(p -> new String(p, StandardCharsets.US_ASCII))
                .containsExactly("abc", "defg", "hij");
        assertThat(EventStreamFrames.concat(parts)).isEqualTo(data);
    }

    @Test
    void splitAt_offsetOutsideData_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> EventStreamFrames.splitAt(new byte[3], 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitText_offsetInsideMultiByteCharacter_cutsBytesNotCharacters() {
        List<byte[]> parts = EventStreamFrames.splitText("a\u20acb", 2);

        assertThat(parts.get(0)).containsExactly('a', (byte) 0xE2);
        assertThat(parts.get(1)).containsExactly((byte) 0x82, (byte) 0xAC, 'b');
    }

    @Test
    void splitEvery_sizeNotDividingLength_lastPartIsShorter() {
        List<byte[]> parts = EventStreamFrames.splitEvery(new byte[10], 4);

        assertThat(parts).extracting(p -> p.length).containsExactly(4, 4, 2);
    }

    @Test
    void splitRandomly_sameSeed_sameNonEmptyParts() {
        byte[] data = new byte[1000];

        List<byte[]> first = EventStreamFrames.splitRandomly(data, 20, 42L);
        List<byte[]> second = EventStreamFrames.splitRandomly(data, 20, 42L);

        assertThat(first).hasSizeBetween(2, 20);
        assertThat(first).extracting(p -> p.length).containsExactlyElementsOf(
                second.stream().map(p -> p.length).toList());
        assertThat(first).allSatisfy(p -> assertThat(p).isNotEmpty());
        assertThat(EventStreamFrames.concat(first)).hasSize(1000);
    }

    @Test
    void encodeThenDecode_payloadPartAndError_roundTripsHeadersAndPayload() {
        Message part = EventStreamFrames.payloadPart("hello");
        Message error = EventStreamFrames.modelStreamError("StreamBroken", "say \"bye\"");

        List<Message> decoded = EventStreamFrames.decode(EventStreamFrames.encode(part, error));

        assertThat(decoded).containsExactly(part, error);
        assertThat(decoded.get(0).getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(decoded.get(0).getHeaders().get(":event-type").getString()).isEqualTo("PayloadPart");
        assertThat(decoded.get(0).getHeaders().get(":content-type").getString())
                .isEqualTo("application/octet-stream");
        assertThat(decoded.get(0).getPayload()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.get(1).getHeaders().get(":message-type").getString()).isEqualTo("exception");
        assertThat(decoded.get(1).getHeaders().get(":exception-type").getString()).isEqualTo("ModelStreamError");
        assertThat(new String(decoded.get(1).getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Message\":\"say \\\"bye\\\"\",\"ErrorCode\":\"StreamBroken\"}");
    }

    @Test
    void decode_truncatedFrame_throwsIllegalArgumentException() {
        byte[] encoded = EventStreamFrames.encode(EventStreamFrames.payloadPart("hello"));
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 3);

        assertThatThrownBy(() -> EventStreamFrames.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payload_replyWithPartsAndError_isConcatenationOfPartsOnly() {
        ResponseStreamReply reply = ResponseStreamReply.ofText("abcdef", 2, 4).thenInternalStreamFailure("x");

        assertThat(reply.frames()).hasSize(4);
        assertThat(reply.payloadText()).isEqualTo("abcdef");
    }

    @Test
    void jsonBody_modelError_hasTypeMessageAndOriginalMembers() {
        SageMakerError error = SageMakerError.modelError("top", 400, "bad \"input\"\n", "arn:log");

        assertThat(error.jsonBody()).isEqualTo("{\"__type\":\"ModelError\",\"Message\":\"top\","
                + "\"OriginalStatusCode\":400,\"OriginalMessage\":\"bad \\\"input\\\"\\n\",\"LogStreamArn\":\"arn:log\"}");
        assertThat(error.status()).isEqualTo(424);
    }
}
