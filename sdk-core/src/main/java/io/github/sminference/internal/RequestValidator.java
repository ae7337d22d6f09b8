package io.github.sminference.internal;

import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.limits.ModeLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks requests against the SageMaker field rules and the mode's limits, before anything is sent. Field rules
 * follow the AWS API model (sagemaker-runtime 2017-05-13). Stateless and thread-safe.
 */
public final class RequestValidator {
    /**
     * The API model's {@code \A\S[\p{Print}]*\z}, read as ASCII: a visible character, then printable ASCII. (Java's
     * {@code \S} alone would let control and non-ASCII characters through into a header.)
     */
    private static final Pattern PRINTABLE_NO_LEADING_SPACE = Pattern.compile("\\A[\\x21-\\x7E][\\x20-\\x7E]*\\z");
    private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9])*$");
    private static final Pattern COMPONENT = Pattern.compile("^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$");
    private static final Pattern PRINTABLE = Pattern.compile("^[\\p{Print}]+$");
    private static final Pattern SESSION = Pattern.compile("^(NEW_SESSION)$|^[a-zA-Z0-9](-*[a-zA-Z0-9])*$");

    private RequestValidator() {
    }

    /** The operation being validated, for field support. */
    public enum Operation {
        /** InvokeEndpoint. */
        INVOKE,
        /** InvokeEndpointWithResponseStream: no TargetModel, no EnableExplanations. */
        STREAM,
        /** InvokeEndpointAsync: none of the routing fields. */
        ASYNC,
        /** A transform job: no per-request headers beyond content type and accept. */
        BATCH
    }

    /**
     * Validates the request's header fields for a synchronous mode and operation.
     *
     * @param r the request
     * @param mode the mode
     * @param op the operation
     * @throws InvalidRequestException naming the field, the value and the fix
     */
    public static void checkFields(InferenceRequest r, InvocationMode mode, Operation op) {
        header("contentType", r.contentType(), 1024, false);
        header("accept", r.accept(), 1024, false);
        header("customAttributes", r.customAttributes(), 1024, true);
        pattern("inferenceId", r.inferenceId(), 1, 64, PRINTABLE_NO_LEADING_SPACE,
                "1-64 printable ASCII characters, not starting with whitespace");
        pattern("targetModel", r.targetModel(), 1, 1024, PRINTABLE_NO_LEADING_SPACE,
                "1-1024 printable ASCII characters, not starting with whitespace");
        pattern("targetVariant", r.targetVariant(), 1, 63, HOSTNAME,
                "1-63 letters, digits and inner hyphens (a production variant name, API pattern"
                        + " ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$)");
        pattern("targetContainerHostname", r.targetContainerHostname(), 1, 63, HOSTNAME,
                "1-63 letters, digits and inner hyphens");
        pattern("inferenceComponentName", r.inferenceComponentName(), 1, 63, COMPONENT,
                "1-63 letters, digits and hyphens, starting and ending with a letter or digit");
        pattern("sessionId", r.sessionId(), 1, 256, SESSION,
                "NEW_SESSION, or a session id of letters, digits and inner hyphens (at most 256)");
        pattern("enableExplanations", r.enableExplanations(), 1, 64, PRINTABLE,
                "a JMESPath expression of 1-64 printable ASCII characters");
        pattern("idempotencyKey", r.idempotencyKey(), 1, 128, PRINTABLE_NO_LEADING_SPACE,
                "1-128 printable ASCII characters, not starting with whitespace");
        if (op == Operation.ASYNC || op == Operation.BATCH) {
            String api = op == Operation.ASYNC ? "InvokeEndpointAsync" : "A transform job (CreateTransformJob)";
            rejectRouting(r.targetModel(), "targetModel", api);
            rejectRouting(r.targetVariant(), "targetVariant", api);
            rejectRouting(r.targetContainerHostname(), "targetContainerHostname", api);
            rejectRouting(r.inferenceComponentName(), "inferenceComponentName", api);
            rejectRouting(r.sessionId(), "sessionId", api);
            rejectRouting(r.enableExplanations(), "enableExplanations", api);
            if (op == Operation.BATCH && r.customAttributes().isPresent()) {
                throw new InvalidRequestException("customAttributes", "<redacted, "
                        + r.customAttributes().get().length() + " characters>", api
                        + " has no custom attributes; pass per-job settings in the model's environment, or use an"
                        + " endpoint mode");
            }
        }
        if (op == Operation.STREAM) {
            if (r.targetModel().isPresent()) {
                throw new InvalidRequestException("targetModel", r.targetModel().get(),
                        "InvokeEndpointWithResponseStream has no TargetModel (multi-model endpoints cannot stream);"
                                + " use predict() instead, or remove targetModel");
            }
            if (r.enableExplanations().isPresent()) {
                throw new InvalidRequestException("enableExplanations", r.enableExplanations().get(),
                        "InvokeEndpointWithResponseStream has no EnableExplanations; use predict() instead");
            }
        }
    }

    private static void rejectRouting(Optional<String> value, String field, String api) {
        if (value.isPresent()) {
            throw new InvalidRequestException(field, abbreviate(value.get()), api + " has no " + field
                    + ", so the request would not reach the model it names; remove it, or use a real-time endpoint");
        }
    }

    /**
     * Checks an asynchronous request's queue time-to-live and resolves it.
     *
     * @param r the request
     * @param limits the limits
     * @return the queue TTL to use
     * @throws InvalidRequestException if it is outside the mode's range
     */
    public static Duration queueTtl(InferenceRequest r, ModeLimits limits) {
        Duration asked = r.queueTtl().orElse(null);
        if (asked == null) {
            return limits.defaultQueueTtl();
        }
        if (asked.compareTo(limits.minQueueTtl()) < 0 || asked.compareTo(limits.maxQueueTtl()) > 0) {
            throw new InvalidRequestException("queueTtl", asked.toString(), "RequestTTLSeconds is "
                    + limits.minQueueTtl().getSeconds() + " to " + limits.maxQueueTtl().getSeconds() + " s");
        }
        return asked;
    }

    /**
     * Checks the request's model time against the mode's limits and resolves it.
     *
     * @param r the request
     * @param limits the limits
     * @return the model time to assume
     * @throws InvalidRequestException if the request asks for more (or less) than the mode allows
     */
    public static Duration modelTime(InferenceRequest r, ModeLimits limits) {
        Duration asked = r.modelTimeout().orElse(null);
        if (asked == null) {
            return limits.defaultModelTime();
        }
        if (asked.compareTo(limits.maxModelTime()) > 0) {
            throw new InvalidRequestException("modelTimeout", asked.toString(), limits.mode()
                    + " gives the model at most " + limits.maxModelTime().getSeconds() + " s"
                    + (limits.mode().isSynchronous()
                            ? "; use an asynchronous endpoint (up to 3600 s) or batch transform for longer work"
                            : "; split the work or raise the limit with ModeLimits overrides if AWS has raised it"));
        }
        if (asked.compareTo(limits.minModelTime()) < 0) {
            throw new InvalidRequestException("modelTimeout", asked.toString(),
                    "pass at least " + limits.minModelTime().getSeconds() + " s");
        }
        return asked;
    }

    /**
     * Reads a synchronous mode's body into memory, enforcing the request limit before anything is sent: known
     * lengths are checked before reading, unknown lengths are read up to one byte past the limit.
     *
     * @param payload the payload
     * @param limits the limits
     * @return the body bytes (shared for in-memory payloads)
     * @throws PayloadTooLargeException if the body is over the limit
     * @throws InvalidRequestException for a remote location, or a stream shorter or longer than declared
     */
    public static byte[] syncBody(Payload payload, ModeLimits limits) {
        long max = limits.maxRequestBytes();
        InvocationMode mode = limits.mode();
        if (payload.kind() == Payload.Kind.LOCATION) {
            throw new InvalidRequestException("payload", payload.location().orElse(""),
                    mode + " endpoints take the body in the request; remote locations work only on ASYNC_ENDPOINT"
                            + " and BATCH. Pass the bytes (Payload.ofBytes/ofFile/ofStream)");
        }
        if (payload.knownLength().isPresent() && payload.knownLength().getAsLong() > max) {
            throw tooLarge(payload.knownLength().getAsLong(), max, mode);
        }
        switch (payload.kind()) {
            case BYTES:
                return PayloadAccess.bytes(payload);
            case FILE:
                try {
                    byte[] b = Files.readAllBytes(payload.file().orElseThrow());
                    if (b.length > max) {
                        throw tooLarge(b.length, max, mode);
                    }
                    return b;
                } catch (IOException e) {
                    throw new InvalidRequestException("payload", payload.file().map(Object::toString).orElse(""),
                            "the file cannot be read: " + e.getMessage(), e);
                }
            default:
                return readStream(payload, max, mode);
        }
    }

    private static byte[] readStream(Payload payload, long max, InvocationMode mode) {
        long declared = payload.knownLength().orElse(-1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(declared >= 0 ? declared : 64 * 1024, Integer.MAX_VALUE - 8));
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = payload.openStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > max) {
                    throw tooLarge(total, max, mode);
                }
                if (declared >= 0 && total > declared) {
                    throw new InvalidRequestException("payload.length", Long.toString(declared),
                            "the stream yielded more bytes than its declared length; pass the exact length");
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new InvalidRequestException("payload", "stream", "reading the stream failed: " + e.getMessage(), e);
        }
        if (declared >= 0 && total != declared) {
            throw new InvalidRequestException("payload.length", Long.toString(declared),
                    "the stream yielded " + total + " bytes, not the declared length; pass the exact length");
        }
        return out.toByteArray();
    }

    /**
     * The payload-too-large error for a mode, with the fix.
     *
     * @param size the size (or bytes read)
     * @param max the limit
     * @param mode the mode
     * @return the exception
     */
    public static PayloadTooLargeException tooLarge(long size, long max, InvocationMode mode) {
        String fix;
        switch (mode) {
            case REAL_TIME:
            case SERVERLESS:
                fix = "use an asynchronous endpoint (payloads up to 1 GB through S3) or batch transform for large"
                        + " inputs, or split the payload";
                break;
            case ASYNC_ENDPOINT:
                fix = "use batch transform for larger inputs, or split the payload";
                break;
            default:
                fix = "split the input into smaller records";
        }
        return new PayloadTooLargeException("payload", size, max, mode, fix);
    }

    /**
     * The inference id to send: the request's, else a generated random UUID ({@link InferenceIds}), else none.
     *
     * @param r the request
     * @param generate whether to generate one
     * @return the id, or {@code null}
     */
    public static String inferenceId(InferenceRequest r, boolean generate) {
        return r.inferenceId().orElseGet(() -> generate ? InferenceIds.next() : null);
    }

    /**
     * Checks a value that is sent as a header: at most {@code max} characters of printable ASCII.
     *
     * @param field the field, as the caller named it
     * @param value the value, or {@code null} (nothing to check)
     * @param max the longest value
     * @throws InvalidRequestException naming the field, the value and the fix
     */
    public static void checkHeader(String field, String value, int max) {
        header(field, Optional.ofNullable(value), max, false);
    }

    private static void header(String field, Optional<String> value, int max, boolean sensitive) {
        if (value.isEmpty()) {
            return;
        }
        String v = value.get();
        if (v.length() > max) {
            throw new InvalidRequestException(field, sensitive ? redacted(v) : abbreviate(v),
                    "at most " + max + " characters; it has " + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new InvalidRequestException(field, sensitive ? redacted(v) : abbreviate(v),
                        "only printable ASCII is allowed in this header; found character U+"
                                + String.format("%04X", (int) c) + " at position " + i);
            }
        }
    }

    private static void pattern(String field, Optional<String> value, int min, int max, Pattern p, String rule) {
        if (value.isEmpty()) {
            return;
        }
        String v = value.get();
        if (v.length() < min || v.length() > max || !p.matcher(v).matches()) {
            throw new InvalidRequestException(field, abbreviate(v), "expected " + rule);
        }
    }

    private static String redacted(String v) {
        return "<redacted, " + v.length() + " characters>";
    }

    /**
     * A value as error messages show it: at most 80 characters, with control characters escaped, so a message can
     * never break a log line.
     *
     * @param v the value
     * @return the text to show
     */
    public static String abbreviate(String v) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(v.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return v.length() > 80 ? sb + "...(" + v.length() + " characters)" : sb.toString();
    }
}
