package io.github.sminference.aws.internal.asyncendpoint;

import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.exception.AccessDeniedException;
import io.github.sminference.exception.InferenceException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 reads and deletes of an asynchronous endpoint client, with the expected bucket owner on every call, errors
 * mapped, and a 403 on HEAD handled as configured. Counts HEAD requests. Thread-safe.
 */
final class S3Access {
    private static final Logger LOG = LoggerFactory.getLogger(S3Access.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final S3Client s3;
    private final String owner;
    private final boolean forbiddenIsMissing;
    private final AtomicLong heads = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();

    S3Access(S3Client s3, String owner, boolean forbiddenIsMissing) {
        this.s3 = s3;
        this.owner = owner;
        this.forbiddenIsMissing = forbiddenIsMissing;
    }

    S3Client client() {
        return s3;
    }

    String owner() {
        return owner;
    }

    long headRequests() {
        return heads.get();
    }

    /**
     * HEAD an object.
     *
     * @return its metadata, or empty if it does not exist (yet)
     */
    Optional<HeadObjectResponse> head(S3Uri uri) {
        heads.incrementAndGet();
        try {
            return Optional.of(s3.headObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(owner)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 403) {
                if (forbiddenIsMissing) {
                    if (warned.compareAndSet(false, true)) {
                        LOG.warn("HEAD on bucket {} answered 403; treated as 'not there yet' as configured."
                                + " Grant s3:ListBucket so missing keys answer 404 and real permission problems"
                                + " fail fast", uri.bucket());
                    }
                    return Optional.empty();
                }
                throw new AccessDeniedException("HEAD " + uri + " was refused (403). Grant s3:GetObject on the output"
                        + " and failure prefixes and s3:ListBucket on the bucket (without ListBucket, S3 answers 403"
                        + " for a key that does not exist yet), or set treatForbiddenAsMissing(true)", 403,
                        e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(), e.requestId(), e);
            }
            throw AwsExceptionMapper.map(e, TIMEOUT);
        } catch (RuntimeException e) {
            throw AwsExceptionMapper.map(e, TIMEOUT);
        }
    }

    /** Streams an object; the caller closes the stream. */
    ResponseInputStream<GetObjectResponse> get(S3Uri uri) {
        try {
            return s3.getObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(owner));
        } catch (RuntimeException e) {
            throw AwsExceptionMapper.map(e, TIMEOUT);
        }
    }

    /** Reads at most {@code max} bytes of an object (failure objects), never the whole of a large one. */
    byte[] readPrefix(S3Uri uri, int max) {
        try (InputStream in = get(uri)) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new io.github.sminference.exception.TransportException("reading " + uri + " failed: " + e, e);
        }
    }

    void delete(S3Uri uri) {
        try {
            s3.deleteObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(owner));
        } catch (RuntimeException e) {
            InferenceException m = AwsExceptionMapper.map(e, TIMEOUT);
            LOG.warn("deleting the staged input {} failed: {}", uri, m.getClass().getSimpleName());
        }
    }
}
