package io.github.sminference;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link ScoringJob} ended: record counts and where the outputs are. Immutable and thread-safe.
 *
 * @param recordsTotal records in the dataset, or -1 when unknown (a transform job on AWS reports no record counts:
 *     read the records to count them)
 * @param recordsSucceeded records with an output, or -1 when unknown (as for {@code recordsTotal})
 * @param recordsFailed records that failed (only when per-record errors were requested)
 * @param outputLocations where outputs were written ({@code <input>.out} objects or files), in input order; empty
 *     for fan-out over endpoints, whose outputs exist only in the record stream
 */
public record ScoringSummary(long recordsTotal, long recordsSucceeded, long recordsFailed,
        List<String> outputLocations) {

    /**
     * Validates and copies.
     *
     * @param recordsTotal records in the dataset
     * @param recordsSucceeded records with an output
     * @param recordsFailed records that failed
     * @param outputLocations where outputs were written
     */
    public ScoringSummary {
        outputLocations = List.copyOf(Objects.requireNonNull(outputLocations, "outputLocations"));
    }
}
