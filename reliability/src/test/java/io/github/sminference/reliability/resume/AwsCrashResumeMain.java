package io.github.sminference.reliability.resume;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringSummary;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.config.CircuitBreakerPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The two JVMs of {@link AwsCrashResumeTest}: the real AWS SDK clients against a loopback asynchronous runtime or
 * control plane, with S3 on s3proxy, all served by the test's JVM.
 *
 * <p>Arguments: {@code <role> <mode> <service URI> <S3 endpoint> <S3 access key> <S3 secret key>}, then
 * <ul>
 *   <li>{@code first async ... <n>}: submits {@code n} requests with inference ids {@code crash-<i>} and bodies
 *       {@link #body(int)}, prints {@code TOKEN <i> <token>} for each and {@code SUBMITTED}, then prints
 *       {@code RESULT <i> <output location> <text>} as each completes, until it is killed.</li>
 *   <li>{@code first batch ... <input folder>}: starts a transform job over the folder's files, prints
 *       {@code TOKEN 0 <token>} and {@code SUBMITTED}, and waits for the job until it is killed.</li>
 *   <li>{@code second async ... <token>...}: resumes each token, prints {@code RESULT <token> <output location>
 *       <text>}.</li>
 *   <li>{@code second batch ... <token>}: resumes the job, prints {@code RECORD <index> <input> -> <output>} for every
 *       record, then {@code SUMMARY <total> <succeeded> <failed> <output objects>}.</li>
 * </ul>
 */
public final class AwsCrashResumeMain {
    static final String ENDPOINT = "crash-endpoint";
    static final String MODEL = "crash-model";
    static final String STAGING = "crash-staging";
    static final String OUTPUT = "crash-output";
    private static final StaticCredentialsProvider RUNTIME_CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing"));

    private AwsCrashResumeMain() {
    }

    /** The body of request {@code i}: what its output is derived from. */
    static String body(int i) {
        return "crash-request-" + i + "-" + "x".repeat(i % 50);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     * @throws Exception on failure (a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        boolean async = args[1].equals("async");
        URI service = URI.create(args[2]);
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(args[3]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[4], args[5])))
                .forcePathStyle(true).build();
        SageMakerClient sm = async ? null : SageMakerClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(RUNTIME_CREDS).endpointOverride(service).build();
        AwsInferenceClient.Builder b = AwsInferenceClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(RUNTIME_CREDS).s3Client(s3).circuitBreaker(CircuitBreakerPolicy.disabled());
        if (async) {
            b.endpointName(ENDPOINT).mode(InvocationMode.ASYNC_ENDPOINT).endpointOverride(service)
                    .asyncEndpoint(AsyncEndpointOptions.builder().stagingLocation("s3://" + STAGING + "/async")
                            .pollInterval(Duration.ofMillis(100), Duration.ofMillis(500)).build());
        } else {
            b.endpointName(MODEL).mode(InvocationMode.BATCH).sageMakerClient(sm)
                    .transformJob(TransformJobOptions.builder().instanceType("ml.m5.xlarge")
                            .inputStagingLocation("s3://" + STAGING + "/batch")
                            .defaultOutputLocation("s3://" + OUTPUT + "/jobs")
                            .pollInterval(Duration.ofMillis(100), Duration.ofMillis(500)).build());
        }
        InferenceClient c = b.build();
        if (role.equals("first")) {
            first(c, async, args[6]);
            return;
        }
        try (c; s3) {
            if (async) {
                for (int i = 6; i < args.length; i++) {
                    InferenceResult r = c.resume(args[i]).await(Duration.ofSeconds(60));
                    say("RESULT " + args[i] + " " + r.metadata().outputLocation().orElse("?") + " " + r.text());
                }
            } else {
                ScoringJob job = c.resumeScoring(args[6]);
                try (RecordStream records = job.records()) {
                    while (records.hasNext()) {
                        ScoredRecord r = records.next();
                        say("RECORD " + r.index() + " " + r.inputText().orElse("<none>") + " -> "
                                + r.outputText().orElse("<none>"));
                    }
                }
                ScoringSummary s = job.await(Duration.ofSeconds(60));
                say("SUMMARY " + s.recordsTotal() + " " + s.recordsSucceeded() + " " + s.recordsFailed() + " "
                        + s.outputLocations().size());
            }
        } finally {
            if (sm != null) {
                sm.close();
            }
        }
    }

    private static void first(InferenceClient c, boolean async, String arg) throws Exception {
        if (async) {
            int n = Integer.parseInt(arg);
            for (int i = 0; i < n; i++) {
                int index = i;
                InferenceJob job = c.submit(InferenceRequest.builder().body(body(i)).contentType("text/plain")
                        .inferenceId("crash-" + i).build());
                say("TOKEN " + i + " " + job.token());
                job.future().thenAccept(r -> say("RESULT " + index + " " + r.metadata().outputLocation().orElse("?")
                        + " " + r.text()));
            }
            say("SUBMITTED");
        } else {
            List<Path> files;
            try (Stream<Path> s = Files.list(Path.of(arg))) {
                files = s.sorted().toList();
            }
            ScoringJob job = c.score(Dataset.ofFiles(files).withContentType("text/csv"));
            say("TOKEN 0 " + job.token());
            say("SUBMITTED");
            job.await(Duration.ofMinutes(5));
        }
        Thread.sleep(Long.MAX_VALUE); // killed here, with work under way
    }
}
