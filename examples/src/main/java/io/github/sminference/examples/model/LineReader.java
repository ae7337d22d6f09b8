package io.github.sminference.examples.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines as it reads, without decoding or copying: each line is a window {@code [start(),
 * end())} into {@link #buffer()}, valid until the next call to {@link #next()}. Lines end at {@code \n}; a {@code \r}
 * that ends a line is dropped; the last line need not end in {@code \n}.
 *
 * <p>Not thread-safe.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf;
    private int pos;        // start of unread bytes
    private int limit;      // end of valid bytes
    private boolean eof;
    private int lineStart;
    private int lineEnd;
    private long lineNumber;

    LineReader(InputStream in, int bufferBytes, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[Math.min(bufferBytes, maxLineBytes + 2)];
    }

    /**
     * Advances to the next line.
     *
     * @return {@code false} at the end of the stream
     * @throws MalformedRequestException if a line is longer than the limit
     */
    boolean next() throws IOException, MalformedRequestException {
        int scanFrom = pos;
        while (true) {
            for (int i = scanFrom; i < limit; i++) {
                if (buf[i] == '\n') {
                    return take(i, i + 1);
                }
            }
            if (eof) {
                return pos < limit && take(limit, limit);
            }
            if (limit - pos > maxLineBytes) {
                throw new MalformedRequestException(400, "row " + (lineNumber + 1) + " is longer than "
                        + maxLineBytes + " bytes");
            }
            int scanned = limit - pos;
            fill();
            scanFrom = pos + scanned;
        }
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    /** The 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the current line holds nothing but spaces and tabs. */
    boolean isBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private boolean take(int newline, int next) {
        lineStart = pos;
        lineEnd = newline > pos && buf[newline - 1] == '\r' ? newline - 1 : newline;
        pos = next;
        lineNumber++;
        return true;
    }

    /** Moves unread bytes to the front (growing the buffer if it is full) and reads more. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 2));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }
}
