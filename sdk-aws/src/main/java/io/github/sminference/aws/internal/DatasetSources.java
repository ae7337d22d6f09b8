package io.github.sminference.aws.internal;

import io.github.sminference.Dataset;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.NotSupportedException;
import io.github.sminference.internal.fanout.FanOut;
import io.github.sminference.spi.RecordSource;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a dataset into record sources for {@code score(Dataset)} on an endpoint mode: local files and in-memory
 * records as the core reads them; S3 prefixes and manifests listed and read through S3 (objects are read one at a
 * time as the fan-out reaches them, never buffered whole).
 *
 * <p>S3 is an optional dependency: the S3 client is made (or the caller's used) only when an S3 dataset is scored,
 * and a missing {@code software.amazon.awssdk:s3} is a {@link NotSupportedException} naming it. Thread-safe.
 */
public final class DatasetSources implements Function<Dataset, List<RecordSource>>, AutoCloseable {
    private final InvocationMode mode;
    private final Object givenS3;
    private final Supplier<Object> createS3;
    private final String expectedOwner;
    private Object created;
    private boolean closed;

    /**
     * Creates the sources.
     *
     * @param mode the client's mode (for messages)
     * @param givenS3 the caller's {@code S3Client}, never closed here, or {@code null}
     * @param createS3 makes an {@code S3Client} on first use when none was given; closed with this object
     * @param expectedOwner the account that must own the buckets, or {@code null}
     */
    public DatasetSources(InvocationMode mode, Object givenS3, Supplier<Object> createS3, String expectedOwner) {
        this.mode = mode;
        this.givenS3 = givenS3;
        this.createS3 = createS3;
        this.expectedOwner = expectedOwner;
    }

    @Override
    public List<RecordSource> apply(Dataset dataset) {
        if (dataset.kind() != Dataset.SourceKind.S3_PREFIX && dataset.kind() != Dataset.SourceKind.MANIFEST) {
            return FanOut.localSources(dataset, mode);
        }
        try {
            Class.forName("software.amazon.awssdk.services.s3.S3Client", false, DatasetSources.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new NotSupportedException("score(" + dataset.kind() + " dataset)", mode, "reading a dataset from S3"
                    + " needs software.amazon.awssdk:s3 on the classpath (an optional dependency of"
                    + " sagemaker-inference-aws): add it to your build, or download the objects and use"
                    + " Dataset.ofFiles(..)");
        }
        return S3Side.sources(s3(), expectedOwner, dataset);
    }

    private synchronized Object s3() {
        if (givenS3 != null) {
            return givenS3;
        }
        if (closed) {
            throw new io.github.sminference.exception.ClientClosedException("the client is closed; build a new one");
        }
        if (created == null) {
            created = createS3.get();
        }
        return created;
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        if (created instanceof AutoCloseable) {
            ((AutoCloseable) created).close();
        }
    }

    /** The only code here that links S3 classes: loaded when an S3 dataset is scored. */
    private static final class S3Side {
        static List<RecordSource> sources(Object s3, String owner, Dataset dataset) {
            return S3Datasets.sources((software.amazon.awssdk.services.s3.S3Client) s3, owner, dataset);
        }
    }
}
