package io.github.sminference.aws.internal.batch;

import io.github.sminference.aws.internal.S3Datasets;
import io.github.sminference.aws.internal.S3Uri;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.internal.batch.OutputLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A transform job's inputs in input order, each with the {@code .out} object the service writes for it: a prefix's
 * objects in key order, a manifest's entries in listed order, uploaded local files in the order they were given
 * (kept in the order object). Output keys follow {@link OutputLayout#outputKey(String, String, String)}, relative
 * to the input prefix (for a manifest, to its {@code prefix}).
 */
final class JobInputs {
    private JobInputs() {
    }

    /**
     * One input and its output.
     *
     * @param input the input object
     * @param output where the service writes its output
     */
    record Item(S3Uri input, S3Uri output) {
    }

    static List<Item> resolve(BatchS3 s3, JobSpec spec) {
        String prefix;
        List<S3Uri> inputs = new ArrayList<>();
        if (spec.manifest()) {
            S3Datasets.Manifest m = S3Datasets.readManifest(s3.client(), s3.owner(), S3Uri.parse("manifest",
                    spec.input()));
            prefix = m.prefix();
            inputs.addAll(m.entries());
        } else {
            prefix = spec.input();
            if (spec.order() != null) {
                for (String rel : readOrder(s3, S3Uri.parse("order", spec.order()))) {
                    inputs.add(S3Uri.parse("input", prefix + rel));
                }
            } else {
                for (S3Datasets.S3Input in : S3Datasets.list(s3.client(), s3.owner(), S3Uri.parse("input",
                        prefix))) {
                    inputs.add(in.uri());
                }
            }
        }
        List<Item> items = new ArrayList<>(inputs.size());
        for (S3Uri in : inputs) {
            items.add(new Item(in, S3Uri.parse("output", OutputLayout.outputKey(prefix, in.toString(),
                    spec.output()))));
        }
        return items;
    }

    private static List<String> readOrder(BatchS3 s3, S3Uri order) {
        Optional<ResponseInputStream<GetObjectResponse>> r = s3.getIfExists(order);
        if (r.isEmpty()) {
            throw new InferenceException("the object that records the order of the job's uploaded files, " + order
                    + ", is missing (was it deleted?); the job's outputs are still under its output location", null,
                    false);
        }
        try (InputStream in = r.get()) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new io.github.sminference.exception.TransportException("reading " + order + " failed: " + e, e);
        }
    }
}
