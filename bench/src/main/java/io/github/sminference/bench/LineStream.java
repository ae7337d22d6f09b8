package io.github.sminference.bench;

import java.io.InputStream;

/**
 * {@code bytes} bytes of CSV lines of exactly {@link #LINE} bytes (a 10-digit line number, a comma, letters, a line
 * break), numbered from {@code firstLine}, made up on the fly.
 */
final class LineStream extends InputStream {
    static final int LINE = 100;

    private final byte[] line = new byte[LINE];
    private long next;
    private int pos = LINE;
    private long left;

    LineStream(long firstLine, long bytes) {
        this.next = firstLine;
        this.left = bytes;
        for (int i = 11; i < LINE - 1; i++) {
            line[i] = (byte) ('a' + i % 26);
        }
        line[10] = ',';
        line[LINE - 1] = '\n';
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (left <= 0) {
            return -1;
        }
        int n = 0;
        while (n < len && left > 0) {
            if (pos == LINE) {
                long v = next++;
                for (int i = 9; i >= 0; i--) {
                    line[i] = (byte) ('0' + v % 10);
                    v /= 10;
                }
                pos = 0;
            }
            int k = (int) Math.min(Math.min(len - n, LINE - pos), left);
            System.arraycopy(line, pos, b, off + n, k);
            pos += k;
            n += k;
            left -= k;
        }
        return n;
    }
}
