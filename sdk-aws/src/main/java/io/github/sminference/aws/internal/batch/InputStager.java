package io.github.sminference.aws.internal.batch;

import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.Futures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads a transform job's local input to S3 with bounded memory: files stream from disk (one PUT up to the part
 * size, a multipart upload beyond it, each part re-read from the file on a retry), at most {@code concurrency}
 * uploads (files or parts) at once. If anything fails, the multipart upload is aborted and everything already
 * uploaded is deleted, so a failed submission leaves no half-uploaded input. Thread-safe.
 */
final class InputStager {
    private static final Logger LOG = LoggerFactory.getLogger(InputStager.class);

    private final BatchS3 s3;
    private final ExecutorService io;
    private final long partSize;
    private final int concurrency;

    InputStager(BatchS3 s3, ExecutorService io, long partSize, int concurrency) {
        this.s3 = s3;
        this.io = io;
        this.partSize = partSize;
        this.concurrency = concurrency;
    }

    /**
     * Uploads files, each under {@code prefix/<relative key>}.
     *
     * @param files the files
     * @param relative their keys relative to the prefix, same order
     * @param prefix the job's input prefix
     * @param contentType the content type to store, or {@code null}
     * @return the uploaded objects, in the files' order
     */
    List<S3Uri> uploadFiles(List<Path> files, List<String> relative, S3Uri prefix, String contentType) {
        Semaphore permits = new Semaphore(concurrency);
        AtomicBoolean failed = new AtomicBoolean();
        List<S3Uri> targets = new ArrayList<>();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        List<S3Uri> done = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                S3Uri target = prefix.child(relative.get(i));
                targets.add(target);
                long size = Files.size(file);
                if (size <= partSize) {
                    permits.acquire();
                    if (failed.get()) {
                        permits.release();
                        break;
                    }
                    tasks.add(CompletableFuture.runAsync(() -> {
                        try {
                            if (!failed.get()) {
                                s3.put(target, RequestBody.fromContentProvider(() -> open(file, 0, size), size,
                                        contentType == null ? "application/octet-stream" : contentType), contentType);
                                done.add(target);
                            }
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        } finally {
                            permits.release();
                        }
                    }, io));
                } else {
                    tasks.add(CompletableFuture.runAsync(() -> {
                        try {
                            multipart(file, size, target, contentType, permits, failed);
                            done.add(target);
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }, io));
                }
            }
            CompletableFuture.allOf(tasks.toArray(new CompletableFuture<?>[0])).join();
            LOG.debug("staged {} file(s) under {}", files.size(), prefix);
            return targets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.set(true);
            waitQuietly(tasks);
            deleteAll(done);
            throw new InferenceCancelledException("interrupted while uploading the input to " + prefix, e);
        } catch (IOException e) {
            failed.set(true);
            waitQuietly(tasks);
            deleteAll(done);
            throw new InvalidRequestException("files", e.getMessage(), "a file cannot be read: " + e, e);
        } catch (RuntimeException e) {
            failed.set(true);
            waitQuietly(tasks);
            deleteAll(done);
            throw Futures.rethrow(e);
        }
    }

    private static void waitQuietly(List<CompletableFuture<Void>> tasks) {
        for (CompletableFuture<Void> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException ignored) {
                // the first error is the one reported
            }
        }
    }

    private void multipart(Path file, long size, S3Uri target, String contentType, Semaphore permits,
            AtomicBoolean failed) {
        String uploadId;
        try {
            uploadId = s3.client().createMultipartUpload(b -> b.bucket(target.bucket()).key(target.key())
                    .contentType(contentType).expectedBucketOwner(s3.owner())).uploadId();
        } catch (RuntimeException e) {
            throw BatchS3.map(e);
        }
        // at most 10,000 parts: large files get larger parts
        long part = Math.max(partSize, (size + 9_999) / 10_000);
        List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
        boolean ok = false;
        try {
            int number = 1;
            for (long offset = 0; offset < size; offset += part, number++) {
                permits.acquire();
                if (failed.get()) {
                    permits.release();
                    throw new InferenceCancelledException("another upload failed", null);
                }
                long length = Math.min(part, size - offset);
                long from = offset;
                int n = number;
                parts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        UploadPartResponse r = s3.client().uploadPart(u -> u.bucket(target.bucket())
                                .key(target.key()).uploadId(uploadId).partNumber(n).contentLength(length)
                                .expectedBucketOwner(s3.owner()), RequestBody.fromContentProvider(
                                        () -> open(file, from, length), length, "application/octet-stream"));
                        return CompletedPart.builder().partNumber(n).eTag(r.eTag()).build();
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw BatchS3.map(e);
                    } finally {
                        permits.release();
                    }
                }, io));
            }
            List<CompletedPart> completed = new ArrayList<>();
            for (CompletableFuture<CompletedPart> f : parts) {
                completed.add(f.join());
            }
            s3.client().completeMultipartUpload(c -> c.bucket(target.bucket()).key(target.key())
                    .uploadId(uploadId).expectedBucketOwner(s3.owner()).multipartUpload(m -> m.parts(completed)));
            ok = true;
            LOG.debug("uploaded {} bytes to {} in {} parts", size, target, parts.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while uploading " + file, e);
        } catch (RuntimeException e) {
            Throwable c = Futures.unwrap(e);
            throw c instanceof InferenceException ? (InferenceException) c : BatchS3.map(c);
        } finally {
            if (!ok) {
                for (CompletableFuture<CompletedPart> f : parts) {
                    try {
                        f.join();
                    } catch (RuntimeException ignored) {
                        // wait for parts in flight before aborting
                    }
                }
                try {
                    s3.client().abortMultipartUpload(a -> a.bucket(target.bucket()).key(target.key())
                            .uploadId(uploadId).expectedBucketOwner(s3.owner()));
                } catch (RuntimeException e) {
                    LOG.warn("aborting the multipart upload of {} failed ({}); an S3 lifecycle rule for incomplete"
                            + " uploads will remove its parts", target, e.getClass().getSimpleName());
                }
            }
        }
    }

    /** A stream of {@code length} bytes of the file from {@code offset}; a new one for every (re)try. */
    private static InputStream open(Path file, long offset, long length) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new Limited(in, length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Uploads bytes to one object. */
    void putBytes(S3Uri target, byte[] bytes, String contentType) {
        s3.put(target, RequestBody.fromBytes(bytes), contentType);
    }

    /** Uploads UTF-8 text to one object. */
    void putText(S3Uri target, String text) {
        s3.put(target, RequestBody.fromString(text, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** Deletes objects, best effort. */
    void deleteAll(List<S3Uri> uris) {
        synchronized (uris) {
            for (S3Uri u : uris) {
                s3.deleteQuietly(u);
            }
        }
        if (!uris.isEmpty()) {
            LOG.debug("deleted {} staged object(s) after a failed submission", uris.size());
        }
    }

    /** At most {@code left} bytes of the underlying stream. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
