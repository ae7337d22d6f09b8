package io.github.sminference.internal.batch;

import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Joins each input record with its output, as a SageMaker batch transform does with {@code JoinSource=Input}.
 *
 * <ul>
 *   <li>CSV ({@code text/csv}): the input row, a comma, then the output (its trailing line break removed): input
 *       {@code 1,2} and output {@code 0.9} give {@code 1,2,0.9}.</li>
 *   <li>JSON and JSON Lines ({@code application/json}, {@code application/jsonlines},
 *       {@code application/x-jsonlines}): an input that is a JSON object gets a last member
 *       {@code "SageMakerOutput":<output>}; any other input becomes
 *       {@code {"SageMakerInput":<input>,"SageMakerOutput":<output>}}. The output (and such an input) is inserted
 *       as raw JSON when it is one complete JSON value, else as a JSON string of its text (UTF-8, invalid bytes
 *       replaced by U+FFFD, quotes, backslashes and control characters escaped).</li>
 *   <li>Any other content type: an {@link InvalidRequestException} (the service joins CSV and JSON only).</li>
 * </ul>
 *
 * <p>Content-type parameters ({@code ; charset=utf-8}) and case are ignored. No JSON library is used: a small
 * strict validator decides what is JSON, and the object is spliced byte for byte, so member order, number
 * formatting and whitespace inside the input are kept. Stateless and thread-safe.
 */
public final class Joiner {
    private static final byte[] OUTPUT_MEMBER = "\"SageMakerOutput\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INPUT_MEMBER = "{\"SageMakerInput\":".getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private enum Format { CSV, JSON }

    private Joiner() {
    }

    /**
     * Joins one input record with its output.
     *
     * @param inputRecord the input record (a line break at its end is ignored)
     * @param outputRecord the model's output for it (a line break at its end is ignored)
     * @param contentType the input's content type
     * @return the joined record, without a trailing line break
     * @throws InvalidRequestException (field {@code joinSource}) if the content type is neither CSV nor JSON
     */
    public static byte[] join(byte[] inputRecord, byte[] outputRecord, String contentType) {
        return join(inputRecord, outputRecord, format(contentType));
    }

    /**
     * Cuts a MultiRecord response into one output per record: by {@code \n}, dropping a {@code \r} before it and
     * the empty segment after a final {@code \n} (the rules {@link RecordReader} applies to input lines). An
     * empty response has no lines; {@code "\n"} has one empty line.
     *
     * @param response the response body
     * @return the lines, in order
     */
    public static List<byte[]> splitLines(byte[] response) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < response.length; i++) {
            if (response[i] == '\n') {
                int end = i > start && response[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(response, start, end));
                start = i + 1;
            }
        }
        if (start < response.length) {
            lines.add(Arrays.copyOfRange(response, start, response.length));
        }
        return lines;
    }

    /**
     * Joins a batch's records with the lines of its response, record by record (for MultiRecord; with
     * SingleRecord the whole response is the record's output: use {@link #join(byte[], byte[], String)}).
     *
     * @param inputs the batch's input records
     * @param response the model's response to the batch
     * @param contentType the input's content type
     * @param source the file or object, for messages
     * @param firstIndex the dataset-wide index of the batch's first record
     * @return the joined records, in order
     * @throws InvalidRequestException (field {@code joinSource}) if the content type is neither CSV nor JSON
     * @throws InferenceException (not retryable) if the response does not have one line per record
     */
    public static List<byte[]> joinBatch(List<byte[]> inputs, byte[] response, String contentType, String source,
            long firstIndex) {
        Format f = format(contentType);
        List<byte[]> outputs = splitLines(response);
        if (outputs.size() != inputs.size()) {
            throw new InferenceException("cannot join the output of records " + firstIndex + " to "
                    + (firstIndex + inputs.size() - 1) + " of '" + source + "' with their input: the batch has "
                    + inputs.size() + " records but the model's response has " + outputs.size()
                    + " lines; with JoinSource=Input the model must return one line per record of each batch");
        }
        List<byte[]> joined = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            joined.add(join(inputs.get(i), outputs.get(i), f));
        }
        return joined;
    }

    private static Format format(String contentType) {
        String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (base) {
            case "text/csv":
                return Format.CSV;
            case "application/json":
            case "application/jsonlines":
            case "application/x-jsonlines":
                return Format.JSON;
            default:
                throw new InvalidRequestException("joinSource", "INPUT with " + (contentType == null ? "no content type"
                        : "content type " + contentType), "JoinSource=Input works only for CSV (text/csv) and JSON (application/json,"
                        + " application/jsonlines) records; set the dataset's content type to one of them, or use"
                        + " JoinSource=None and pair outputs with inputs by position");
        }
    }

    private static byte[] join(byte[] in, byte[] out, Format f) {
        int inEnd = OutputAssembler.lengthWithoutLineBreak(in);
        int outEnd = OutputAssembler.lengthWithoutLineBreak(out);
        ByteArrayOutputStream b = new ByteArrayOutputStream(inEnd + outEnd + 32);
        if (f == Format.CSV) {
            b.write(in, 0, inEnd);
            b.write(',');
            b.write(out, 0, outEnd);
            return b.toByteArray();
        }
        int inFrom = JsonScan.skipWs(in, 0, in.length);
        int inTo = JsonScan.skipWsBack(in, inFrom, in.length);
        if (JsonScan.isObject(in, inFrom, inTo)) {
            // inTo - 1 is the closing brace; drop the whitespace before it and add the member there.
            int close = JsonScan.skipWsBack(in, inFrom, inTo - 1);
            b.write(in, inFrom, close - inFrom);
            if (close - 1 > inFrom) {
                b.write(',');
            }
            b.writeBytes(OUTPUT_MEMBER);
            writeJson(b, out, 0, outEnd);
            b.write('}');
            return b.toByteArray();
        }
        b.writeBytes(INPUT_MEMBER);
        writeJson(b, in, 0, inEnd);
        b.write(',');
        b.writeBytes(OUTPUT_MEMBER);
        writeJson(b, out, 0, outEnd);
        b.write('}');
        return b.toByteArray();
    }

    /** Writes the bytes as raw JSON if they are one JSON value (trimmed), else as a JSON string of their text. */
    private static void writeJson(ByteArrayOutputStream b, byte[] v, int from, int to) {
        int s = JsonScan.skipWs(v, from, to);
        int e = JsonScan.skipWsBack(v, s, to);
        if (JsonScan.isValue(v, s, e)) {
            b.write(v, s, e - s);
            return;
        }
        String text = new String(v, from, to - from, StandardCharsets.UTF_8);
        StringBuilder q = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    q.append("\\\"");
                    break;
                case '\\':
                    q.append("\\\\");
                    break;
                case '\n':
                    q.append("\\n");
                    break;
                case '\r':
                    q.append("\\r");
                    break;
                case '\t':
                    q.append("\\t");
                    break;
                case '\b':
                    q.append("\\b");
                    break;
                case '\f':
                    q.append("\\f");
                    break;
                default:
                    if (c < 0x20) {
                        q.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        q.append(c);
                    }
            }
        }
        b.writeBytes(q.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }
}
