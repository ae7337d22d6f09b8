package io.github.sminference.internal.codec;

import io.github.sminference.codec.Codec;
import io.github.sminference.exception.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** RFC 4180 CSV: rows of string fields. */
public final class CsvCodec implements Codec<List<List<String>>> {
    /** The singleton. */
    public static final CsvCodec INSTANCE = new CsvCodec();

    private CsvCodec() {
    }

    @Override
    public String contentType() {
        return "text/csv";
    }

    @Override
    public byte[] encode(List<List<String>> rows) {
        if (rows == null) {
            throw new CodecException("cannot encode null CSV rows", null);
        }
        StringBuilder sb = new StringBuilder();
        int r = 0;
        for (List<String> row : rows) {
            if (row == null) {
                throw new CodecException("CSV row " + r + " is null", null);
            }
            appendRow(sb, row);
            r++;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends one row and its {@code \n}.
     *
     * @param sb the target
     * @param row the fields; a {@code null} field is written empty
     */
    public static void appendRow(StringBuilder sb, List<String> row) {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = row.get(i);
            if (f == null) {
                continue;
            }
            if (needsQuotes(f)) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append('\n');
    }

    private static boolean needsQuotes(String f) {
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return !f.isEmpty() && (f.charAt(0) == ' ' || f.charAt(f.length() - 1) == ' ');
    }

    @Override
    public List<List<String>> decode(byte[] body, String contentType) {
        return parse(new String(body, TextCodec.charsetOf(contentType)));
    }

    /**
     * Parses CSV text into rows.
     *
     * @param text the text
     * @return the rows, unmodifiable
     * @throws CodecException on an unterminated quoted field or a quote inside an unquoted field
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        int rowNo = 1;
        boolean fieldStarted = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' && field.length() == 0 && !fieldStarted) {
                // quoted field
                int start = rowNo;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new CodecException("CSV row " + start + ": quoted field is not terminated", null);
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n') {
                        rowNo++;
                    }
                    field.append(q);
                    i++;
                }
                fieldStarted = true;
                if (i < n) {
                    char after = text.charAt(i);
                    if (after != ',' && after != '\n' && after != '\r') {
                        throw new CodecException("CSV row " + rowNo + ": unexpected '" + after
                                + "' after a quoted field (expected a comma or a line break)", null);
                    }
                }
                continue;
            }
            if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                i++;
            } else if (c == '\n' || c == '\r') {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                rows.add(Collections.unmodifiableList(row));
                row = new ArrayList<>();
                rowNo++;
                i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
            } else {
                if (c == '"') {
                    throw new CodecException("CSV row " + rowNo
                            + ": a quote inside an unquoted field (quote the whole field and double the quote)",
                            null);
                }
                field.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(Collections.unmodifiableList(row));
        }
        return Collections.unmodifiableList(rows);
    }

    @Override
    public String toString() {
        return "Codecs.csv()";
    }
}
