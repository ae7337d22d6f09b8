package io.github.sminference.cli;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code score}: a whole dataset, in any mode, results streamed back in input order. */
@Command(name = "score", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {"Scores a dataset (local files, an S3 prefix or an S3 manifest) and streams the results in"
                + " input order: one output per line on stdout, a JSON object per record with --output json, or"
                + " <source>.out files with --out-dir.",
                "On batch it runs a transform job; on the endpoint modes it fans the records out over the endpoint."
                        + " The options are the transform job's; unset ones take the container's"
                        + " /execution-parameters where the mode can ask, then SageMaker's defaults."})
final class ScoreCommand implements Callable<Integer> {
    /** How records are grouped into requests. */
    enum Strategy { single, multi }

    /** How a file is cut into records. */
    enum Split { line, none }

    /** How responses are assembled. */
    enum Assemble { none, line }

    /** What the output holds. */
    enum Join { none, input }

    /** What a failed record does. */
    enum RecordErrors { fail, report }

    private final Io io;

    @Mixin
    Target target;

    @Parameters(paramLabel = "FILES", arity = "0..*", description = "Local files to score, in order.")
    List<Path> files;

    @Option(names = "--s3-prefix", paramLabel = "S3_URI", order = 30,
            description = "Score every object under s3://bucket/prefix/, in key order (AWS).")
    String s3Prefix;

    @Option(names = "--manifest", paramLabel = "S3_URI", order = 31,
            description = "Score the objects an S3 manifest file lists, in listed order (AWS).")
    String manifest;

    @Option(names = "--split", paramLabel = "TYPE", order = 32,
            description = "line (default: one record per line) or none (each file is one record).")
    Split split;

    @Option(names = {"-c", "--content-type"}, paramLabel = "TYPE", order = 33,
            description = "The records' MIME type, e.g. text/csv.")
    String contentType;

    @Option(names = {"-a", "--accept"}, paramLabel = "TYPE", order = 34, description = "The MIME type wanted back.")
    String accept;

    @Option(names = "--batch-strategy", paramLabel = "STRATEGY", order = 35,
            description = "single (one record per request) or multi (as many as fit under --max-payload-mb).")
    Strategy strategy;

    @Option(names = "--max-payload-mb", paramLabel = "MB", order = 36,
            description = "MaxPayloadInMB: the largest request, 0 (unlimited) to 100 (1 MB = 1,048,576 bytes).")
    Integer maxPayloadMb;

    @Option(names = "--max-concurrent-transforms", paramLabel = "N", order = 37,
            description = "MaxConcurrentTransforms: requests at once. MB x N may not exceed 100.")
    Integer maxConcurrentTransforms;

    @Option(names = "--assemble-with", paramLabel = "HOW", order = 38,
            description = "none or line (default when split by line: a line break after each response).")
    Assemble assembleWith;

    @Option(names = "--join", paramLabel = "SOURCE", order = 39,
            description = "none (default) or input: each output joined with its input record (CSV, JSON Lines).")
    Join join;

    @Option(names = "--model-timeout", paramLabel = "DURATION", converter = Durations.class, order = 40,
            description = "Per-request model time (InvocationsTimeoutInSeconds, 1s to 1h; default 600s).")
    Duration modelTimeout;

    @Option(names = "--max-retries", paramLabel = "N", order = 41,
            description = "Retries per failed request (InvocationsMaxRetries, 0 to 3; default 3).")
    Integer maxRetries;

    @Option(names = "--output-location", paramLabel = "LOCATION", order = 42,
            description = "Where the job writes its <input>.out outputs: s3://bucket/prefix (AWS) or a folder"
                    + " (local).")
    String outputLocation;

    @Option(names = "--job-name", paramLabel = "NAME", order = 43, description = "The transform job's name.")
    String jobName;

    @Option(names = "--idempotency-key", paramLabel = "KEY", order = 44,
            description = "A retried submission with the same key attaches to the job it started.")
    String idempotencyKey;

    @Option(names = "--requests-per-second", paramLabel = "RATE", order = 45,
            description = "Endpoint modes: the most requests per second.")
    Double requestsPerSecond;

    @Option(names = "--record-errors", paramLabel = "WHAT", order = 46,
            description = "Endpoint modes: fail (default: the first failed record fails the job) or report (go on;"
                    + " failed records are reported and the exit status is 1).")
    RecordErrors recordErrors;

    @Option(names = "--out-dir", paramLabel = "DIR", order = 47,
            description = "Write the results to DIR/<source file name>.out (one output per line) instead of"
                    + " stdout.")
    Path outDir;

    @Option(names = "--watch", order = 48,
            description = "Show progress: status, elapsed time and, where the mode counts them, records done. A bar"
                    + " on a terminal, else a line per change of state.")
    boolean watch;

    @Option(names = "--detach", order = 49,
            description = "Batch: start the job, print its resume token and exit; 'sminference wait TOKEN' reads"
                    + " the results later.")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class, order = 50,
            description = "How long to wait for the results (default: until the job ends).")
    Duration timeout;

    @Mixin
    Common common;

    ScoreCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        InvocationMode mode = target.modeOrDefault();
        if (detach && mode != InvocationMode.BATCH) {
            throw new UsageException("--detach", "only a batch transform job outlives this process: use --mode"
                    + " batch, or drop --detach");
        }
        Scoring.checkOutDir(outDir);
        Dataset dataset = dataset();
        ScoringOptions options = options();
        try (InferenceClient client = target.open()) {
            ScoringJob job = client.score(dataset, options);
            if (detach) {
                if (common.json()) {
                    io.out.println(Jobs.describe(job, job.status()).put("token", job.token()));
                } else {
                    io.out.println(job.token());
                    io.err.println("started " + job.id() + "; read its results with 'sminference wait TOKEN'");
                }
                io.out.flush();
                return Errors.OK;
            }
            return Scoring.consume(io, common, job, outDir, Jobs.showProgress(io, common, watch), timeout);
        }
    }

    private Dataset dataset() {
        int sources = (files == null || files.isEmpty() ? 0 : 1) + (s3Prefix == null ? 0 : 1)
                + (manifest == null ? 0 : 1);
        if (sources != 1) {
            throw new UsageException("FILES", "name the dataset once: local FILES, --s3-prefix S3_URI or --manifest"
                    + " S3_URI");
        }
        Dataset d = files != null && !files.isEmpty() ? Dataset.ofFiles(files)
                : s3Prefix != null ? Dataset.ofS3Prefix(s3Prefix) : Dataset.ofManifest(manifest);
        if (split != null) {
            d = d.withSplitType(split == Split.line ? Dataset.SplitType.LINE : Dataset.SplitType.NONE);
        }
        return d.withContentType(contentType).withAccept(accept);
    }

    private ScoringOptions options() {
        ScoringOptions.Builder b = ScoringOptions.builder()
                .batchStrategy(strategy == null ? null : strategy == Strategy.single
                        ? ScoringOptions.BatchStrategy.SINGLE_RECORD : ScoringOptions.BatchStrategy.MULTI_RECORD)
                .maxPayloadInMb(maxPayloadMb).maxConcurrentTransforms(maxConcurrentTransforms)
                .assembleWith(assembleWith == null ? null : assembleWith == Assemble.line
                        ? ScoringOptions.AssembleWith.LINE : ScoringOptions.AssembleWith.NONE)
                .modelTimeout(modelTimeout).outputLocation(outputLocation).jobName(jobName)
                .idempotencyKey(idempotencyKey).requestsPerSecond(requestsPerSecond);
        if (join != null) {
            b.joinSource(join == Join.input ? ScoringOptions.JoinSource.INPUT : ScoringOptions.JoinSource.NONE);
        }
        if (maxRetries != null) {
            b.maxRetries(maxRetries);
        }
        if (recordErrors != null) {
            b.recordErrors(recordErrors == RecordErrors.report ? ScoringOptions.RecordErrors.REPORT
                    : ScoringOptions.RecordErrors.FAIL_JOB);
        }
        return b.build();
    }
}
