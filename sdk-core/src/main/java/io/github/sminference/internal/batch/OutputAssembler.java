package io.github.sminference.internal.batch;

import io.github.sminference.ScoringOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes model responses to a {@code .out} output in request order, as a SageMaker batch transform does with its
 * {@code AssembleWith} setting.
 *
 * <ul>
 *   <li>{@link ScoringOptions.AssembleWith#NONE}: the response's bytes as they are (binary concatenation).</li>
 *   <li>{@link ScoringOptions.AssembleWith#LINE}: the response, then {@code \n}. The service adds a line break
 *       after each response; when the response already ends with one ({@code \n} or {@code \r\n}), that one line
 *       break is removed first, so a model that ends its answer with a newline does not produce a blank line
 *       between records. Only one is removed: a response ending in two line breaks keeps an empty line, which
 *       then counts as an output line.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe (the stream is not: write to one output from one thread).
 */
public final class OutputAssembler {
    private OutputAssembler() {
    }

    /**
     * Appends one response.
     *
     * @param out the {@code .out} output
     * @param response the model's response body
     * @param assembleWith how responses are joined
     * @throws IOException if writing fails
     */
    public static void append(OutputStream out, byte[] response, ScoringOptions.AssembleWith assembleWith)
            throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(response, "response");
        if (Objects.requireNonNull(assembleWith, "assembleWith") == ScoringOptions.AssembleWith.NONE) {
            out.write(response);
            return;
        }
        out.write(response, 0, lengthWithoutLineBreak(response));
        out.write('\n');
    }

    /**
     * The length of the bytes without one trailing {@code \n} or {@code \r\n}.
     *
     * @param b the bytes
     * @return the length to keep
     */
    static int lengthWithoutLineBreak(byte[] b) {
        int n = b.length;
        if (n > 0 && b[n - 1] == '\n') {
            n--;
            if (n > 0 && b[n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }
}
