package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.testsupport.MotoExtension.ResetMode;
import io.github.sminference.testsupport.MotoServer.RealTimeResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** A dedicated server per test class, shared with its {@link Nested} classes, which do not reset it. */
class MotoExtensionDedicatedTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.dedicated(ResetMode.BEFORE_ALL);

    @BeforeAll
    static void queueResultAfterTheClassReset(MotoServer moto) {
        moto.queueRealTimeResults(RealTimeResult.of("queued-once", "text/plain"));
    }

    @Test
    void server_dedicated_isRunningAndNotTheSharedOne(MotoServer moto) {
        assertThat(moto.isRunning()).isTrue();
        assertThat(moto).isSameAs(MOTO.server());
        assertThat(MotoServer.shared()).isNotSameAs(moto);
    }

    @Nested
    class NestedClass {

        @Test
        void invoke_nestedClassStarted_queuedResultSurvivesBecauseNestedClassesDoNotReset(MotoServer moto) {
            assertThat(moto).isSameAs(MOTO.server());
            try (SageMakerRuntimeClient runtime = AwsClients.runtime(moto.endpoint())) {
                String body = runtime.invokeEndpoint(r -> r.endpointName("ep").contentType("text/plain")
                        .body(SdkBytes.fromUtf8String("nested"))).body().asUtf8String();

                assertThat(body).isEqualTo("queued-once");
            }
        }
    }
}
