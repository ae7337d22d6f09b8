package io.github.sminference.examples.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The payload formats the model server speaks, each able to read rows of features as they arrive and to write one
 * probability per row.
 *
 * <ul>
 *   <li>{@code text/csv}: one applicant per line, fields separated by commas, no header; answers one probability per
 *       line.</li>
 *   <li>{@code application/json}: {@code {"instances": [[f1, ...], ...]}}; answers {@code {"predictions":[p1,...]}}.</li>
 *   <li>{@code application/jsonlines}: one JSON array of features per line; answers one JSON number per line.</li>
 * </ul>
 *
 * <p>Probabilities are written with six decimals. In the line formats, lines may end in {@code \n} or {@code \r\n}
 * and trailing blank lines are ignored; a blank line followed by more rows is an error.
 */
enum PayloadFormat {
    CSV("text/csv") {
        @Override
        void read(InputStream in, List<String> names, double[] row, RowSink sink)
                throws IOException, MalformedRequestException {
            readLines(in, lines -> {
                parseCsvRow(lines.buffer(), lines.start(), lines.end(), lines.lineNumber(), names, row);
                sink.accept(row);
            });
        }

        @Override
        void writeScore(ByteBuilder out, long index, double probability) {
            out.appendFixed(probability, DECIMALS).append((byte) '\n');
        }
    },

    JSON("application/json") {
        @Override
        void read(InputStream in, List<String> names, double[] row, RowSink sink)
                throws IOException, MalformedRequestException {
            JsonReader.streaming(in).readInstancesBody(names, row, sink);
        }

        @Override
        void writeStart(ByteBuilder out) {
            out.appendAscii("{\"predictions\":[");
        }

        @Override
        void writeScore(ByteBuilder out, long index, double probability) {
            if (index > 0) {
                out.append((byte) ',');
            }
            out.appendFixed(probability, DECIMALS);
        }

        @Override
        void writeEnd(ByteBuilder out) {
            out.appendAscii("]}");
        }
    },

    JSON_LINES("application/jsonlines") {
        @Override
        void read(InputStream in, List<String> names, double[] row, RowSink sink)
                throws IOException, MalformedRequestException {
            readLines(in, lines -> {
                JsonReader.window(lines.buffer(), lines.start(), lines.end(), lines.lineNumber())
                        .readWholeInstance(names, row);
                sink.accept(row);
            });
        }

        @Override
        void writeScore(ByteBuilder out, long index, double probability) {
            out.appendFixed(probability, DECIMALS).append((byte) '\n');
        }
    };

    /** Digits after the decimal point of every probability written. */
    static final int DECIMALS = 6;
    /** Longest line (row) accepted, in bytes; a row of six numbers is a few dozen. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_QUOTED_BYTES = 40;

    private final String mediaType;

    PayloadFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type, without parameters: what the server answers in {@code Content-Type}. */
    String mediaType() {
        return mediaType;
    }

    /**
     * Reads the rows of a request body as they arrive, handing each to {@code sink} in order.
     *
     * @param names the feature names, in order
     * @param row scratch of {@code names.size()} elements, overwritten with each row and passed to {@code sink}
     * @throws MalformedRequestException at the first row that cannot be scored, naming it
     */
    abstract void read(InputStream in, List<String> names, double[] row, RowSink sink)
            throws IOException, MalformedRequestException;

    /** Writes what comes before the first score. */
    void writeStart(ByteBuilder out) {
    }

    /** Writes the score of the row at 0-based {@code index}. */
    abstract void writeScore(ByteBuilder out, long index, double probability);

    /** Writes what comes after the last score. */
    void writeEnd(ByteBuilder out) {
    }

    /**
     * The format of a {@code Content-Type} header value, ignoring parameters and case.
     *
     * @return the format, or {@code null} if the header is missing or names another type
     */
    static PayloadFormat forContentType(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        for (PayloadFormat f : values()) {
            if (f.mediaType.equals(type)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The format to answer in: the supported type the {@code Accept} header prefers most (by {@code q}, then by
     * order), else {@code requestFormat} (also for a missing header or wildcards).
     */
    static PayloadFormat negotiate(String accept, PayloadFormat requestFormat) {
        if (accept == null) {
            return requestFormat;
        }
        PayloadFormat best = null;
        double bestQ = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            PayloadFormat f = forContentType(parts[0]);
            if (f == null) {
                continue;
            }
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;   // an unreadable weight excludes the range, as a weight of 0 would
                    }
                }
            }
            if (q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return best != null ? best : requestFormat;
    }

    /** A short, printable rendering of request bytes for an error message: at most 40 bytes, in quotes. */
    static String quote(byte[] bytes, int from, int to) {
        int end = Math.min(to, from + MAX_QUOTED_BYTES);
        String text = new String(bytes, from, end - from, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(text.length() + 5).append('"');
        text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.append(end < to ? "...\"" : "\"").toString();
    }

    /** Parses one CSV row into {@code row}, checking its field count and every value (count first). */
    static void parseCsvRow(byte[] b, int start, int end, long rowNumber, List<String> names, double[] row)
            throws MalformedRequestException {
        int field = 0;
        int fieldStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || b[i] == ',') {
                if (field == row.length) {
                    throw wrongFieldCount(b, start, end, rowNumber, names);
                }
                double v = DecimalParser.parse(b, fieldStart, i);
                if (!Double.isFinite(v)) {
                    if (countFields(b, start, end) != row.length) {
                        throw wrongFieldCount(b, start, end, rowNumber, names);
                    }
                    throw new MalformedRequestException(400, "row " + rowNumber + ", field " + (field + 1) + " ("
                            + names.get(field) + "): " + quote(b, fieldStart, i)
                            + (Double.isNaN(v) ? " is not a number" : " is out of range"));
                }
                row[field++] = v;
                fieldStart = i + 1;
            }
        }
        if (field != row.length) {
            throw wrongFieldCount(b, start, end, rowNumber, names);
        }
    }

    private static MalformedRequestException wrongFieldCount(byte[] b, int start, int end, long rowNumber,
            List<String> names) {
        return new MalformedRequestException(400, "row " + rowNumber + ": expected " + names.size() + " fields ("
                + String.join(",", names) + ") but found " + countFields(b, start, end));
    }

    private static int countFields(byte[] b, int start, int end) {
        int fields = 1;
        for (int i = start; i < end; i++) {
            if (b[i] == ',') {
                fields++;
            }
        }
        return fields;
    }

    /** Hands each non-blank line to {@code handler}, failing on a blank line that more rows follow. */
    private static void readLines(InputStream in, LineHandler handler) throws IOException, MalformedRequestException {
        LineReader lines = new LineReader(in, READ_BUFFER_BYTES, MAX_LINE_BYTES);
        long firstBlank = 0;
        while (lines.next()) {
            if (lines.isBlank()) {
                if (firstBlank == 0) {
                    firstBlank = lines.lineNumber();
                }
            } else if (firstBlank != 0) {
                throw new MalformedRequestException(400, "row " + firstBlank + " is empty (only trailing blank lines"
                        + " are ignored)");
            } else {
                handler.line(lines);
            }
        }
    }

    /** Receives the rows of a request, one at a time; the array is reused for the next row. */
    @FunctionalInterface
    interface RowSink {
        void accept(double[] row);
    }

    @FunctionalInterface
    private interface LineHandler {
        void line(LineReader lines) throws IOException, MalformedRequestException;
    }
}
