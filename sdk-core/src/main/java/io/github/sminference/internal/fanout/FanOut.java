package io.github.sminference.internal.fanout;

import io.github.sminference.Dataset;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.spi.RecordSource;
import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Scoring a dataset by fanning its records out over an endpoint, from the client: the engine behind
 * {@code score(Dataset)} on real-time, serverless and asynchronous endpoints, in every adapter and local mode.
 */
public final class FanOut {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private FanOut() {
    }

    /**
     * Starts a fan-out; the returned job streams its records in input order.
     *
     * @param spec what to score and how
     * @return the job
     * @throws InvalidRequestException if the options do not fit a fan-out (MultiRecord needs records split by line)
     */
    public static ScoringJob start(FanOutSpec spec) {
        ScoringOptions o = spec.options();
        if (o.batchStrategy().orElse(null) == ScoringOptions.BatchStrategy.MULTI_RECORD
                && spec.split() != Dataset.SplitType.LINE) {
            throw new InvalidRequestException("batchStrategy", "MULTI_RECORD",
                    "MultiRecord packs records split by line; with SplitType.NONE each object is one request:"
                            + " use SINGLE_RECORD");
        }
        if (o.joinSource() == ScoringOptions.JoinSource.INPUT) {
            String ct = spec.contentType() == null ? "" : spec.contentType().toLowerCase(Locale.ROOT);
            if (!(ct.startsWith("text/csv") || ct.contains("json"))) {
                throw new InvalidRequestException("joinSource", "INPUT", "joining input and output works only for"
                        + " CSV and JSON (Lines) data; set the dataset's content type, or use JoinSource.NONE");
            }
        }
        FanOutJob job = new FanOutJob(spec);
        job.start();
        return job;
    }

    /**
     * The error for resuming a fan-out, which lives only in the JVM that started it.
     *
     * @param mode the mode
     * @return the exception
     */
    public static io.github.sminference.exception.NotSupportedException cannotResume(InvocationMode mode) {
        return new io.github.sminference.exception.NotSupportedException("resumeScoring(token)", mode,
                "a fan-out over an endpoint runs in the JVM that started it, so it cannot be resumed elsewhere;"
                        + " score the dataset again");
    }

    /**
     * A fresh scoring id.
     *
     * @param time the clock
     * @return e.g. {@code fanout-20261123-101500-1a2b3c4d}
     */
    public static String newId(io.github.sminference.spi.TimeSource time) {
        return "fanout-" + STAMP.format(time.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The sources of a dataset held on this machine (files, records in memory).
     *
     * @param d the dataset
     * @param mode the client's mode, for the error message
     * @return the sources, in input order
     * @throws InvalidRequestException for S3 datasets, which an adapter with S3 access must list
     */
    public static List<RecordSource> localSources(Dataset d, InvocationMode mode) {
        switch (d.kind()) {
            case FILES: {
                List<RecordSource> out = new ArrayList<>();
                for (var f : d.files()) {
                    out.add(RecordSource.ofFile(f));
                }
                return out;
            }
            case RECORDS: {
                List<byte[]> records = d.records();
                if (d.splitType() == Dataset.SplitType.NONE) {
                    List<RecordSource> out = new ArrayList<>();
                    for (int i = 0; i < records.size(); i++) {
                        out.add(RecordSource.ofBytes("records[" + i + "]", records.get(i)));
                    }
                    return out;
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < records.size(); i++) {
                    byte[] r = records.get(i);
                    for (byte b : r) {
                        if (b == '\n') {
                            throw new InvalidRequestException("records[" + i + "]", "<" + r.length + " bytes>",
                                    "a record split by line cannot contain a line break; use SplitType.NONE");
                        }
                    }
                    all.writeBytes(r);
                    all.write('\n');
                }
                return List.of(RecordSource.ofBytes("records", all.toByteArray()));
            }
            default:
                throw new InvalidRequestException("dataset", d.s3Uri().orElse(d.kind().toString()),
                        "this " + mode + " client reads datasets from this machine; download the objects and use"
                                + " Dataset.ofFiles(..), or use an AWS client, which reads S3 datasets");
        }
    }
}
