package io.github.sminference;

import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset to score with {@link InferenceClient#score(Dataset)}: local files, an S3 prefix, an S3 manifest, or
 * records in memory; split into records by line, or taken whole.
 *
 * <p>Input order is defined, and results come back in it: files in the order given, objects under a prefix in key
 * order, manifest entries in listed order, and records in order within each.
 *
 * <p>Immutable and thread-safe.
 */
public final class Dataset {

    /** Where the records come from. */
    public enum SourceKind {
        /** Local files, in the order given. */
        FILES,
        /** Every object under an S3 prefix, in key order. */
        S3_PREFIX,
        /** The objects an S3 manifest file lists, in listed order. */
        MANIFEST,
        /** Records held in memory, in list order. */
        RECORDS
    }

    /** How a file or object is cut into records. */
    public enum SplitType {
        /** One record per line (the line break is not part of the record). */
        LINE,
        /** The whole file or object is one record. */
        NONE
    }

    private final SourceKind kind;
    private final List<Path> files;
    private final String s3Uri;
    private final List<byte[]> records;
    private final SplitType splitType;
    private final String contentType;
    private final String accept;

    private Dataset(SourceKind kind, List<Path> files, String s3Uri, List<byte[]> records, SplitType splitType,
            String contentType, String accept) {
        this.kind = kind;
        this.files = files;
        this.s3Uri = s3Uri;
        this.records = records;
        this.splitType = splitType;
        this.contentType = contentType;
        this.accept = accept;
    }

    /**
     * Local files, scored in the order given, split by line.
     *
     * @param files one or more readable regular files
     * @return the dataset
     * @throws InvalidRequestException if the list is empty or a file is missing or unreadable
     */
    public static Dataset ofFiles(List<Path> files) {
        if (files == null || files.isEmpty()) {
            throw new InvalidRequestException("files", String.valueOf(files), "pass at least one file");
        }
        List<Path> copy = new ArrayList<>(files.size());
        for (Path f : files) {
            if (f == null || !Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new InvalidRequestException("files", String.valueOf(f),
                        "every file must exist and be a readable regular file");
            }
            copy.add(f);
        }
        return new Dataset(SourceKind.FILES, Collections.unmodifiableList(copy), null, null, SplitType.LINE, null,
                null);
    }

    /**
     * Local files, scored in the order given, split by line.
     *
     * @param files one or more readable regular files
     * @return the dataset
     * @throws InvalidRequestException if no file is given or a file is missing or unreadable
     */
    public static Dataset ofFiles(Path... files) {
        return ofFiles(files == null ? null : java.util.Arrays.asList(files));
    }

    /**
     * Every object under an S3 prefix, in key order, split by line.
     *
     * @param s3Prefix {@code s3://bucket/prefix/}
     * @return the dataset
     * @throws InvalidRequestException if the URI is not an {@code s3://} URI with a bucket
     */
    public static Dataset ofS3Prefix(String s3Prefix) {
        return new Dataset(SourceKind.S3_PREFIX, List.of(), checkS3("s3Prefix", s3Prefix), null, SplitType.LINE,
                null, null);
    }

    /**
     * The objects an S3 manifest lists ({@code [{"prefix":"s3://bucket/p/"}, "rel/1", "rel/2"]}), in listed order.
     *
     * @param manifestUri {@code s3://bucket/key} of the manifest file
     * @return the dataset
     * @throws InvalidRequestException if the URI is not an {@code s3://} URI with a bucket and key
     */
    public static Dataset ofManifest(String manifestUri) {
        String uri = checkS3("manifestUri", manifestUri);
        if (!uri.matches("^s3://[^/]+/.*[^/]$")) {
            throw new InvalidRequestException("manifestUri", RequestValidator.abbreviate(manifestUri),
                    "a manifest is an object: pass s3://bucket/key, not a bucket or prefix");
        }
        return new Dataset(SourceKind.MANIFEST, List.of(), uri, null, SplitType.LINE, null, null);
    }

    /**
     * Records held in memory, one request body each (UTF-8).
     *
     * @param records the records; none may be {@code null}
     * @return the dataset
     * @throws InvalidRequestException if the list is {@code null} or holds a {@code null}
     */
    public static Dataset ofRecords(List<String> records) {
        if (records == null) {
            throw new InvalidRequestException("records", null, "pass a list of records (it may be empty)");
        }
        List<byte[]> copy = new ArrayList<>(records.size());
        int i = 0;
        for (String r : records) {
            if (r == null) {
                throw new InvalidRequestException("records[" + i + "]", null, "records must not be null");
            }
            copy.add(r.getBytes(StandardCharsets.UTF_8));
            i++;
        }
        return new Dataset(SourceKind.RECORDS, List.of(), null, Collections.unmodifiableList(copy), SplitType.LINE,
                null, null);
    }

    private static String checkS3(String field, String uri) {
        if (uri == null || !uri.matches("^s3://[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9](/.*)?$")) {
            throw new InvalidRequestException(field, uri == null ? null : RequestValidator.abbreviate(uri),
                    "pass s3://bucket/prefix with a valid bucket name");
        }
        return uri;
    }

    /**
     * This dataset with another split type.
     *
     * @param splitType how files or objects are cut into records
     * @return a new dataset
     */
    public Dataset withSplitType(SplitType splitType) {
        return new Dataset(kind, files, s3Uri, records, Objects.requireNonNull(splitType, "splitType"), contentType,
                accept);
    }

    /**
     * This dataset with a content type for its records (sent as each request's {@code Content-Type}).
     *
     * @param contentType the MIME type, e.g. {@code "text/csv"}: at most 1024 printable ASCII characters, or
     *     {@code null}
     * @return a new dataset
     * @throws InvalidRequestException if the value is too long or has characters a header cannot carry
     */
    public Dataset withContentType(String contentType) {
        RequestValidator.checkHeader("dataset.contentType", contentType, 1024);
        return new Dataset(kind, files, s3Uri, records, splitType, contentType, accept);
    }

    /**
     * This dataset with the MIME type wanted back.
     *
     * @param accept the MIME type: at most 1024 printable ASCII characters, or {@code null}
     * @return a new dataset
     * @throws InvalidRequestException if the value is too long or has characters a header cannot carry
     */
    public Dataset withAccept(String accept) {
        RequestValidator.checkHeader("dataset.accept", accept, 1024);
        return new Dataset(kind, files, s3Uri, records, splitType, contentType, accept);
    }

    /**
     * Where the records come from.
     *
     * @return the kind
     */
    public SourceKind kind() {
        return kind;
    }

    /**
     * The local files, for {@link SourceKind#FILES}.
     *
     * @return the files in order, or an empty list
     */
    public List<Path> files() {
        return files;
    }

    /**
     * The S3 prefix or manifest URI.
     *
     * @return the URI, or empty for local sources
     */
    public Optional<String> s3Uri() {
        return Optional.ofNullable(s3Uri);
    }

    /**
     * The in-memory records, for {@link SourceKind#RECORDS}.
     *
     * @return copies of the records, or an empty list
     */
    public List<byte[]> records() {
        if (records == null) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>(records.size());
        for (byte[] r : records) {
            out.add(r.clone());
        }
        return out;
    }

    /**
     * How files or objects are cut into records.
     *
     * @return the split type
     */
    public SplitType splitType() {
        return splitType;
    }

    /**
     * The records' MIME type.
     *
     * @return the content type, or empty
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * The MIME type wanted back.
     *
     * @return the accept value, or empty
     */
    public Optional<String> accept() {
        return Optional.ofNullable(accept);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Dataset)) {
            return false;
        }
        Dataset d = (Dataset) o;
        if (kind != d.kind || splitType != d.splitType || !files.equals(d.files) || !Objects.equals(s3Uri, d.s3Uri)
                || !Objects.equals(contentType, d.contentType) || !Objects.equals(accept, d.accept)) {
            return false;
        }
        if (records == null || d.records == null) {
            return records == d.records;
        }
        if (records.size() != d.records.size()) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            if (!java.util.Arrays.equals(records.get(i), d.records.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, files, s3Uri, splitType, contentType, accept,
                records == null ? 0 : records.size());
    }

    /** Names the source and settings, never record contents. */
    @Override
    public String toString() {
        String src = kind == SourceKind.FILES ? files.toString()
                : kind == SourceKind.RECORDS ? records.size() + " records" : s3Uri;
        return "Dataset[" + kind + " " + src + ", split=" + splitType
                + (contentType == null ? "" : ", contentType=" + contentType)
                + (accept == null ? "" : ", accept=" + accept) + "]";
    }
}
