package io.github.sminference.aws.internal.asyncendpoint;

import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.Futures;
import io.github.sminference.internal.PayloadAccess;
import io.github.sminference.internal.RequestValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads an asynchronous request's payload to S3 with bounded memory: one PUT up to the part size, else a multipart
 * upload with at most {@code concurrency} parts in memory and in flight. The part buffers are reused from part to part
 * and handed to the HTTP client as they are (never copied), so a multipart upload allocates {@code concurrency} part
 * buffers in all, whatever the payload's size. A payload over the limit (known length: before
 * anything is sent; unknown length: as soon as it crosses) aborts the upload and leaves no object. Thread-safe.
 */
final class S3Staging {
    private static final Logger LOG = LoggerFactory.getLogger(S3Staging.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final S3Access s3;
    private final S3Uri base;
    private final String kmsKeyId;
    private final int partSize;
    private final int concurrency;
    private final ExecutorService io;

    S3Staging(S3Access s3, S3Uri base, String kmsKeyId, long partSize, int concurrency, ExecutorService io) {
        this.s3 = s3;
        this.base = base;
        this.kmsKeyId = kmsKeyId;
        this.partSize = (int) Math.min(partSize, Integer.MAX_VALUE - 8);
        this.concurrency = concurrency;
        this.io = io;
    }

    /** Where a payload went, and whether we put it there. */
    record Staged(String location, S3Uri uri, long size, boolean ours) {
    }

    /**
     * Stages the payload as {@code <base>/<id>}, or takes an {@code s3://} payload location as it is.
     *
     * @throws InvalidRequestException if there is no staging location for a payload that needs one
     * @throws io.github.sminference.exception.PayloadTooLargeException over the limit; nothing is left behind
     */
    Staged stage(Payload payload, String id, String contentType, long maxBytes) {
        if (payload.kind() == Payload.Kind.LOCATION) {
            String loc = payload.location().orElseThrow();
            return new Staged(loc, loc.startsWith("s3://") ? S3Uri.parse("payload.location", loc) : null, -1, false);
        }
        if (payload.knownLength().isPresent() && payload.knownLength().getAsLong() > maxBytes) {
            throw RequestValidator.tooLarge(payload.knownLength().getAsLong(), maxBytes,
                    InvocationMode.ASYNC_ENDPOINT);
        }
        if (base == null) {
            throw new InvalidRequestException("stagingLocation", null, "this payload must be uploaded to S3 first:"
                    + " set AsyncEndpointOptions.stagingLocation(\"s3://bucket/prefix\"), or pass"
                    + " Payload.ofLocation(\"s3://...\") for data already in S3");
        }
        S3Uri target = base.child(id);
        long t0 = System.nanoTime();
        long size;
        if (payload.knownLength().isPresent() && payload.knownLength().getAsLong() <= partSize) {
            size = putSingle(payload, target, contentType);
        } else {
            size = multipart(payload, target, contentType, maxBytes);
        }
        LOG.debug("staged: inferenceId={} bytes={} ms={}", id, size, (System.nanoTime() - t0) / 1_000_000);
        return new Staged(target.toString(), target, size, true);
    }

    private PutObjectRequest.Builder put(S3Uri target, String contentType) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(target.bucket()).key(target.key())
                .contentType(contentType).expectedBucketOwner(s3.owner());
        if (kmsKeyId != null) {
            b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        return b;
    }

    private long putSingle(Payload payload, S3Uri target, String contentType) {
        long len = payload.knownLength().getAsLong();
        RequestBody body;
        switch (payload.kind()) {
            case BYTES:
                body = RequestBody.fromBytes(PayloadAccess.bytes(payload));
                break;
            case FILE:
                body = RequestBody.fromFile(payload.file().orElseThrow());
                break;
            default:
                // A stream's declared length is checked before anything is sent: the AWS SDK would otherwise send a
                // short body (the PUT fails as a transport error) or silently cut a long one.
                body = RequestBody.fromBytes(readExactly(payload, len));
        }
        try {
            s3.client().putObject(put(target, contentType).contentLength(len).build(), body);
            return len;
        } catch (RuntimeException e) {
            throw AwsExceptionMapper.map(e, TIMEOUT);
        }
    }

    /** Reads a stream payload of declared length {@code len} (at most one part) and checks it yields exactly that. */
    private static byte[] readExactly(Payload payload, long len) {
        byte[] b;
        int extra;
        try (InputStream in = payload.openStream()) {
            b = in.readNBytes((int) len);
            extra = b.length == len ? in.read() : -1;
        } catch (IOException e) {
            throw new InvalidRequestException("payload", payload.toString(), "reading the payload failed: " + e, e);
        }
        if (b.length != len || extra >= 0) {
            throw new InvalidRequestException("payload.length", Long.toString(len), "the stream yielded "
                    + (extra >= 0 ? "more" : Integer.toString(b.length)) + " bytes, not its declared length; pass"
                    + " the exact length, or Payload.ofStream(stream) for an unknown length");
        }
        return b;
    }

    private long multipart(Payload payload, S3Uri target, String contentType, long maxBytes) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(target.bucket())
                .key(target.key()).contentType(contentType).expectedBucketOwner(s3.owner());
        if (kmsKeyId != null) {
            create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        String uploadId;
        try {
            uploadId = s3.client().createMultipartUpload(create.build()).uploadId();
        } catch (RuntimeException e) {
            throw AwsExceptionMapper.map(e, TIMEOUT);
        }
        // At most `concurrency` part buffers exist; each goes back here when its part is uploaded (or failed).
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(concurrency);
        int buffers = 0;
        List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
        long total = 0;
        long declared = payload.kind() == Payload.Kind.STREAM ? payload.knownLength().orElse(-1) : -1;
        boolean ok = false;
        try (InputStream in = payload.openStream()) {
            for (int partNumber = 1;; partNumber++) {
                byte[] buf = free.poll();
                if (buf == null) {
                    if (buffers < concurrency) {
                        buf = new byte[partSize];
                        buffers++;
                    } else {
                        buf = free.take(); // `concurrency` parts in flight: wait for one to finish
                    }
                }
                int n = in.readNBytes(buf, 0, partSize);
                if (n == 0 && partNumber > 1) {
                    free.add(buf);
                    break;
                }
                total += n;
                if (total > maxBytes) {
                    free.add(buf);
                    throw RequestValidator.tooLarge(total, maxBytes, InvocationMode.ASYNC_ENDPOINT);
                }
                if (declared >= 0 && total > declared) {
                    free.add(buf);
                    throw new InvalidRequestException("payload.length", Long.toString(declared),
                            "the stream yielded more bytes than its declared length; pass the exact length");
                }
                int number = partNumber;
                int length = n;
                byte[] part = buf;
                CompletableFuture<CompletedPart> f = CompletableFuture.supplyAsync(() -> {
                    try {
                        // the buffer as it is, no copy: a new stream over it for each read (signing, retries)
                        UploadPartResponse r = s3.client().uploadPart(u -> u.bucket(target.bucket())
                                .key(target.key()).uploadId(uploadId).partNumber(number).contentLength((long) length)
                                .expectedBucketOwner(s3.owner()), RequestBody.fromContentProvider(
                                        () -> new ByteArrayInputStream(part, 0, length), length,
                                        "application/octet-stream"));
                        return CompletedPart.builder().partNumber(number).eTag(r.eTag()).build();
                    } catch (RuntimeException e) {
                        throw AwsExceptionMapper.map(e, TIMEOUT);
                    } finally {
                        free.add(part);
                    }
                }, io);
                parts.add(f);
                failFast(parts);
                if (n < partSize) {
                    break;
                }
            }
            if (declared >= 0 && total != declared) {
                throw new InvalidRequestException("payload.length", Long.toString(declared),
                        "the stream yielded " + total + " bytes, not its declared length; pass the exact length");
            }
            List<CompletedPart> done = new ArrayList<>();
            for (CompletableFuture<CompletedPart> f : parts) {
                done.add(f.join());
            }
            s3.client().completeMultipartUpload(c -> c.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .expectedBucketOwner(s3.owner()).multipartUpload(m -> m.parts(done)));
            ok = true;
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.github.sminference.exception.InferenceCancelledException("interrupted while staging", e);
        } catch (IOException e) {
            throw new InvalidRequestException("payload", payload.toString(), "reading the payload failed: " + e, e);
        } catch (InferenceException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable c = Futures.unwrap(e);
            throw c instanceof InferenceException ? (InferenceException) c : AwsExceptionMapper.map(c, TIMEOUT);
        } finally {
            if (!ok) {
                for (CompletableFuture<CompletedPart> f : parts) {
                    f.cancel(true);
                }
                abort(target, uploadId);
            }
        }
    }

    private static void failFast(List<CompletableFuture<CompletedPart>> parts) {
        for (CompletableFuture<CompletedPart> f : parts) {
            if (f.isCompletedExceptionally()) {
                f.join(); // throws the part's error
            }
        }
    }

    private void abort(S3Uri target, String uploadId) {
        try {
            s3.client().abortMultipartUpload(a -> a.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .expectedBucketOwner(s3.owner()));
            LOG.debug("multipart upload of {} aborted; nothing left behind", target);
        } catch (RuntimeException e) {
            LOG.warn("aborting the multipart upload of {} failed ({}); S3 lifecycle rules for incomplete uploads"
                    + " will remove its parts", target, e.getClass().getSimpleName());
        }
    }
}
