package io.github.sminference.aws.internal;

import io.github.sminference.Dataset;
import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.json.MiniJson;
import io.github.sminference.spi.RecordSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Turns a {@link Dataset} into its inputs, in input order, as SageMaker batch transform defines it: every object
 * under an S3 prefix in key order (ListObjectsV2, all pages, "folder" keys ending in {@code /} skipped), or the
 * objects an S3 manifest lists ({@code [{"prefix":"s3://bucket/p/"}, "rel/1", "rel/2"]}) in listed order. Every
 * S3 call carries the expected bucket owner when one is given; errors are mapped by {@link AwsExceptionMapper}.
 * For the batch client and the fan-out scoring engine. Stateless and thread-safe.
 */
public final class S3Datasets {
    /** The largest manifest read (it is parsed in memory). */
    public static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private S3Datasets() {
    }

    /**
     * One object of a dataset.
     *
     * @param uri the object
     * @param size its size in bytes, or -1 when not known without a request
     */
    public record S3Input(S3Uri uri, long size) {
        /**
         * Validates.
         *
         * @param uri the object
         * @param size its size, or -1
         */
        public S3Input {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /**
     * A parsed manifest.
     *
     * @param prefix the manifest's {@code prefix}, as written (an {@code s3://} URI)
     * @param entries the objects it lists, in listed order ({@code prefix + entry})
     */
    public record Manifest(String prefix, List<S3Uri> entries) {
        /**
         * Copies.
         *
         * @param prefix the prefix
         * @param entries the objects
         */
        public Manifest {
            Objects.requireNonNull(prefix, "prefix");
            entries = List.copyOf(entries);
        }
    }

    /**
     * The dataset's inputs as record sources, in input order. Listing (or reading the manifest) happens now; each
     * source opens a fresh GetObject stream (with the expected bucket owner) every time it is opened.
     *
     * @param s3 the S3 client (not closed)
     * @param expectedOwner the account that must own the buckets, or {@code null}
     * @param dataset the dataset: {@code S3_PREFIX}, {@code MANIFEST}, or {@code FILES} (local files, for
     *     convenience)
     * @return the sources, in input order
     * @throws InvalidRequestException for an in-memory dataset (read {@link Dataset#records()} instead), or a
     *     malformed manifest
     * @throws InferenceException if S3 cannot be read
     */
    public static List<RecordSource> sources(S3Client s3, String expectedOwner, Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        switch (dataset.kind()) {
            case FILES: {
                List<RecordSource> out = new ArrayList<>();
                for (Path p : dataset.files()) {
                    out.add(RecordSource.ofFile(p));
                }
                return out;
            }
            case S3_PREFIX: {
                List<RecordSource> out = new ArrayList<>();
                for (S3Input in : list(s3, expectedOwner, S3Uri.parse("s3Prefix", dataset.s3Uri().orElseThrow()))) {
                    out.add(source(s3, expectedOwner, in.uri(), in.size()));
                }
                return out;
            }
            case MANIFEST: {
                List<RecordSource> out = new ArrayList<>();
                Manifest m = readManifest(s3, expectedOwner, S3Uri.parse("manifestUri",
                        dataset.s3Uri().orElseThrow()));
                for (S3Uri u : m.entries()) {
                    out.add(source(s3, expectedOwner, u, -1));
                }
                return out;
            }
            default:
                throw new InvalidRequestException("dataset", dataset.toString(),
                        "records held in memory are not S3 objects; read them with Dataset.records()");
        }
    }

    /**
     * Every object under a prefix, in key order (S3 lists keys in UTF-8 binary order), all pages, skipping keys
     * that end in {@code /}. A prefix is matched on characters, as SageMaker's S3Prefix is: {@code data/in} also
     * matches {@code data/input-2/x.csv}.
     *
     * @param s3 the S3 client
     * @param expectedOwner the expected bucket owner, or {@code null}
     * @param prefix the prefix
     * @return the objects
     * @throws InferenceException if listing fails
     */
    public static List<S3Input> list(S3Client s3, String expectedOwner, S3Uri prefix) {
        List<S3Input> out = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(prefix.bucket())
                        .prefix(prefix.key()).expectedBucketOwner(expectedOwner);
                if (token != null) {
                    req.continuationToken(token);
                }
                ListObjectsV2Response r = s3.listObjectsV2(req.build());
                for (S3Object o : r.contents()) {
                    if (!o.key().endsWith("/")) {
                        out.add(new S3Input(new S3Uri(prefix.bucket(), o.key()), o.size() == null ? -1 : o.size()));
                    }
                }
                token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
            } while (token != null);
        } catch (RuntimeException e) {
            throw mapped(e, "s3Prefix", prefix);
        }
        return out;
    }

    /**
     * Reads and parses a manifest: a JSON array whose first element is {@code {"prefix": "s3://bucket/p/"}} and
     * whose other elements are keys relative to it.
     *
     * @param s3 the S3 client
     * @param expectedOwner the expected bucket owner, or {@code null}
     * @param manifest the manifest object
     * @return the prefix and the listed objects
     * @throws InvalidRequestException (field {@code manifest}) if the manifest is malformed or too large
     * @throws InferenceException if it cannot be read
     */
    public static Manifest readManifest(S3Client s3, String expectedOwner, S3Uri manifest) {
        byte[] bytes;
        try (InputStream in = open(s3, expectedOwner, manifest)) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new io.github.sminference.exception.TransportException("reading the manifest " + manifest
                    + " failed: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new InvalidRequestException("manifest", manifest.toString(), "the manifest is over "
                    + MAX_MANIFEST_BYTES + " bytes; split the dataset into several manifests");
        }
        return parseManifest(manifest.toString(), new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Parses a manifest's text.
     *
     * @param name the manifest, for messages
     * @param json the text
     * @return the prefix and the listed objects
     * @throws InvalidRequestException (field {@code manifest}) if the text is not a valid manifest
     */
    public static Manifest parseManifest(String name, String json) {
        Object parsed;
        try {
            parsed = MiniJson.parse(json);
        } catch (MiniJson.JsonException e) {
            throw new InvalidRequestException("manifest", name, "the manifest is not valid JSON (" + e.getMessage()
                    + "); it looks like [{\"prefix\":\"s3://bucket/p/\"}, \"rel/1\", \"rel/2\"]", e);
        }
        if (!(parsed instanceof List) || ((List<?>) parsed).isEmpty()
                || !(((List<?>) parsed).get(0) instanceof Map)) {
            throw new InvalidRequestException("manifest", name, "a manifest is a JSON array starting with"
                    + " {\"prefix\":\"s3://bucket/p/\"}, then the keys relative to it");
        }
        List<?> items = (List<?>) parsed;
        Object prefix = ((Map<?, ?>) items.get(0)).get("prefix");
        if (!(prefix instanceof String) || !((String) prefix).startsWith("s3://")) {
            throw new InvalidRequestException("manifest", name, "the first element must be {\"prefix\":"
                    + " \"s3://bucket/prefix/\"}");
        }
        String p = (String) prefix;
        S3Uri.parse("manifest.prefix", p);
        List<S3Uri> entries = new ArrayList<>(items.size() - 1);
        for (int i = 1; i < items.size(); i++) {
            Object e = items.get(i);
            if (!(e instanceof String) || ((String) e).isEmpty()) {
                throw new InvalidRequestException("manifest", name, "element " + i + " must be a non-empty key"
                        + " relative to the prefix (a JSON string)");
            }
            entries.add(S3Uri.parse("manifest[" + i + "]", p + e));
        }
        return new Manifest(p, Collections.unmodifiableList(entries));
    }

    /**
     * Opens an object for reading, with the expected bucket owner.
     *
     * @param s3 the S3 client
     * @param expectedOwner the expected bucket owner, or {@code null}
     * @param uri the object
     * @return the stream, which the caller closes
     * @throws InferenceException if the object cannot be opened
     */
    public static InputStream open(S3Client s3, String expectedOwner, S3Uri uri) {
        try {
            return s3.getObject(b -> b.bucket(uri.bucket()).key(uri.key()).expectedBucketOwner(expectedOwner));
        } catch (RuntimeException e) {
            throw mapped(e, "s3Object", uri);
        }
    }

    /**
     * A missing bucket or object, or one these credentials may not read, is a mistake in the dataset: an
     * {@link InvalidRequestException} naming the location; other failures (throttling, 5xx) map as usual.
     */
    private static InferenceException mapped(RuntimeException e, String field, S3Uri where) {
        if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception) {
            var s3e = (software.amazon.awssdk.services.s3.model.S3Exception) e;
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            if (s3e.statusCode() == 404) {
                return new InvalidRequestException(field, where.toString(), (code == null ? "not found" : code)
                        + ": check the bucket, the key and the client's Region", e);
            }
            if (s3e.statusCode() == 403) {
                return new InvalidRequestException(field, where.toString(), (code == null ? "access denied" : code)
                        + ": grant these credentials s3:ListBucket and s3:GetObject on it (and check the expected"
                        + " bucket owner)", e);
            }
        }
        return AwsExceptionMapper.map(e, TIMEOUT);
    }

    /**
     * One object as a record source.
     *
     * @param s3 the S3 client
     * @param expectedOwner the expected bucket owner, or {@code null}
     * @param uri the object
     * @param size its size, or -1 if unknown
     * @return the source, named by its {@code s3://} URI
     */
    public static RecordSource source(S3Client s3, String expectedOwner, S3Uri uri, long size) {
        return new RecordSource() {
            @Override
            public String name() {
                return uri.toString();
            }

            @Override
            public InputStream open() {
                return S3Datasets.open(s3, expectedOwner, uri);
            }

            @Override
            public OptionalLong size() {
                return size >= 0 ? OptionalLong.of(size) : OptionalLong.empty();
            }

            @Override
            public String toString() {
                return "RecordSource[" + uri + (size >= 0 ? ", " + size + " bytes" : "") + "]";
            }
        };
    }
}
