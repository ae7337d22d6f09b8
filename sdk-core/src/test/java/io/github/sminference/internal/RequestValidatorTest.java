package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.internal.RequestValidator.Operation;
import io.github.sminference.limits.ModeLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {
    private static final String SECRET = "SECRET-ATTR-ZX81";
    private static final ModeLimits REAL_TIME = ModeLimits.defaults(InvocationMode.REAL_TIME);
    private static final ModeLimits SMALL = REAL_TIME.toBuilder().maxRequestBytes(100).build();

    @TempDir
    Path dir;

    private static InferenceRequest with(UnaryOperator<InferenceRequest.Builder> b) {
        return b.apply(InferenceRequest.builder().body("x")).build();
    }

    private static void check(InferenceRequest r) {
        RequestValidator.checkFields(r, InvocationMode.REAL_TIME, Operation.INVOKE);
    }

    private static InvalidRequestException rejected(InferenceRequest r, Operation op, String field) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> RequestValidator.checkFields(r, InvocationMode.REAL_TIME, op));
        assertThat(t).as("expected %s to be rejected", field).isInstanceOf(InvalidRequestException.class);
        InvalidRequestException e = (InvalidRequestException) t;
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field);
        return e;
    }

    private static InvalidRequestException rejected(InferenceRequest r, String field) {
        return rejected(r, Operation.INVOKE, field);
    }

    // ------------------------------------------------------------------ fields

    @Test
    void checkFields_allFieldsValid_passes() {
        InferenceRequest r = with(b -> b.contentType("text/csv; charset=utf-8").accept("application/json")
                .customAttributes("trace=1;c=2").inferenceId("id-123 ok").targetModel("model-a.tar.gz")
                .targetVariant("AllTraffic").targetContainerHostname("container-1").inferenceComponentName("ic-a1")
                .sessionId("NEW_SESSION").enableExplanations("`true`").idempotencyKey("k-1"));
        assertThatCode(() -> check(r)).doesNotThrowAnyException();
        assertThatCode(() -> check(with(b -> b.sessionId("abc-123-def")))).doesNotThrowAnyException();
    }

    @Test
    void checkFields_contentTypeOrAcceptOver1024_rejected() {
        assertThatCode(() -> check(with(b -> b.contentType("a".repeat(1024))))).doesNotThrowAnyException();
        InvalidRequestException e = rejected(with(b -> b.contentType("a".repeat(1025))), "contentType");
        assertThat(e.getMessage()).contains("1024", "1025");
        rejected(with(b -> b.accept("a".repeat(1025))), "accept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/csv\r\nX-Injected: 1", "text/csv\u0000", "text/csv\u007f",
            "text/csv\u00e9"})
    void checkFields_headerWithControlOrNonAsciiCharacter_rejected(String value) {
        rejected(with(b -> b.contentType(value)), "contentType");
        rejected(with(b -> b.accept(value)), "accept");
    }

    @Test
    void checkFields_customAttributesWithControlCharacter_rejectedWithoutEchoingValue() {
        InvalidRequestException e = rejected(with(b -> b.customAttributes(SECRET + "\nX-Evil: 1")), "customAttributes");
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("X-Evil");
        assertThat(e.value()).doesNotContain(SECRET);
        assertThat(String.valueOf(e)).doesNotContain(SECRET);
    }

    @Test
    void checkFields_customAttributesOver1024_rejectedWithLengthNotValue() {
        String value = SECRET + "a".repeat(1100);
        InvalidRequestException e = rejected(with(b -> b.customAttributes(value)), "customAttributes");
        assertThat(e.getMessage()).doesNotContain(SECRET).contains(Integer.toString(value.length()));
        assertThat(e.value()).doesNotContain(SECRET);
        assertThatCode(() -> check(with(b -> b.customAttributes("a".repeat(1024))))).doesNotThrowAnyException();
    }

    @Test
    void checkFields_inferenceIdLengthOrPatternWrong_rejected() {
        assertThatCode(() -> check(with(b -> b.inferenceId("i".repeat(64))))).doesNotThrowAnyException();
        rejected(with(b -> b.inferenceId("i".repeat(65))), "inferenceId");
        rejected(with(b -> b.inferenceId("")), "inferenceId");
        rejected(with(b -> b.inferenceId(" leading-space")), "inferenceId");
        rejected(with(b -> b.inferenceId("line\nbreak")), "inferenceId");
        rejected(with(b -> b.inferenceId("caf\u00e9")), "inferenceId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001abc", "\u007fabc", "\u00e9abc"})
    void checkFields_inferenceIdStartingWithControlOrNonAscii_rejected(String id) {
        rejected(with(b -> b.inferenceId(id)), "inferenceId");
    }

    @Test
    void checkFields_targetModelOver1024OrLeadingSpace_rejected() {
        assertThatCode(() -> check(with(b -> b.targetModel("m".repeat(1024))))).doesNotThrowAnyException();
        rejected(with(b -> b.targetModel("m".repeat(1025))), "targetModel");
        rejected(with(b -> b.targetModel(" model")), "targetModel");
    }

    @Test
    void checkFields_targetVariantOver63_rejected() {
        assertThatCode(() -> check(with(b -> b.targetVariant("v".repeat(63))))).doesNotThrowAnyException();
        rejected(with(b -> b.targetVariant("v".repeat(64))), "targetVariant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-abc", "abc-", "a_b", "a.b", ""})
    void checkFields_targetContainerHostnameBadPattern_rejected(String host) {
        rejected(with(b -> b.targetContainerHostname(host)), "targetContainerHostname");
    }

    @Test
    void checkFields_targetContainerHostnameOver63_rejected() {
        assertThatCode(() -> check(with(b -> b.targetContainerHostname("a--b" + "c".repeat(59)))))
                .doesNotThrowAnyException();
        rejected(with(b -> b.targetContainerHostname("c".repeat(64))), "targetContainerHostname");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-ic", "ic-", "ic_1", "ic.1"})
    void checkFields_inferenceComponentNameBadPattern_rejected(String name) {
        rejected(with(b -> b.inferenceComponentName(name)), "inferenceComponentName");
    }

    @Test
    void checkFields_inferenceComponentNameOver63_rejected() {
        assertThatCode(() -> check(with(b -> b.inferenceComponentName("a-" + "b".repeat(61)))))
                .doesNotThrowAnyException();
        rejected(with(b -> b.inferenceComponentName("b".repeat(64))), "inferenceComponentName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NEW_SESSION_X", "new_session", "-s", "s-", "s_1"})
    void checkFields_sessionIdBadPattern_rejected(String id) {
        rejected(with(b -> b.sessionId(id)), "sessionId");
    }

    @Test
    void checkFields_sessionIdOver256_rejected() {
        assertThatCode(() -> check(with(b -> b.sessionId("s".repeat(256))))).doesNotThrowAnyException();
        rejected(with(b -> b.sessionId("s".repeat(257))), "sessionId");
    }

    @Test
    void checkFields_enableExplanationsEmptyTooLongOrUnprintable_rejected() {
        assertThatCode(() -> check(with(b -> b.enableExplanations("e".repeat(64))))).doesNotThrowAnyException();
        rejected(with(b -> b.enableExplanations("e".repeat(65))), "enableExplanations");
        rejected(with(b -> b.enableExplanations("")), "enableExplanations");
        rejected(with(b -> b.enableExplanations("`true`\n")), "enableExplanations");
    }

    @Test
    void checkFields_idempotencyKeyOver128_rejected() {
        assertThatCode(() -> check(with(b -> b.idempotencyKey("k".repeat(128))))).doesNotThrowAnyException();
        rejected(with(b -> b.idempotencyKey("k".repeat(129))), "idempotencyKey");
    }

    @Test
    void checkFields_longRejectedValue_abbreviatedInMessage() {
        InvalidRequestException e = rejected(with(b -> b.targetModel(" " + "m".repeat(2000))), "targetModel");
        assertThat(e.getMessage().length()).isLessThan(400);
    }

    @Test
    void checkFields_streamWithTargetModelOrExplanations_rejected() {
        InvalidRequestException e = rejected(with(b -> b.targetModel("m1")), Operation.STREAM, "targetModel");
        assertThat(e.getMessage()).contains("predict()");
        rejected(with(b -> b.enableExplanations("`true`")), Operation.STREAM, "enableExplanations");
        assertThatCode(() -> RequestValidator.checkFields(with(b -> b.targetModel("m1").enableExplanations("`true`")),
                InvocationMode.REAL_TIME, Operation.INVOKE)).doesNotThrowAnyException();
        assertThatCode(() -> RequestValidator.checkFields(with(b -> b.targetVariant("v").sessionId("NEW_SESSION")),
                InvocationMode.REAL_TIME, Operation.STREAM)).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ model time

    @Test
    void modelTime_absent_modeDefault() {
        assertThat(RequestValidator.modelTime(with(b -> b), REAL_TIME)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RequestValidator.modelTime(with(b -> b), ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT)))
                .isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void modelTime_withinLimits_returned() {
        assertThat(RequestValidator.modelTime(with(b -> b.modelTimeout(Duration.ofSeconds(60))), REAL_TIME))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(RequestValidator.modelTime(with(b -> b.modelTimeout(Duration.ofSeconds(1))), REAL_TIME))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(value = InvocationMode.class, names = {"REAL_TIME", "SERVERLESS"})
    void modelTime_aboveMaxInSyncMode_rejectedSuggestingAsyncEndpoint(InvocationMode mode) {
        InferenceRequest r = with(b -> b.modelTimeout(Duration.ofSeconds(61)));
        assertThatThrownBy(() -> RequestValidator.modelTime(r, ModeLimits.defaults(mode)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("modelTimeout").hasMessageContaining("PT1M1S").hasMessageContaining("60 s")
                .hasMessageContaining("asynchronous endpoint");
    }

    @Test
    void modelTime_aboveMaxInAsyncMode_rejectedWithoutSuggestingAsync() {
        InferenceRequest r = with(b -> b.modelTimeout(Duration.ofSeconds(3601)));
        assertThatThrownBy(() -> RequestValidator.modelTime(r, ModeLimits.defaults(InvocationMode.ASYNC_ENDPOINT)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("3600 s")
                .hasMessageNotContaining("use an asynchronous endpoint");
    }

    @Test
    void modelTime_belowMin_rejected() {
        InferenceRequest r = with(b -> b.modelTimeout(Duration.ofMillis(500)));
        assertThatThrownBy(() -> RequestValidator.modelTime(r, REAL_TIME)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("modelTimeout").hasMessageContaining("at least 1 s");
    }

    // ------------------------------------------------------------------ body and limits

    @Test
    void syncBody_bytesExactlyAtLimit_accepted() {
        byte[] body = new byte[(int) REAL_TIME.maxRequestBytes()];
        assertThat(RequestValidator.syncBody(Payload.ofBytes(body), REAL_TIME)).hasSize(6_291_456);
    }

    @Test
    void syncBody_bytesOneOverLimit_payloadTooLargeWithSizeAndLimit() {
        byte[] body = new byte[(int) REAL_TIME.maxRequestBytes() + 1];
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofBytes(body), REAL_TIME))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("6291457").hasMessageContaining("6291456")
                .hasMessageContaining("asynchronous endpoint")
                .satisfies(e -> {
                    PayloadTooLargeException p = (PayloadTooLargeException) e;
                    assertThat(p.size()).isEqualTo(6_291_457L);
                    assertThat(p.limit()).isEqualTo(6_291_456L);
                    assertThat(p.mode()).isEqualTo(InvocationMode.REAL_TIME);
                });
    }

    @Test
    void syncBody_serverlessOneOverStrictLimit_rejected() {
        ModeLimits serverless = ModeLimits.defaults(InvocationMode.SERVERLESS);
        assertThat(RequestValidator.syncBody(Payload.ofBytes(new byte[4_000_000]), serverless)).hasSize(4_000_000);
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofBytes(new byte[4_000_001]), serverless))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("4000000");
    }

    @Test
    void syncBody_fileAtAndOverLimit() throws IOException {
        Path atLimit = Files.write(dir.resolve("at.bin"), new byte[100]);
        Path over = Files.write(dir.resolve("over.bin"), new byte[101]);
        assertThat(RequestValidator.syncBody(Payload.ofFile(atLimit), SMALL)).hasSize(100);
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofFile(over), SMALL))
                .isInstanceOf(PayloadTooLargeException.class)
                .satisfies(e -> assertThat(((PayloadTooLargeException) e).size()).isEqualTo(101));
    }

    @Test
    void syncBody_knownLengthStreamAtLimit_accepted() {
        byte[] bytes = new byte[100];
        bytes[99] = 7;
        assertThat(RequestValidator.syncBody(Payload.ofStream(new ByteArrayInputStream(bytes), 100), SMALL))
                .isEqualTo(bytes);
    }

    @Test
    void syncBody_knownLengthStreamOverLimit_rejectedBeforeReading() {
        AtomicBoolean read = new AtomicBoolean();
        InputStream in = new InputStream() {
            @Override
            public int read() {
                read.set(true);
                return -1;
            }
        };
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofStream(in, 101), SMALL))
                .isInstanceOf(PayloadTooLargeException.class)
                .satisfies(e -> assertThat(((PayloadTooLargeException) e).size()).isEqualTo(101));
        assertThat(read).isFalse();
    }

    @Test
    void syncBody_unknownLengthStreamAtLimit_accepted() {
        assertThat(RequestValidator.syncBody(Payload.ofStream(new ByteArrayInputStream(new byte[100])), SMALL))
                .hasSize(100);
    }

    @Test
    void syncBody_unknownLengthStreamOneOver_payloadTooLargeWithSizeAndLimit() {
        assertThatThrownBy(() -> RequestValidator.syncBody(
                Payload.ofStream(new ByteArrayInputStream(new byte[101])), SMALL))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("101").hasMessageContaining("100")
                .satisfies(e -> {
                    PayloadTooLargeException p = (PayloadTooLargeException) e;
                    assertThat(p.size()).isEqualTo(101);
                    assertThat(p.limit()).isEqualTo(100);
                });
    }

    @Test
    void syncBody_unknownLengthStreamFarOverLimit_stopsReadingSoonAfterTheLimit() {
        long[] served = new long[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, 1000);
                served[0] += n;
                return n;
            }
        };
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofStream(endless), SMALL))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThat(served[0]).isLessThan(100_000);
    }

    @Test
    void syncBody_streamShorterThanDeclared_rejectedNamingLength() {
        assertThatThrownBy(() -> RequestValidator.syncBody(
                Payload.ofStream(new ByteArrayInputStream(new byte[10]), 20), SMALL))
                .isInstanceOf(InvalidRequestException.class).isNotInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("10").hasMessageContaining("20")
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("payload.length"));
    }

    @Test
    void syncBody_streamLongerThanDeclared_rejectedNamingLength() {
        assertThatThrownBy(() -> RequestValidator.syncBody(
                Payload.ofStream(new ByteArrayInputStream(new byte[30]), 20), SMALL))
                .isInstanceOf(InvalidRequestException.class).isNotInstanceOf(PayloadTooLargeException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("payload.length"));
    }

    @Test
    void syncBody_stream_closedAfterReading() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(new byte[5]) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        RequestValidator.syncBody(Payload.ofStream(in, 5), SMALL);
        assertThat(closed).isTrue();
    }

    @Test
    void syncBody_streamReadFails_invalidRequestWithCause() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofStream(broken), SMALL))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("disk gone")
                .hasCauseInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(value = InvocationMode.class, names = {"REAL_TIME", "SERVERLESS"})
    void syncBody_locationPayloadInSyncMode_rejected(InvocationMode mode) {
        assertThatThrownBy(() -> RequestValidator.syncBody(Payload.ofLocation("s3://bucket/key"),
                ModeLimits.defaults(mode)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("s3://bucket/key")
                .hasMessageContaining(mode.name())
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("payload"));
    }

    @Test
    void inferenceId_generatedOnlyWhenAbsentAndAsked() {
        assertThat(RequestValidator.inferenceId(with(b -> b.inferenceId("mine")), true)).isEqualTo("mine");
        assertThat(RequestValidator.inferenceId(with(b -> b), false)).isNull();
        String generated = RequestValidator.inferenceId(with(b -> b), true);
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThatCode(() -> check(with(b -> b.inferenceId(generated)))).doesNotThrowAnyException();
    }

    @Test
    void tooLarge_fixDependsOnMode() {
        assertThat(RequestValidator.tooLarge(10, 5, InvocationMode.ASYNC_ENDPOINT).getMessage())
                .contains("batch transform");
        assertThat(RequestValidator.tooLarge(10, 5, InvocationMode.BATCH).getMessage()).contains("split");
    }
}
