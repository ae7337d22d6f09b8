package io.github.sminference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InferenceIdsTest {

    @Test
    void next_isTheCanonicalFormOfAVersion4IetfVariantUuid() {
        for (int i = 0; i < 1_000; i++) {
            String id = InferenceIds.next();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(u.toString()).isEqualTo(id);
        }
    }

    @Test
    void next_fromManyThreadsAtOnce_neverRepeats() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int threads = 16;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        seen.add(InferenceIds.next());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(threads * each);
    }

    @Test
    void inferenceId_keepsTheCallersIdAndGeneratesOnlyWhenAsked() {
        InferenceRequest withId = InferenceRequest.builder().payload(io.github.sminference.Payload.ofString("x"))
                .contentType("text/plain").inferenceId("mine-1").build();
        InferenceRequest without = InferenceRequest.of("x", "text/plain");
        assertThat(RequestValidator.inferenceId(withId, true)).isEqualTo("mine-1");
        assertThat(RequestValidator.inferenceId(without, false)).isNull();
        assertThat(RequestValidator.inferenceId(without, true)).isNotEqualTo(RequestValidator.inferenceId(without,
                true)).hasSize(36);
    }
}
