package io.github.sminference.aws.internal.batch;

import io.github.sminference.Dataset;
import io.github.sminference.InvocationMode;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.spi.ResumeToken;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.TransformS3DataSource;

/**
 * What a handle needs to follow a transform job and read its results: the job, its input (an S3 prefix or a
 * manifest, and for uploaded local files the object that records their order), its output prefix and how records
 * were split and joined. Built at submission, from a resume token, or from DescribeTransformJob (attach by name).
 *
 * @param jobName the transform job name
 * @param model the model name
 * @param region the Region's name, or {@code null} if unknown
 * @param input the input S3 URI as given to the service ({@code s3://bucket/prefix} or the manifest)
 * @param manifest whether the input is a manifest ({@code ManifestFile}) rather than a prefix ({@code S3Prefix})
 * @param order the object listing uploaded files in the order given (one key relative to the input prefix per
 *     line), or {@code null} to read a prefix in key order
 * @param output the job's S3OutputPath
 * @param split the service's SplitType ({@code None}, {@code Line}, {@code RecordIO}, {@code TFRecord})
 * @param joined whether the output was joined with the input ({@code JoinSource=Input})
 * @param contentType the input content type, or {@code null}
 * @param accept the output MIME type asked for, or {@code null}
 * @param gzip whether the input is gzip-compressed
 */
record JobSpec(String jobName, String model, String region, String input, boolean manifest, String order,
        String output, String split, boolean joined, String contentType, String accept, boolean gzip) {

    /** The tag holding the digest of the input a job was made for, so a retry can tell its own job. */
    static final String DIGEST_TAG = "sminference:input-digest";
    /** The tag saying the job's input prefix was uploaded from local files, whose order is kept in a side object. */
    static final String ORDER_TAG = "sminference:input-order";
    /** The value of {@link #ORDER_TAG}: the order object is the input prefix without its slash, plus this. */
    static final String ORDER_SUFFIX = ".order";

    JobSpec {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(split, "split");
    }

    /**
     * How records are cut, where this library can cut them.
     *
     * @return LINE or NONE, or {@code null} for RecordIO and TFRecord
     */
    Dataset.SplitType splitType() {
        switch (split) {
            case "Line":
                return Dataset.SplitType.LINE;
            case "None":
                return Dataset.SplitType.NONE;
            default:
                return null;
        }
    }

    static String serviceSplit(Dataset.SplitType s) {
        return s == Dataset.SplitType.LINE ? "Line" : "None";
    }

    /** The order object of an uploaded input prefix: the prefix without its trailing slash, plus {@code .order}. */
    static String orderObjectFor(String inputPrefix) {
        String p = inputPrefix.endsWith("/") ? inputPrefix.substring(0, inputPrefix.length() - 1) : inputPrefix;
        return p + ORDER_SUFFIX;
    }

    ResumeToken token(ResumeToken.Kind kind) {
        return ResumeToken.builder(kind, InvocationMode.BATCH, model, jobName).put("region", region)
                .put("input", input).put("manifest", manifest ? "true" : null).put("order", order)
                .put("output", output).put("split", split).put("joined", joined ? "true" : null)
                .put("contentType", contentType).put("accept", accept).put("gzip", gzip ? "true" : null).build();
    }

    static JobSpec fromToken(ResumeToken t) {
        String input = t.get("input").orElseThrow(() -> new InvalidRequestException("token", t.id(),
                "the token has no input location; it was not made by a BATCH client of this library"));
        String output = t.get("output").orElseThrow(() -> new InvalidRequestException("token", t.id(),
                "the token has no output location"));
        return new JobSpec(t.id(), t.name(), t.get("region").orElse(null), input, t.get("manifest").isPresent(),
                t.get("order").orElse(null), output, t.get("split").orElse("None"), t.get("joined").isPresent(),
                t.get("contentType").orElse(null), t.get("accept").orElse(null), t.get("gzip").isPresent());
    }

    /**
     * The spec of an existing job, from its description and tags.
     *
     * @param d the description
     * @param tags the job's tags
     * @param region the client's Region
     * @return the spec
     * @throws InvalidRequestException if the job's input is not an S3 prefix or manifest
     */
    static JobSpec fromDescribe(DescribeTransformJobResponse d, Map<String, String> tags, String region) {
        TransformS3DataSource src = d.transformInput() == null || d.transformInput().dataSource() == null ? null
                : d.transformInput().dataSource().s3DataSource();
        if (src == null || src.s3Uri() == null) {
            throw new InvalidRequestException("jobName", d.transformJobName(),
                    "the job's description has no S3 input; only jobs reading S3 can be attached");
        }
        boolean manifest;
        if (src.s3DataType() == S3DataType.MANIFEST_FILE) {
            manifest = true;
        } else if (src.s3DataType() == S3DataType.S3_PREFIX) {
            manifest = false;
        } else {
            throw new InvalidRequestException("jobName", d.transformJobName(), "the job's input is of type "
                    + src.s3DataTypeAsString() + "; this library reads S3Prefix and ManifestFile inputs");
        }
        String order = !manifest && tags.containsKey(ORDER_TAG) ? orderObjectFor(src.s3Uri()) : null;
        String split = d.transformInput().splitTypeAsString() == null ? "None" : d.transformInput()
                .splitTypeAsString();
        boolean joined = d.dataProcessing() != null && "Input".equals(d.dataProcessing().joinSourceAsString());
        boolean gzip = "Gzip".equals(d.transformInput().compressionTypeAsString());
        String output = d.transformOutput() == null ? null : d.transformOutput().s3OutputPath();
        if (output == null) {
            throw new InvalidRequestException("jobName", d.transformJobName(), "the job's description has no"
                    + " S3OutputPath");
        }
        return new JobSpec(d.transformJobName(), d.modelName(), region, src.s3Uri(), manifest, order, output, split,
                joined, d.transformInput().contentType(), d.transformOutput().accept(), gzip);
    }
}
