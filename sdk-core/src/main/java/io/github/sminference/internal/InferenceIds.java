package io.github.sminference.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generated inference ids: random (version 4) UUIDs, made without a {@link SecureRandom} per call.
 *
 * <p>{@link UUID#randomUUID()} draws from one shared {@code SecureRandom}, which is synchronized and on Linux reads
 * {@code /dev/urandom}: per call it cost several microseconds of CPU, and under 16 or more calling threads its lock
 * made them queue and park (the benchmark's "no ids" variant measured the difference). An inference id only has to be
 * unique, not unguessable (it is logged and shown in CloudWatch, never used as a secret), so the bits come from
 * {@link ThreadLocalRandom} (no lock, no system call), and the low half is XORed with 64 bits drawn once per JVM from
 * a {@code SecureRandom}, so that two JVMs whose thread-local generators happened to start alike still differ. The
 * result has the version 4 and IETF variant bits of a random UUID (122 random bits). Thread-safe.
 */
public final class InferenceIds {
    private static final long JVM_SALT = new SecureRandom().nextLong();

    private InferenceIds() {
    }

    /**
     * A new id.
     *
     * @return 36 characters, the canonical form of a version 4 UUID
     */
    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = ((r.nextLong() ^ JVM_SALT) & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
