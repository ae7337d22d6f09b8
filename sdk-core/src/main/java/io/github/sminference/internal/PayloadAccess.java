package io.github.sminference.internal;

import io.github.sminference.Payload;
import java.util.function.Function;

/**
 * Internal: lets adapters read the bytes of an in-memory {@link Payload} without copying them. Not part of the
 * public API; the returned array must never be modified.
 */
public final class PayloadAccess {
    private static volatile Function<Payload, byte[]> accessor;

    private PayloadAccess() {
    }

    /**
     * Called once by {@link Payload}'s static initializer.
     *
     * @param bytesOf reads the private bytes
     */
    public static void install(Function<Payload, byte[]> bytesOf) {
        accessor = bytesOf;
    }

    /**
     * The in-memory bytes of a payload, shared, not copied.
     *
     * @param payload a payload
     * @return its bytes, or {@code null} unless its kind is {@link Payload.Kind#BYTES}
     */
    public static byte[] bytes(Payload payload) {
        payload.kind(); // ensures Payload's class initialisation ran
        return accessor.apply(payload);
    }
}
