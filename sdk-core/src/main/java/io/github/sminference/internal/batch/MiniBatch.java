package io.github.sminference.internal.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One request of a batch transform: consecutive records of one source and the body sent to the model.
 *
 * <p>For {@code SplitType} LINE the payload is each record followed by {@code \n} (MultiRecord concatenates
 * them; SingleRecord sends one record and its {@code \n}); for NONE it is the record's bytes as they are.
 *
 * <p>The arrays are shared, not copied (an internal value on a hot path): nobody may modify them. Equality
 * compares contents; {@code toString()} shows sizes only, never data.
 *
 * @param firstIndex the dataset-wide index of the first record, from 0
 * @param records the records, in input order; never empty
 * @param payload the request body
 */
public record MiniBatch(long firstIndex, List<byte[]> records, byte[] payload) {

    /**
     * Checks and copies the list (not the arrays).
     *
     * @param firstIndex the dataset-wide index of the first record, from 0
     * @param records the records, at least one
     * @param payload the request body
     * @throws IllegalArgumentException if there is no record or the index is negative
     */
    public MiniBatch {
        Objects.requireNonNull(payload, "payload");
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a mini-batch holds at least one record");
        }
        if (firstIndex < 0) {
            throw new IllegalArgumentException("firstIndex must be >= 0, was " + firstIndex);
        }
    }

    /**
     * How many records the batch holds.
     *
     * @return at least 1
     */
    public int size() {
        return records.size();
    }

    /**
     * The dataset-wide index of the last record.
     *
     * @return {@code firstIndex() + size() - 1}
     */
    public long lastIndex() {
        return firstIndex + records.size() - 1;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MiniBatch)) {
            return false;
        }
        MiniBatch b = (MiniBatch) o;
        if (firstIndex != b.firstIndex || records.size() != b.records.size() || !Arrays.equals(payload, b.payload)) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            if (!Arrays.equals(records.get(i), b.records.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(firstIndex);
        for (byte[] r : records) {
            h = 31 * h + Arrays.hashCode(r);
        }
        return 31 * h + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "MiniBatch[records " + firstIndex + ".." + lastIndex() + ", " + payload.length + " bytes]";
    }
}
