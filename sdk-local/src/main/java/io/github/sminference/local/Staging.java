package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.internal.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a payload to a file with bounded memory, enforcing a size limit and leaving nothing behind on failure. */
final class Staging {
    private Staging() {
    }

    /** What was written. */
    record Copied(String sha256, long size) {
    }

    static Copied copy(Payload payload, Path target, long maxBytes, InvocationMode mode) {
        if (payload.kind() == Payload.Kind.LOCATION) {
            throw new InvalidRequestException("payload", payload.location().orElse(""),
                    "local mode reads payloads from this machine; pass Payload.ofFile(path) or the bytes instead of a"
                            + " remote location");
        }
        if (payload.knownLength().isPresent() && payload.knownLength().getAsLong() > maxBytes) {
            throw RequestValidator.tooLarge(payload.knownLength().getAsLong(), maxBytes, mode);
        }
        boolean ok = false;
        try {
            Files.createDirectories(target.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            long declared = payload.kind() == Payload.Kind.STREAM ? payload.knownLength().orElse(-1) : -1;
            try (InputStream in = payload.openStream();
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
                byte[] buf = new byte[256 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw RequestValidator.tooLarge(total, maxBytes, mode);
                    }
                    out.write(buf, 0, n);
                }
            }
            if (declared >= 0 && total != declared) {
                throw new InvalidRequestException("payload.length", Long.toString(declared),
                        "the stream yielded " + total + " bytes, not its declared length; pass the exact length");
            }
            ok = true;
            return new Copied(HexFormat.of().formatHex(sha.digest()), total);
        } catch (IOException e) {
            throw new InvalidRequestException("payload", payload.toString(),
                    "staging the payload in " + target.getParent() + " failed: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
