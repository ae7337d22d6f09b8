package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.testsupport.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Reads every record of a transform job's output in a JVM of its own (run with {@code -Xmx128m}). Prints
 * {@code RESULT bytes=.. nanos=.. peakHeap=.. gcCount=.. gcMillis=.. maxHeap=.. records=..}.
 *
 * <ul>
 *   <li>{@code ours}: a {@code BATCH} client (the builder's own S3 client) attaches to the job by name
 *       ({@code AwsInferenceClient.attachTransformJob}; its description comes from the stub) and reads
 *       {@code records()}: the {@code .out} objects in input order, the next ones prefetched (the default, 2), each
 *       line a record (JoinSource Input: the inputs are not read).</li>
 *   <li>{@code raw}: lists the output prefix and reads the objects one after the other with GetObject on an Apache
 *       S3 client set up like ours, splitting each into lines (a byte array per record, as ours gives).</li>
 * </ul>
 * Both check every record (its length, and for ours its index).
 */
public final class BatchReadMain {
    private BatchReadMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code ours|raw <s3 endpoint> <control-plane stub> <bucket> <job name>}
     * @throws Exception on failure (the runner reports it)
     */
    public static void main(String[] args) throws Exception {
        String side = args[0];
        URI s3uri = URI.create(args[1]);
        URI stub = URI.create(args[2]);
        String bucket = args[3];
        String job = args[4];
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY));
        long[] counts;
        long nanos;
        long peak;
        long gcCount;
        long gcMillis;
        if (side.equals("ours")) {
            try (SageMakerClient control = SageMakerClient.builder().region(Clients.REGION).credentialsProvider(creds)
                    .endpointOverride(stub).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .httpClientBuilder(ApacheHttpClient.builder()).build();
                    InferenceClient client = AwsInferenceClient.builder().endpointName(Clients.ENDPOINT)
                            .mode(InvocationMode.BATCH).region(Clients.REGION).credentialsProvider(creds)
                            .endpointOverride(s3uri).forcePathStyle(true).sageMakerClient(control)
                            .transformJob(TransformJobOptions.builder().instanceType("ml.m5.xlarge").build())
                            .build();
                    HeapSampler heap = new HeapSampler()) {
                long t0 = System.nanoTime();
                counts = ours(AwsInferenceClient.attachTransformJob(client, job));
                nanos = System.nanoTime() - t0;
                peak = heap.peakBytes();
                gcCount = heap.collections();
                gcMillis = heap.collectionMillis();
            }
        } else if (side.equals("raw")) {
            try (S3Client s3 = S3Client.builder().region(Clients.REGION).credentialsProvider(creds)
                    .endpointOverride(s3uri).forcePathStyle(true)
                    .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(70))
                            .connectionTimeout(Duration.ofSeconds(2)).maxConnections(50))
                    .build();
                    HeapSampler heap = new HeapSampler()) {
                long t0 = System.nanoTime();
                counts = raw(s3, bucket, job + "/out/");
                nanos = System.nanoTime() - t0;
                peak = heap.peakBytes();
                gcCount = heap.collections();
                gcMillis = heap.collectionMillis();
            }
        } else {
            throw new IllegalArgumentException("ours or raw, not " + side);
        }
        System.out.println("RESULT bytes=" + counts[1] + " nanos=" + nanos + " peakHeap=" + peak + " gcCount="
                + gcCount + " gcMillis=" + gcMillis + " maxHeap=" + Runtime.getRuntime().maxMemory() + " records="
                + counts[0]);
    }

    private static long[] ours(ScoringJob job) {
        long records = 0;
        long bytes = 0;
        try (RecordStream r = job.records()) {
            while (r.hasNext()) {
                ScoredRecord rec = r.next();
                int n = rec.output().map(b -> b.length).orElse(-1);
                if (n != LineStream.LINE - 1 || rec.index() != records) {
                    throw new IllegalStateException("record " + records + ": index " + rec.index() + ", " + n
                            + " bytes");
                }
                records++;
                bytes += n + 1;
            }
        }
        return new long[] {records, bytes};
    }

    private static long[] raw(S3Client s3, String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        long[] counts = new long[2];
        for (String key : keys) {
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                lines(in, counts);
            }
        }
        return counts;
    }

    /** Splits a stream into lines, one array per line (without its line break), as a record reader would. */
    private static void lines(InputStream in, long[] counts) throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] carry = new byte[0];
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    byte[] line;
                    if (carry.length > 0) {
                        line = Arrays.copyOf(carry, carry.length + i - start);
                        System.arraycopy(buf, start, line, carry.length, i - start);
                        carry = new byte[0];
                    } else {
                        line = Arrays.copyOfRange(buf, start, i);
                    }
                    record(line, counts);
                    start = i + 1;
                }
            }
            if (start < n) {
                byte[] c = Arrays.copyOf(carry, carry.length + n - start);
                System.arraycopy(buf, start, c, carry.length, n - start);
                carry = c;
            }
        }
        if (carry.length > 0) {
            record(carry, counts);
        }
    }

    private static void record(byte[] line, long[] counts) {
        if (line.length != LineStream.LINE - 1) {
            throw new IllegalStateException("record " + counts[0] + " has " + line.length + " bytes");
        }
        counts[0]++;
        counts[1] += line.length + 1;
    }
}
