package io.github.sminference.aws.internal.batch;

import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Downloads one S3 object in the background into a bounded buffer of chunks, so the next objects of a record stream
 * arrive while the current one is read. At most {@code capacity} chunks of {@code chunkSize} bytes are buffered; the
 * download waits when the buffer is full, so memory stays bounded whatever the object's size. The consumer reads
 * the object through {@link #stream()}. Full-size chunks are handed back once read and reused, so downloading an
 * object allocates at most {@code capacity + 2} chunks whatever its size, and no garbage. Thread-safe;
 * {@link #close()} may be called from any thread.
 */
final class ObjectFetch implements AutoCloseable {
    /** Bytes per chunk: below half a G1 region of small heaps, so chunks are not humongous objects. */
    static final int CHUNK = 256 * 1024;
    /** Chunks buffered per object: 4 MiB. */
    static final int CAPACITY = 16;

    private static final byte[] EOF = new byte[0];
    private static final byte[] FAILED = new byte[0];
    private static final byte[] NONE = new byte[0];

    private final BatchS3 s3;
    private final S3Uri uri;
    private final int chunkSize;
    private final BlockingQueue<byte[]> chunks;
    /** Full-size chunks the reader is done with, reused by the download (so an object makes no garbage). */
    private final BlockingQueue<byte[]> free;
    private final CompletableFuture<Boolean> opened = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile boolean finished;
    private volatile Throwable error;
    private volatile ResponseInputStream<GetObjectResponse> response;

    ObjectFetch(BatchS3 s3, S3Uri uri) {
        this(s3, uri, CHUNK, CAPACITY);
    }

    ObjectFetch(BatchS3 s3, S3Uri uri, int chunkSize, int capacity) {
        this.s3 = s3;
        this.uri = uri;
        this.chunkSize = chunkSize;
        this.chunks = new ArrayBlockingQueue<>(capacity + 1); // one more slot for the end marker
        this.free = new ArrayBlockingQueue<>(capacity + 2);
    }

    S3Uri uri() {
        return uri;
    }

    /** Starts the download on the executor. */
    ObjectFetch start(Executor executor) {
        executor.execute(this::download);
        return this;
    }

    private void download() {
        if (cancelled) {
            opened.complete(false);
            return;
        }
        try {
            Optional<ResponseInputStream<GetObjectResponse>> r = s3.getIfExists(uri);
            if (r.isEmpty()) {
                opened.complete(false);
                return;
            }
            response = r.get();
            opened.complete(true);
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            return;
        }
        byte[] marker = EOF;
        try (InputStream in = response) {
            while (!cancelled) {
                byte[] buf = free.poll();
                if (buf == null) {
                    buf = new byte[chunkSize];
                }
                int n = in.readNBytes(buf, 0, chunkSize);
                if (n == chunkSize) {
                    if (!offer(buf)) {
                        return;
                    }
                    continue;
                }
                if (n > 0 && !offer(Arrays.copyOf(buf, n))) {
                    return;
                }
                break;
            }
        } catch (IOException | RuntimeException e) {
            if (!cancelled) {
                error = e;
                marker = FAILED;
            }
        }
        finished = true;
        if (!cancelled) {
            offer(marker);
        }
    }

    /** Puts a chunk, waiting while the buffer is full; {@code false} if the fetch was closed meanwhile. */
    private boolean offer(byte[] chunk) {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until the object is open (its response started).
     *
     * @return {@code true} if it exists, {@code false} if it does not (404)
     * @throws InferenceException if it cannot be read
     * @throws InferenceCancelledException if interrupted or closed
     */
    boolean awaitOpened() {
        try {
            while (true) {
                try {
                    return opened.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (cancelled) {
                        throw new InferenceCancelledException("the record stream was closed", null);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while opening " + uri, e);
        } catch (ExecutionException e) {
            throw io.github.sminference.internal.Futures.rethrow(e.getCause());
        }
    }

    /**
     * The object's bytes, from the buffer. Read once, by one thread.
     *
     * @return the stream; closing it closes this fetch
     */
    InputStream stream() {
        return new InputStream() {
            private byte[] current = NONE;
            private int pos;
            private boolean ended;

            private boolean fill() throws IOException {
                while (pos >= current.length) {
                    if (current.length == chunkSize) {
                        free.offer(current); // read through: the download may reuse it
                        current = NONE;
                    }
                    if (ended) {
                        return false;
                    }
                    byte[] next;
                    try {
                        next = chunks.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading " + uri);
                    }
                    if (next == null) {
                        if (cancelled) {
                            throw new IOException("the read of " + uri + " was closed");
                        }
                        continue;
                    }
                    if (next == EOF) {
                        ended = true;
                        return false;
                    }
                    if (next == FAILED) {
                        ended = true;
                        Throwable e = error;
                        throw e instanceof IOException ? (IOException) e : new IOException(
                                new TransportException("reading " + uri + " failed: " + e, e));
                    }
                    current = next;
                    pos = 0;
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                if (!fill()) {
                    return -1;
                }
                return current[pos++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public void close() {
                ObjectFetch.this.close();
            }
        };
    }

    /** Stops the download, drops the buffer and aborts the connection. Idempotent. */
    @Override
    public void close() {
        cancelled = true;
        chunks.clear();
        free.clear();
        ResponseInputStream<GetObjectResponse> r = response;
        if (r != null && !finished) {
            try {
                r.abort();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
