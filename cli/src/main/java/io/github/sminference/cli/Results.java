package io.github.sminference.cli;

import io.github.sminference.ResultMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes one inference result: raw to stdout or a file, or as a JSON object with {@code --output json}. */
final class Results {
    private Results() {
    }

    /** Fails before anything is sent when the result could not be written where asked. */
    static void checkWritable(Path outFile) {
        if (outFile == null) {
            return;
        }
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--out-file", "the folder of " + outFile + " does not exist: create it first");
        }
        if (Files.isDirectory(outFile)) {
            throw new UsageException("--out-file", outFile + " is a folder: name a file");
        }
    }

    /**
     * Writes a result.
     *
     * @param body the result's bytes, read to the end here
     * @param token the job's resume token, or {@code null}
     */
    static void write(Io io, Common common, Path outFile, InputStream body, String contentType, ResultMetadata meta,
            String token) {
        try {
            long bytes;
            byte[] inline = null;
            if (outFile != null) {
                try (OutputStream o = Files.newOutputStream(outFile)) {
                    bytes = body.transferTo(o);
                }
            } else if (common.json()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                bytes = body.transferTo(buf);
                inline = buf.toByteArray();
            } else {
                bytes = copyFlushing(body, io.out);
            }
            if (common.json()) {
                Json j = metadata(meta).put("contentType", contentType).put("bytes", bytes).put("token", token);
                if (outFile != null) {
                    j.put("outputFile", outFile.toAbsolutePath().toString());
                } else {
                    String text = utf8(inline);
                    if (text != null) {
                        j.put("body", text);
                    } else {
                        j.put("bodyBase64", Base64.getEncoder().encodeToString(inline));
                    }
                }
                io.out.println(j);
            }
            io.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result" + (outFile == null ? "" : " to " + outFile), e);
        }
    }

    /** Copies as bytes arrive, so a streamed response (tokens) shows at once. */
    private static long copyFlushing(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16_384];
        long n = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
            out.flush();
            n += r;
        }
        return n;
    }

    /** The metadata that is safe to print: never the custom attributes the model returned. */
    static Json metadata(ResultMetadata m) {
        return Json.object().put("mode", m.mode().name()).put("endpoint", m.endpointName().orElse(null))
                .put("inferenceId", m.inferenceId().orElse(null))
                .put("invokedVariant", m.invokedVariant().orElse(null))
                .put("newSessionId", m.newSessionId().orElse(null))
                .put("closedSessionId", m.closedSessionId().orElse(null))
                .put("outputLocation", m.outputLocation().orElse(null)).put("attempts", m.attempts())
                .put("latencyMs", m.latency().toMillis());
    }

    /** The bytes as text if they are valid UTF-8, else {@code null}. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
