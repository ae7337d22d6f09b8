package io.github.sminference.aws.batch;

import io.github.sminference.InferenceClient;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** Run by a test in a new JVM: resumes a transform job from its token and prints its records. */
public final class BatchResumeMain {
    private BatchResumeMain() {
    }

    /**
     * Entry point.
     *
     * @param args the moto endpoint, the token
     */
    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        try (S3Client s3 = BatchTestSupport.s3(endpoint); SageMakerClient sm = BatchTestSupport.sageMaker(endpoint);
                InferenceClient c = BatchTestSupport.builder(sm, s3, BatchTestSupport.fastOptions().build()).build()) {
            ScoringJob job = c.resumeScoring(args[1]);
            job.await(Duration.ofSeconds(30));
            System.out.println("job " + job.id() + " " + job.status().state());
            try (RecordStream records = job.records()) {
                while (records.hasNext()) {
                    ScoredRecord r = records.next();
                    System.out.println(r.index() + " " + r.inputText().orElse("") + " -> "
                            + r.outputText().orElse(""));
                }
            }
        }
    }
}
