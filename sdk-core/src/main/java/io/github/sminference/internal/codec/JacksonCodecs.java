package io.github.sminference.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.sminference.codec.Codec;
import io.github.sminference.exception.CodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Jackson-backed codecs; loaded only through {@link JacksonSupport} once Jackson is known to be present. */
final class JacksonCodecs {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JacksonCodecs() {
    }

    static final class Json<T> implements Codec<T> {
        private final Class<T> type;
        private final ObjectReader reader;
        private final ObjectWriter writer;

        Json(Class<T> type) {
            this.type = type;
            this.reader = MAPPER.readerFor(type);
            this.writer = MAPPER.writerFor(type);
        }

        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public byte[] encode(T value) {
            try {
                return writer.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new CodecException("cannot write " + type.getSimpleName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }

        @Override
        public T decode(byte[] body, String contentType) {
            try {
                return reader.readValue(body);
            } catch (IOException e) {
                throw new CodecException("cannot read the body as JSON " + type.getSimpleName() + ": "
                        + (e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
                                : e.getMessage()), e);
            }
        }

        @Override
        public String toString() {
            return "Codecs.json(" + type.getName() + ")";
        }
    }

    static final class JsonLines<T> implements Codec<List<T>> {
        private final Class<T> type;
        private final ObjectReader reader;
        private final ObjectWriter writer;

        JsonLines(Class<T> type) {
            this.type = type;
            this.reader = MAPPER.readerFor(type);
            this.writer = MAPPER.writerFor(type);
        }

        @Override
        public String contentType() {
            return "application/jsonlines";
        }

        @Override
        public byte[] encode(List<T> values) {
            if (values == null) {
                throw new CodecException("cannot encode null JSON lines", null);
            }
            StringBuilder sb = new StringBuilder();
            for (T v : values) {
                try {
                    sb.append(writer.writeValueAsString(v)).append('\n');
                } catch (JsonProcessingException e) {
                    throw new CodecException("cannot write " + type.getSimpleName() + " as JSON: "
                            + e.getOriginalMessage(), e);
                }
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<T> decode(byte[] body, String contentType) {
            String text = new String(body, TextCodec.charsetOf(contentType));
            List<T> out = new ArrayList<>();
            int lineNo = 0;
            for (String line : text.split("\r?\n", -1)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(reader.readValue(line));
                } catch (IOException e) {
                    throw new CodecException("JSON Lines line " + lineNo + " is not a JSON " + type.getSimpleName()
                            + ": " + (e instanceof JsonProcessingException
                                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage()), e);
                }
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        public String toString() {
            return "Codecs.jsonLines(" + type.getName() + ")";
        }
    }
}
