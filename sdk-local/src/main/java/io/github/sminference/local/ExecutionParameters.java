package io.github.sminference.local;

import io.github.sminference.ScoringOptions;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model container's batch defaults, from {@code GET /execution-parameters}: used by batch transform when the job
 * does not set them.
 *
 * @param maxConcurrentTransforms {@code MaxConcurrentTransforms}, or {@code null}
 * @param batchStrategy {@code BatchStrategy}, or {@code null}
 * @param maxPayloadInMb {@code MaxPayloadInMB}, or {@code null}
 */
public record ExecutionParameters(Integer maxConcurrentTransforms, ScoringOptions.BatchStrategy batchStrategy,
        Integer maxPayloadInMb) {

    /**
     * The concurrency.
     *
     * @return the value, or empty
     */
    public OptionalInt concurrency() {
        return maxConcurrentTransforms == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrentTransforms);
    }

    /**
     * The strategy.
     *
     * @return the value, or empty
     */
    public Optional<ScoringOptions.BatchStrategy> strategy() {
        return Optional.ofNullable(batchStrategy);
    }

    /**
     * The payload limit in MB.
     *
     * @return the value, or empty
     */
    public OptionalInt payloadInMb() {
        return maxPayloadInMb == null ? OptionalInt.empty() : OptionalInt.of(maxPayloadInMb);
    }
}
