package io.github.sminference.testing;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as the model (or emulated service) received it: path, headers (names lower-cased) and body.
 *
 * @param path the request path
 * @param headers header values by lower-case name
 * @param body the body
 */
public record RecordedRequest(String path, Map<String, String> headers, byte[] body) {

    /**
     * Copies the headers with lower-case names.
     *
     * @param path the request path
     * @param headers header values by name
     * @param body the body
     */
    public RecordedRequest {
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        body = body.clone();
    }

    /**
     * A header's value.
     *
     * @param name the header, any case
     * @return the value, or empty
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
