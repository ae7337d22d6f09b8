package io.github.sminference;

/**
 * A handle on a dataset being scored with {@link InferenceClient#score(Dataset)}: a transform job on batch, or a
 * fan-out of the records over the endpoint on the other modes. Either way the results are read the same way, in
 * input order, through {@link #records()}.
 *
 * <p>Thread-safe.
 */
public interface ScoringJob extends Job<ScoringSummary> {

    /**
     * The scored records in input order, each paired with its input record. Can be opened once; records stream in
     * as they become available, with bounded memory.
     *
     * @return the records, which the caller closes
     * @throws IllegalStateException if the records were already opened
     */
    RecordStream records();
}
