package io.github.sminference.examples.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Synthetic loan applicants from the population {@link CreditModel} trains on, as payloads for the examples: CSV with
 * one applicant per line, fields in {@link #featureNames()} order, no header, {@code \n} line endings (what SageMaker
 * batch transform sends a model container), or as arrays.
 *
 * <p>The same seed always gives the same applicants; {@code applicants(n, seed)} are the applicants {@code
 * CreditModel.train(seed, n)} trains on. Values are written with the precision they are drawn with (income to
 * 0.1 k$, debt-to-income to 0.001, the rest whole numbers), so parsing the CSV gives back exactly {@link
 * #applicants(int, long)}. Writing is fast: 100,000 rows take a few tens of milliseconds.
 *
 * <p>All methods are static and thread-safe.
 */
public final class CreditDataset {
    private static final int CHUNK_BYTES = 64 * 1024;

    private CreditDataset() {
    }

    /**
     * The fields of each row, in order; the same as {@link CreditModel#featureNames()}.
     *
     * @return an unmodifiable list of six names
     */
    public static List<String> featureNames() {
        return Applicants.FEATURE_NAMES;
    }

    /**
     * Draws applicants as arrays, for JSON payloads or direct calls to {@link CreditModel#score(double[])}.
     *
     * @param rows how many, at least 0
     * @param seed the seed
     * @return a new array of {@code rows} rows of six features; the caller owns it
     * @throws IllegalArgumentException if {@code rows} is negative
     */
    public static double[][] applicants(int rows, long seed) {
        requireRows(rows);
        Applicants applicants = new Applicants(seed);
        double[][] out = new double[rows][Applicants.FEATURES];
        for (double[] row : out) {
            applicants.next(row);
        }
        return out;
    }

    /**
     * Draws applicants as CSV text: a small payload for a real-time request.
     *
     * @param rows how many lines, at least 0
     * @param seed the seed
     * @return {@code rows} lines, each ending in {@code \n}
     * @throws IllegalArgumentException if {@code rows} is negative
     */
    public static String csvRows(int rows, long seed) {
        requireRows(rows);
        Applicants applicants = new Applicants(seed);
        double[] row = new double[Applicants.FEATURES];
        ByteBuilder out = new ByteBuilder((int) Math.min(rows * 32L + 16, 1 << 20));
        for (int i = 0; i < rows; i++) {
            applicants.next(row);
            Applicants.appendCsv(out, row);
        }
        return out.toString();
    }

    /**
     * Writes applicants to a CSV file, replacing it if it exists: an input for batch transform.
     *
     * @param file the file to write
     * @param rows how many lines, at least 0
     * @param seed the seed
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code rows} is negative
     */
    public static void writeCsv(Path file, int rows, long seed) throws IOException {
        requireRows(rows);
        try (OutputStream out = Files.newOutputStream(file)) {
            Applicants applicants = new Applicants(seed);
            double[] row = new double[Applicants.FEATURES];
            ByteBuilder chunk = new ByteBuilder(CHUNK_BYTES + 64);
            for (int i = 0; i < rows; i++) {
                applicants.next(row);
                Applicants.appendCsv(chunk, row);
                if (chunk.length() >= CHUNK_BYTES) {
                    chunk.writeTo(out);
                    chunk.clear();
                }
            }
            chunk.writeTo(out);
        }
    }

    /**
     * Writes as many whole CSV rows as fit in {@code maxBytes}: a payload of a chosen size, such as the tens of
     * megabytes an asynchronous endpoint takes. The payload falls short of {@code maxBytes} by less than one row
     * (about 30 bytes). The stream is neither flushed nor closed.
     *
     * @param out where to write
     * @param maxBytes the most bytes to write, at least 0
     * @param seed the seed
     * @return the number of rows written
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public static long writeCsvUpTo(OutputStream out, long maxBytes, long seed) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be at least 0 but was " + maxBytes);
        }
        Applicants applicants = new Applicants(seed);
        double[] row = new double[Applicants.FEATURES];
        ByteBuilder chunk = new ByteBuilder(CHUNK_BYTES + 64);
        long flushed = 0;
        long rows = 0;
        while (true) {
            int before = chunk.length();
            applicants.next(row);
            Applicants.appendCsv(chunk, row);
            if (flushed + chunk.length() > maxBytes) {
                chunk.setLength(before);
                break;
            }
            rows++;
            if (chunk.length() >= CHUNK_BYTES) {
                chunk.writeTo(out);
                flushed += chunk.length();
                chunk.clear();
            }
        }
        chunk.writeTo(out);
        return rows;
    }

    private static void requireRows(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be at least 0 but was " + rows);
        }
    }
}
