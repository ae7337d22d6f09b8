package io.github.sminference.reliability.badinput;

import io.github.sminference.InferenceClient;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.reliability.badinput.BadInputRig.Target;
import io.github.sminference.spi.BaseClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One named bad input applied to one target: what to do, which exception must come back, which field it must name
 * and how it may show the value.
 *
 * @param name the case's name in the table
 * @param target where it runs
 * @param expected the exception type the API documents for it
 * @param field the field the exception must name ({@code InvalidRequestException.field()} when it has one)
 * @param shown text the message must contain to show the offending value (the value, or its safe abbreviation)
 * @param hidden text the message must not contain (a sensitive or huge value), or {@code null}
 * @param action what the caller does
 * @param abortedUploadAllowed for a stream of unknown length: S3 may see an upload that is then aborted, leaving
 *     nothing behind (the only way to stage a stream whose length is learnt by reading it)
 */
record BadInput(String name, Target target, Class<? extends InferenceException> expected, String field, String shown,
        String hidden, Action action, boolean abortedUploadAllowed) {

    /** What the caller does; the result (a future, a job, a stream, a client) is examined by the test. */
    @FunctionalInterface
    interface Action {
        Object run(Session s) throws Exception;
    }

    /** The target's shared client, or new clients built for the case (closed after it). */
    static final class Session implements AutoCloseable {
        private final BadInputRig rig;
        private final Target target;
        private final List<InferenceClient> built = new ArrayList<>();

        Session(BadInputRig rig, Target target) {
            this.rig = rig;
            this.target = target;
        }

        InferenceClient client() {
            return rig.client(target);
        }

        InferenceClient build(Consumer<BaseClientBuilder<?>> changes) {
            InferenceClient c = rig.build(target, changes);
            built.add(c);
            return c;
        }

        InferenceClient buildAws(Consumer<AwsInferenceClient.Builder> changes) {
            AwsInferenceClient.Builder b = rig.aws(target);
            changes.accept(b);
            InferenceClient c = b.build();
            built.add(c);
            return c;
        }

        InferenceClient buildLocal(Consumer<LocalInferenceClient.Builder> changes) {
            LocalInferenceClient.Builder b = rig.local(target);
            changes.accept(b);
            InferenceClient c = b.build();
            built.add(c);
            return c;
        }

        @Override
        public void close() {
            for (InferenceClient c : built) {
                c.close();
            }
        }
    }

    BadInput allowingAbortedUpload() {
        return new BadInput(name, target, expected, field, shown, hidden, action, true);
    }

    @Override
    public String toString() {
        return name + " [" + target.label() + "]";
    }
}
