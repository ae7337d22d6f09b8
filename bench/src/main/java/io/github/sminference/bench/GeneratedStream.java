package io.github.sminference.bench;

import java.io.InputStream;

/**
 * {@code size} bytes made up on the fly (never held in memory): a 64 KiB pattern repeated, read in bulk with array
 * copies so that producing the bytes costs next to nothing next to sending them.
 */
final class GeneratedStream extends InputStream {
    private static final byte[] PATTERN = new byte[64 * 1024];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) ('a' + (i * 7 + i / 251) % 26);
        }
    }

    private final long size;
    private long position;

    GeneratedStream(long size) {
        this.size = size;
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        return PATTERN[(int) (position++ % PATTERN.length)] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        int done = 0;
        while (done < n) {
            int at = (int) ((position + done) % PATTERN.length);
            int chunk = Math.min(n - done, PATTERN.length - at);
            System.arraycopy(PATTERN, at, b, off + done, chunk);
            done += chunk;
        }
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
}
