package io.github.sminference.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.reliability.badinput.BadInputRig.Target;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The longest budgets a caller can write ({@code Duration.ofSeconds(Long.MAX_VALUE)} as the request's timeout and as
 * the client's total and attempt timeouts) count as {@link TimeoutPolicy#MAX_BUDGET} on every mode: the call runs,
 * and no deadline or timer overflows. Before the cap, such a request failed with an untyped
 * {@code ArithmeticException} on asynchronous endpoints and batch after it had staged its payload and invoked the
 * endpoint or created the transform job, and a client with such an attempt timeout could not send anything.
 */
class HugeBudgetTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_ALL);
    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

    @TempDir
    static Path work;
    private static BadInputRig rig;

    @BeforeAll
    static void setUp(MotoServer moto) {
        rig = new BadInputRig(moto, work);
        // the asynchronous endpoint's answer points at this object: the request completes at the first poll
        rig.inspectS3.putObject(p -> p.bucket(BadInputRig.OUTPUT_BUCKET).key("async/out.out"),
                RequestBody.fromString("ok"));
    }

    @AfterAll
    static void tearDown() {
        rig.close();
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void longestTimeouts_countAsACentury_andTheCallRunsWithoutOverflow(Target t) throws Exception {
        InferenceRequest request = InferenceRequest.builder().body("1,2,3").contentType("text/csv").timeout(LONGEST)
                .build();
        assertThat(request.timeout()).contains(TimeoutPolicy.MAX_BUDGET);
        TimeoutPolicy longest = TimeoutPolicy.builder().totalTimeout(LONGEST).attemptTimeout(LONGEST)
                .attemptMargin(LONGEST).build();
        assertThat(longest.totalTimeout()).isEqualTo(TimeoutPolicy.MAX_BUDGET);
        assertThat(longest.attemptTimeout()).contains(TimeoutPolicy.MAX_BUDGET);
        try (InferenceClient c = rig.build(t, b -> b.timeouts(longest))) {
            CompletableFuture<InferenceResult> f = c.predictAsync(request);
            Object outcome = f.handle((r, e) -> r != null ? (Object) r : e).get(60, TimeUnit.SECONDS);
            check(t, "predictAsync", outcome);
            Object blocking;
            try {
                blocking = c.predict(request);
            } catch (RuntimeException e) {
                blocking = e;
            }
            check(t, "predict", blocking);
        }
    }

    private static void check(Target t, String call, Object outcome) {
        for (Throwable x = outcome instanceof Throwable ? (Throwable) outcome : null; x != null; x = x.getCause()) {
            assertThat(x).as(t.label() + " " + call).isNotInstanceOf(ArithmeticException.class);
        }
        if (t == Target.AWS_BATCH) {
            // moto completes the job at once but writes no output: a typed failure, never an overflow
            assertThat(outcome).as(t.label() + " " + call).isInstanceOfAny(InferenceResult.class,
                    InferenceException.class);
            return;
        }
        assertThat(outcome).as(t.label() + " " + call + ": %s", outcome).isInstanceOf(InferenceResult.class);
        assertThat(((InferenceResult) outcome).text()).isEqualTo("ok");
    }
}
