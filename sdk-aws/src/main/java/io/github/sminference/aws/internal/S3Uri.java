package io.github.sminference.aws.internal;

import io.github.sminference.exception.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/key} location, parsed strictly: a bucket name as S3 allows it (3-63 lowercase letters,
 * digits, dots and hyphens, starting and ending with a letter or digit, no two adjacent dots, not formatted as an IP
 * address, not starting with a prefix S3 reserves: {@code xn--}, {@code sthree-}, {@code amzn-s3-demo-}), and a key
 * (possibly empty for a prefix) of at most 1024 bytes of UTF-8, without control characters.
 *
 * @param bucket the bucket
 * @param key the key or prefix, without a leading slash; may be empty
 */
public record S3Uri(String bucket, String key) {
    private static final Pattern URI = Pattern.compile("^s3://([^/]+)(?:/(.*))?$", Pattern.DOTALL);
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]$");
    private static final Pattern IP_ADDRESS = Pattern.compile("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$");

    /**
     * Parses a location.
     *
     * @param field the setting or field it came from, for the error
     * @param uri the text
     * @return the location
     * @throws InvalidRequestException if it is not {@code s3://bucket[/key]} with a valid bucket name
     */
    public static S3Uri parse(String field, String uri) {
        if (uri == null) {
            throw new InvalidRequestException(field, null, "pass s3://bucket/key");
        }
        Matcher m = URI.matcher(uri);
        if (!m.matches()) {
            throw new InvalidRequestException(field, abbreviate(uri), "pass an S3 location: s3://bucket/key");
        }
        String bucket = m.group(1);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new InvalidRequestException(field, abbreviate(uri), "'" + abbreviate(bucket) + "' is not a valid"
                    + " S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            throw new InvalidRequestException(field, abbreviate(uri), "'" + bucket + "' is not a valid S3 bucket name"
                    + " (S3 bucket names are never formatted as an IP address)");
        }
        if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.startsWith("amzn-s3-demo-")) {
            throw new InvalidRequestException(field, abbreviate(uri), "'" + bucket + "' is not a valid S3 bucket name"
                    + " (S3 reserves the prefixes xn--, sthree- and amzn-s3-demo-)");
        }
        String key = m.group(2) == null ? "" : m.group(2);
        if (key.length() > 1024 || key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new InvalidRequestException(field, abbreviate(uri), "an S3 key is at most 1024 bytes of UTF-8");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidRequestException(field, abbreviate(uri),
                        "the key contains a control character at position " + i + "; remove it");
            }
        }
        return new S3Uri(bucket, key);
    }

    /**
     * A key below this prefix.
     *
     * @param name the last part
     * @return {@code prefix/name}, with exactly one slash between
     */
    public S3Uri child(String name) {
        if (key.isEmpty()) {
            return new S3Uri(bucket, name);
        }
        return new S3Uri(bucket, key.endsWith("/") ? key + name : key + "/" + name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }

    /** At most 120 characters, with control characters escaped so the message cannot break a log line. */
    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(s.length(), 120);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 120 ? sb + "..." : sb.toString();
    }
}
