package io.github.sminference.aws.internal.batch;

import io.github.sminference.aws.internal.S3Datasets;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.exception.InferenceException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 calls of the batch client, each with the expected bucket owner and errors mapped by
 * {@link AwsExceptionMapper}. Thread-safe.
 */
final class BatchS3 {
    private static final Logger LOG = LoggerFactory.getLogger(BatchS3.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final S3Client s3;
    private final String owner;

    BatchS3(S3Client s3, String owner) {
        this.s3 = s3;
        this.owner = owner;
    }

    S3Client client() {
        return s3;
    }

    String owner() {
        return owner;
    }

    static InferenceException map(Throwable e) {
        return AwsExceptionMapper.map(e, TIMEOUT);
    }

    void put(S3Uri target, RequestBody body, String contentType) {
        try {
            s3.putObject(b -> b.bucket(target.bucket()).key(target.key()).contentType(contentType)
                    .expectedBucketOwner(owner), body);
        } catch (RuntimeException e) {
            throw map(e);
        }
    }

    Optional<HeadObjectResponse> head(S3Uri uri) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(owner)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw map(e);
        } catch (RuntimeException e) {
            throw map(e);
        }
    }

    /** Opens an object, or empty if it does not exist (404). */
    Optional<ResponseInputStream<GetObjectResponse>> getIfExists(S3Uri uri) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(owner)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw map(e);
        } catch (RuntimeException e) {
            throw map(e);
        }
    }

    /** The keys under a prefix (all pages). */
    Set<String> keys(S3Uri prefix) {
        Set<String> out = new HashSet<>();
        for (S3Datasets.S3Input in : S3Datasets.list(s3, owner, prefix)) {
            out.add(in.uri().key());
        }
        return out;
    }

    /** Deletes an object; failures are logged, not thrown (cleanup). */
    void deleteQuietly(S3Uri uri) {
        try {
            s3.deleteObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(owner));
        } catch (RuntimeException e) {
            LOG.warn("deleting the staged input {} failed: {}", uri, map(e).getClass().getSimpleName());
        }
    }
}
