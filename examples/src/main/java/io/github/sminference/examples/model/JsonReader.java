package io.github.sminference.examples.model;

import io.github.sminference.examples.model.PayloadFormat.RowSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the JSON the model accepts, streaming, one instance at a time: a body {@code {"instances": [...]}} (other
 * members are skipped; a bare top-level array is accepted too) or, for JSON Lines, one instance per line. An instance
 * is an array of numbers, {@code [52.0, 0.31, 7, 4, 1, 38]}, or an object with one, {@code {"features": [...]}}, as
 * SageMaker's built-in algorithms use.
 *
 * <p>Only what the model needs is decoded; skipped values are checked for structure, not fully validated. Not
 * thread-safe.
 */
final class JsonReader {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_CHARS = 64;

    private final InputStream in;       // null when reading a fixed window
    private final long lineNumber;      // of the window (a JSON Lines row), else 0
    private final byte[] buf;
    private int pos;
    private int limit;
    private long offsetOfBuffer;        // stream offset of buf[0], for error messages
    private final byte[] number = new byte[MAX_NUMBER_CHARS];
    private int numberLength;

    private JsonReader(InputStream in, long lineNumber, byte[] buf, int pos, int limit) {
        this.in = in;
        this.lineNumber = lineNumber;
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.offsetOfBuffer = -pos;
    }

    /** A reader of a whole JSON body, pulling from {@code in} as needed. */
    static JsonReader streaming(InputStream in) {
        return new JsonReader(in, 0, new byte[64 * 1024], 0, 0);
    }

    /**
     * A reader of the bytes {@code [from, to)} of {@code bytes}, which it does not copy: one JSON Lines row.
     *
     * @param lineNumber the 1-based row number, for messages
     */
    static JsonReader window(byte[] bytes, int from, int to, long lineNumber) {
        return new JsonReader(null, lineNumber, bytes, from, to);
    }

    /**
     * Reads a whole body: {@code {"instances": [...]}} or a bare array of instances, and nothing after it.
     *
     * @param names the feature names, in order: instances must have exactly this many numbers
     * @param row scratch for one instance, {@code names.size()} long, passed to {@code sink} for each
     * @param sink receives each instance, in order
     */
    void readInstancesBody(List<String> names, double[] row, RowSink sink)
            throws IOException, MalformedRequestException {
        int c = peek();
        boolean found = false;
        if (c == '[') {
            readInstanceArray(names, row, sink);
            found = true;
        } else if (c == '{') {
            pos++;
            if (peek() == '}') {
                pos++;
            } else {
                do {
                    String key = readKey();
                    if (key.equals("instances") && !found) {
                        if (peek() != '[') {
                            throw syntax("\"instances\" must be an array");
                        }
                        readInstanceArray(names, row, sink);
                        found = true;
                    } else {
                        skipValue(1);
                    }
                } while (endOfMember('}'));
            }
        } else {
            throw syntax("expected an object with \"instances\"");
        }
        if (peek() != -1) {
            throw syntax("expected the end of the body");
        }
        if (!found) {
            throw new MalformedRequestException(400, "the JSON body has no \"instances\" array; send "
                    + "{\"instances\": [[" + String.join(", ", names) + "], ...]}");
        }
    }

    /** Reads one instance that fills the whole window (a JSON Lines row). */
    void readWholeInstance(List<String> names, double[] row) throws IOException, MalformedRequestException {
        readInstance(names, lineNumber, row);
        if (peek() != -1) {
            throw syntax("expected the end of the line");
        }
    }

    private void readInstanceArray(List<String> names, double[] row, RowSink sink)
            throws IOException, MalformedRequestException {
        pos++;   // '['
        if (peek() == ']') {
            pos++;
            return;
        }
        long rowNumber = 0;
        do {
            readInstance(names, ++rowNumber, row);
            sink.accept(row);
        } while (endOfMember(']'));
    }

    private void readInstance(List<String> names, long rowNumber, double[] row)
            throws IOException, MalformedRequestException {
        int c = peek();
        if (c == '[') {
            readFeatures(names, rowNumber, row);
        } else if (c == '{') {
            pos++;
            boolean found = false;
            if (peek() == '}') {
                pos++;
            } else {
                do {
                    String key = readKey();
                    if (key.equals("features") && !found && peek() == '[') {
                        readFeatures(names, rowNumber, row);
                        found = true;
                    } else {
                        skipValue(2);
                    }
                } while (endOfMember('}'));
            }
            if (!found) {
                throw new MalformedRequestException(400, "row " + rowNumber + ": the object has no \"features\""
                        + " array");
            }
        } else {
            throw new MalformedRequestException(400, "row " + rowNumber + ": expected an array of "
                    + names.size() + " numbers but found " + describeNext());
        }
    }

    private void readFeatures(List<String> names, long rowNumber, double[] row)
            throws IOException, MalformedRequestException {
        pos++;   // '['
        int count = 0;
        if (peek() == ']') {
            pos++;
        } else {
            do {
                int c = peek();
                if (c == '-' || (c >= '0' && c <= '9')) {
                    readNumberToken();
                    double v = DecimalParser.parse(number, 0, numberLength);
                    if (count < row.length) {
                        String field = "row " + rowNumber + ", feature " + (count + 1) + " (" + names.get(count) + ")";
                        if (Double.isNaN(v)) {
                            throw new MalformedRequestException(400, field + ": "
                                    + PayloadFormat.quote(number, 0, numberLength) + " is not a number");
                        }
                        if (Double.isInfinite(v)) {
                            throw new MalformedRequestException(400, field + ": "
                                    + PayloadFormat.quote(number, 0, numberLength) + " is out of range");
                        }
                        row[count] = v;
                    }
                } else if (count < row.length) {
                    throw new MalformedRequestException(400, "row " + rowNumber + ", feature " + (count + 1) + " ("
                            + names.get(count) + "): expected a number but found " + describeNext());
                } else {
                    skipValue(3);
                }
                count++;
            } while (endOfMember(']'));
        }
        if (count != row.length) {
            throw new MalformedRequestException(400, "row " + rowNumber + ": expected " + row.length + " features ("
                    + String.join(",", names) + ") but found " + count);
        }
    }

    /** After a member or element: consumes {@code ,} (returning true) or {@code close} (returning false). */
    private boolean endOfMember(char close) throws IOException, MalformedRequestException {
        int c = peek();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == close) {
            pos++;
            return false;
        }
        throw syntax("expected ',' or '" + close + "'");
    }

    private String readKey() throws IOException, MalformedRequestException {
        if (peek() != '"') {
            throw syntax("expected a member name");
        }
        String key = readString();
        if (peek() != ':') {
            throw syntax("expected ':'");
        }
        pos++;
        return key;
    }

    /** Reads a string at {@code pos} (which holds the opening quote), decoding escapes. */
    private String readString() throws IOException, MalformedRequestException {
        pos++;
        ByteBuilder out = new ByteBuilder(32);
        while (true) {
            int c = nextByte();
            if (c == '"') {
                return new String(out.toByteArray(), StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                int e = nextByte();
                switch (e) {
                    case '"', '\\', '/' -> out.append((byte) e);
                    case 'b' -> out.append((byte) '\b');
                    case 'f' -> out.append((byte) '\f');
                    case 'n' -> out.append((byte) '\n');
                    case 'r' -> out.append((byte) '\r');
                    case 't' -> out.append((byte) '\t');
                    case 'u' -> {
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int h = Character.digit(nextByte(), 16);
                            if (h < 0) {
                                throw syntax("bad \\u escape");
                            }
                            code = code * 16 + h;
                        }
                        byte[] utf8 = String.valueOf((char) code).getBytes(StandardCharsets.UTF_8);
                        for (byte b : utf8) {
                            out.append(b);
                        }
                    }
                    default -> throw syntax("bad escape in a string");
                }
            } else if (c < 0x20) {
                throw syntax("control character in a string");
            } else {
                out.append((byte) c);
            }
        }
    }

    private void skipValue(int depth) throws IOException, MalformedRequestException {
        if (depth > MAX_DEPTH) {
            throw syntax("nested deeper than " + MAX_DEPTH);
        }
        int c = peek();
        switch (c) {
            case '{' -> {
                pos++;
                if (peek() == '}') {
                    pos++;
                    return;
                }
                do {
                    readKey();
                    skipValue(depth + 1);
                } while (endOfMember('}'));
            }
            case '[' -> {
                pos++;
                if (peek() == ']') {
                    pos++;
                    return;
                }
                do {
                    skipValue(depth + 1);
                } while (endOfMember(']'));
            }
            case '"' -> readString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    readNumberToken();
                    if (Double.isNaN(DecimalParser.parse(number, 0, numberLength))) {
                        throw syntax("bad number " + PayloadFormat.quote(number, 0, numberLength));
                    }
                } else {
                    throw syntax("expected a value");
                }
            }
        }
    }

    private void literal(String word) throws IOException, MalformedRequestException {
        for (int i = 0; i < word.length(); i++) {
            if (nextByte() != word.charAt(i)) {
                pos--;
                throw syntax("expected " + word);
            }
        }
    }

    /** Copies the number-like token at {@code pos} into {@link #number}. */
    private void readNumberToken() throws IOException, MalformedRequestException {
        numberLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                return;
            }
            byte b = buf[pos];
            if (!(b >= '0' && b <= '9') && b != '-' && b != '+' && b != '.' && b != 'e' && b != 'E') {
                return;
            }
            if (numberLength == MAX_NUMBER_CHARS) {
                throw syntax("number longer than " + MAX_NUMBER_CHARS + " characters");
            }
            number[numberLength++] = b;
            pos++;
        }
    }

    /** Skips whitespace and returns the next byte without consuming it, or -1 at the end. */
    private int peek() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return -1;
            }
            byte b = buf[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b & 0xFF;
            }
            pos++;
        }
    }

    private int nextByte() throws IOException, MalformedRequestException {
        if (pos == limit && !fill()) {
            throw syntax("unexpected end of input");
        }
        return buf[pos++] & 0xFF;
    }

    private boolean fill() throws IOException {
        if (in == null) {
            return false;
        }
        offsetOfBuffer += limit;
        pos = 0;
        limit = 0;
        while (limit == 0) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            limit = n;
        }
        return true;
    }

    private String describeNext() throws IOException {
        int c = peek();
        if (c < 0) {
            return "the end of the input";
        }
        int end = Math.min(limit, pos + 24);
        return PayloadFormat.quote(buf, pos, end);
    }

    private MalformedRequestException syntax(String what) throws IOException {
        long offset = offsetOfBuffer + pos;
        String where = lineNumber > 0 ? "row " + lineNumber + ": malformed JSON at byte " + offset + " of the line"
                : "malformed JSON at byte " + offset;
        return new MalformedRequestException(400, where + ": " + what + " (found " + describeNext() + ")");
    }
}
