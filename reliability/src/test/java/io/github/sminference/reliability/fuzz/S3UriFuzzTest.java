package io.github.sminference.reliability.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link S3Uri#parse}, which reads locations from configuration and from job specs. Property: the text is
 * either a valid {@code s3://bucket[/key]} location, and then the parsed record says exactly what the text says and
 * renders back to a text that parses to the same record, or it is rejected with an {@link InvalidRequestException}
 * that names the field; never another exception. "Valid" is checked here against S3's rules written out
 * independently: a general purpose bucket name (3-63 lowercase letters, digits, dots and hyphens, a letter or digit
 * at both ends, no two adjacent dots, not formatted as an IP address, none of the reserved prefixes {@code xn--},
 * {@code sthree-}, {@code amzn-s3-demo-}); the reserved suffixes are allowed, as access point and directory bucket
 * names end in them and are used in the bucket's place. A key is at most 1024 bytes of UTF-8, and has no control
 * character (the SDK's own rule).
 *
 * <p>The input bytes are decoded as UTF-8 (malformed sequences become U+FFFD).
 */
class S3UriFuzzTest {
    private static final String FIELD = "stagingLocation";
    private static final Pattern IPV4 = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    @DictionaryEntries({"s3://", "/", ".", "-", "..", "xn--", "sthree-", "amzn-s3-demo-", "-s3alias", "--x-s3",
        "192.168.5.4", "\u00e9"})
    @FuzzTest(maxDuration = "60s")
    void parse_anyText_validLocationOrInvalidRequest(byte[] input) {
        String text = new String(input, UTF_8);
        boolean valid = isValidLocation(text);
        S3Uri uri;
        try {
            uri = S3Uri.parse(FIELD, text);
        } catch (InvalidRequestException e) {
            assertThat(e.field()).isEqualTo(FIELD);
            assertThat(e.getMessage()).contains(FIELD);
            assertThat(valid).as("rejected a valid location %s: %s", Texts.lazyShow(text), e.getMessage()).isFalse();
            return;
        }
        assertThat(valid).as("accepted an invalid location %s as %s", Texts.lazyShow(text), uri).isTrue();
        // The record says what the text says: s3:// + bucket, then nothing or / + key.
        String rendered = "s3://" + uri.bucket() + "/" + uri.key();
        assertThat(text.equals(rendered) || (uri.key().isEmpty() && text.equals("s3://" + uri.bucket())))
                .as("parsed %s as %s", Texts.lazyShow(text), uri).isTrue();
        assertThat(isValidBucket(uri.bucket())).isTrue();
        // Rendering round-trips.
        assertThat(uri.toString()).isEqualTo(rendered);
        assertThat(S3Uri.parse(FIELD, uri.toString())).isEqualTo(uri);
    }

    static boolean isValidLocation(String text) {
        if (!text.startsWith("s3://")) {
            return false;
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        return isValidBucket(bucket) && isValidKey(key);
    }

    static boolean isValidBucket(String b) {
        if (b.length() < 3 || b.length() > 63) {
            return false;
        }
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && c != '.' && c != '-') {
                return false;
            }
            if ((i == 0 || i == b.length() - 1) && !alnum) {
                return false;
            }
        }
        return !b.contains("..") && !IPV4.matcher(b).matches() && !b.startsWith("xn--")
                && !b.startsWith("sthree-") && !b.startsWith("amzn-s3-demo-");
    }

    static boolean isValidKey(String key) {
        if (key.getBytes(UTF_8).length > 1024) {
            return false;
        }
        return key.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
