package io.github.sminference.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The TOKEN argument of {@code wait} and {@code status}: as given, or {@code -} to read it from stdin. */
final class Tokens {
    private Tokens() {
    }

    static String read(Io io, String token) {
        if (!"-".equals(token)) {
            return token.trim();
        }
        try {
            String line = new BufferedReader(new InputStreamReader(io.in, StandardCharsets.US_ASCII)).readLine();
            if (line == null || line.isBlank()) {
                throw new UsageException("TOKEN", "stdin was empty: pipe the token that submit printed, or pass it"
                        + " as the argument");
            }
            return line.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token from stdin", e);
        }
    }
}
