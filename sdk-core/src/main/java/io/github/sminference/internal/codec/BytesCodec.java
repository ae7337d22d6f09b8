package io.github.sminference.internal.codec;

import io.github.sminference.codec.Codec;
import io.github.sminference.exception.CodecException;

/** The identity codec. */
public final class BytesCodec implements Codec<byte[]> {
    /** The singleton. */
    public static final BytesCodec INSTANCE = new BytesCodec();

    private BytesCodec() {
    }

    @Override
    public String contentType() {
        return "application/octet-stream";
    }

    @Override
    public byte[] encode(byte[] value) {
        if (value == null) {
            throw new CodecException("cannot encode null bytes", null);
        }
        return value.clone();
    }

    @Override
    public byte[] decode(byte[] body, String contentType) {
        return body.clone();
    }

    @Override
    public String toString() {
        return "Codecs.bytes()";
    }
}
