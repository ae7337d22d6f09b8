package io.github.sminference.reliability.resume;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringOptions;
import io.github.sminference.ScoringSummary;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.local.ModelOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The two JVMs of {@link CrashResumeTest}, against a local endpoint whose in-process model upper-cases each record
 * after a short pause (20 ms an asynchronous request, 1 ms a batch record), so work is still under way when the first
 * JVM is killed.
 *
 * <ul>
 *   <li>{@code first async <work> <n>}: submits {@code n} requests {@code req-<i>}, prints {@code TOKEN <i> <token>}
 *       for each, then {@code SUBMITTED}, and waits to be killed.</li>
 *   <li>{@code first batch <work> <input folder>}: starts a transform job over the folder's files, prints
 *       {@code TOKEN 0 <token>} and {@code SUBMITTED}, and waits to be killed.</li>
 *   <li>{@code second async <work> <token>...}: resumes each token and prints {@code RESULT <token> <text>}.</li>
 *   <li>{@code second batch <work> <token>}: resumes the job, prints {@code RECORD <index> <output>} for every
 *       record and {@code SUMMARY <succeeded> <failed>}.</li>
 * </ul>
 */
public final class CrashResumeMain {
    static final String ENDPOINT = "crash-endpoint";

    private CrashResumeMain() {
    }

    static InferenceClient client(String mode, Path work) {
        return LocalInferenceClient.builder().endpointName(ENDPOINT)
                .mode(mode.equals("async") ? InvocationMode.ASYNC_ENDPOINT : InvocationMode.BATCH).workDir(work)
                .asyncConcurrency(2)
                .handler(in -> {
                    LockSupport.parkNanos(mode.equals("async") ? 20_000_000L : 1_000_000L); // 20 ms, 1 ms a request
                    return ModelOutput.of(in.text().toUpperCase(Locale.ROOT), "text/plain");
                }).build();
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     * @throws Exception on failure (a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        String mode = args[1];
        Path work = Path.of(args[2]);
        InferenceClient c = client(mode, work);
        if (role.equals("first")) {
            if (mode.equals("async")) {
                int n = Integer.parseInt(args[3]);
                for (int i = 0; i < n; i++) {
                    InferenceJob job = c.submit(InferenceRequest.builder().body("req-" + i).contentType("text/plain")
                            .build());
                    System.out.println("TOKEN " + i + " " + job.token());
                }
            } else {
                List<Path> files;
                try (Stream<Path> s = Files.list(Path.of(args[3]))) {
                    files = s.sorted().toList();
                }
                ScoringJob job = c.score(Dataset.ofFiles(files).withContentType("text/plain"),
                        ScoringOptions.builder().batchStrategy(ScoringOptions.BatchStrategy.SINGLE_RECORD)
                                .maxConcurrentTransforms(2).build());
                System.out.println("TOKEN 0 " + job.token());
            }
            System.out.println("SUBMITTED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // killed here, with work under way
            return;
        }
        try (c) {
            if (mode.equals("async")) {
                for (int i = 3; i < args.length; i++) {
                    InferenceJob job = c.resume(args[i]);
                    System.out.println("RESULT " + args[i] + " " + job.await(Duration.ofSeconds(60)).text());
                }
            } else {
                ScoringJob job = c.resumeScoring(args[3]);
                try (RecordStream records = job.records()) {
                    while (records.hasNext()) {
                        ScoredRecord r = records.next();
                        System.out.println("RECORD " + r.index() + " " + r.outputText().orElse("<none>"));
                    }
                }
                ScoringSummary s = job.await(Duration.ofSeconds(60));
                System.out.println("SUMMARY " + s.recordsSucceeded() + " " + s.recordsFailed());
            }
        }
        System.out.flush();
    }
}
