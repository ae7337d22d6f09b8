package io.github.sminference.examples;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Scores local CSV files with a SageMaker batch transform job: the files are uploaded to S3, the job runs, and the
 * records come back in input order, each with its input, streamed from the {@code .out} objects. The token printed
 * survives a restart: {@code resumeScoring(token)} picks the job up again.
 *
 * <p>Usage: {@code BatchTransformExample <model> <s3://bucket/staging> <s3://bucket/output> <file>...}, with the
 * standard AWS configuration.
 */
public final class BatchTransformExample {
    private BatchTransformExample() {
    }

    /**
     * The batch transform client.
     *
     * @param model the SageMaker model's name
     * @param staging {@code s3://bucket/prefix} where local files are uploaded
     * @param output {@code s3://bucket/prefix} where jobs write their outputs
     * @param options a fresh {@code TransformJobOptions.builder()}, possibly with polling settings
     * @param aws applies the caller's AWS settings (Region, endpoint, clients); identity for the defaults
     * @return the client
     */
    static InferenceClient client(String model, String staging, String output, TransformJobOptions.Builder options,
            UnaryOperator<AwsInferenceClient.Builder> aws) {
        // --8<-- [start:batch-aws]
        AwsInferenceClient.Builder builder = AwsInferenceClient.builder()
                .endpointName(model)                 // for BATCH: the SageMaker model's name
                .mode(InvocationMode.BATCH)
                .transformJob(options                // TransformJobOptions.builder()
                        .instanceType("ml.m5.xlarge")
                        .instanceCount(2)
                        .inputStagingLocation(staging)     // local files go to <staging>/<job-name>/
                        .defaultOutputLocation(output)     // outputs go to <output>/<job-name>/
                        .build());
        // --8<-- [end:batch-aws]
        return aws.apply(builder).build();
    }

    /**
     * Runs a transform job over the files and reads its records in input order.
     *
     * @param client the client
     * @param files the CSV files, scored in this order
     * @return the number of records
     */
    static long run(InferenceClient client, List<Path> files) {
        ScoringJob job = client.score(Dataset.ofFiles(files).withContentType("text/csv").withAccept("text/csv"),
                ScoringOptions.builder().batchStrategy(ScoringOptions.BatchStrategy.MULTI_RECORD)
                        .maxPayloadInMb(6).maxConcurrentTransforms(4).build());
        System.out.println("transform job " + job.id() + "; resume token: " + job.token());
        ScoringSummary summary = job.await(Duration.ofHours(12)); // jobs of hours are followed to the end
        long n = 0;
        try (RecordStream records = job.records()) {
            while (records.hasNext()) {
                ScoredRecord r = records.next();
                if (n < 3) {
                    System.out.println(r.inputText().orElse("") + " -> " + r.outputText().orElse(""));
                }
                n++;
            }
        }
        System.out.println(n + " records from " + summary.outputLocations());
        return n;
    }

    /**
     * Entry point.
     *
     * @param args model, staging location, output location, files
     */
    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        try (InferenceClient client = client(args[0], args[1], args[2], TransformJobOptions.builder(), b -> b)) {
            run(client, files);
        }
    }
}
