package io.github.sminference.reliability.resume;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.sminference.internal.batch.OutputLayout;
import io.github.sminference.internal.json.MiniJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The SageMaker control plane for transform jobs, played on loopback in the test's JVM so it outlives the JVMs it
 * serves: CreateTransformJob, DescribeTransformJob and ListTags in AWS JSON 1.1 ({@code POST /} with
 * {@code X-Amz-Target: SageMaker.<Operation>}). A job lists the objects under its S3 input prefix and writes each
 * one's {@code .out} where the service would, one object every {@code perObject}, answering {@code InProgress} until
 * the last is written and {@code Completed} after; its model scores each line as {@code score(<line>)}. Describe
 * echoes the job's own creation request, as the service does. Thread-safe.
 */
final class LoopbackControlPlane implements AutoCloseable {
    private static final String ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:transform-job/";

    /** One job: its creation request, its tags, and how many outputs are written. */
    private static final class Job {
        final String createBody;
        final String tagsJson;
        final int objects;
        final AtomicInteger written = new AtomicInteger();

        Job(String createBody, String tagsJson, int objects) {
            this.createBody = createBody;
            this.tagsJson = tagsJson;
            this.objects = objects;
        }

        boolean done() {
            return written.get() >= objects;
        }
    }

    private final HttpServer server;
    private final ExecutorService http;
    private final ScheduledExecutorService service;
    private final S3Client s3;
    private final Duration perObject;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger creates = new AtomicInteger();

    LoopbackControlPlane(S3Client s3, Duration perObject) throws IOException {
        this.s3 = s3;
        this.perObject = perObject;
        this.http = Executors.newFixedThreadPool(4);
        this.service = Executors.newSingleThreadScheduledExecutor();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(http);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** CreateTransformJob calls that created a job. */
    int creates() {
        return creates.get();
    }

    /** Outputs written so far, over every job. */
    int writtenTotal() {
        return jobs.values().stream().mapToInt(j -> j.written.get()).sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            Map<String, Object> req = MiniJson.parseObject(body);
            switch (target) {
                case "SageMaker.CreateTransformJob" -> create(ex, body, req);
                case "SageMaker.DescribeTransformJob" -> describe(ex, MiniJson.string(req, "TransformJobName"));
                case "SageMaker.ListTags" -> {
                    String arn = MiniJson.string(req, "ResourceArn");
                    Job j = arn == null ? null : jobs.get(arn.substring(arn.lastIndexOf('/') + 1));
                    reply(ex, 200, "{\"Tags\":" + (j == null ? "[]" : j.tagsJson) + "}");
                }
                default -> reply(ex, 400, error("UnknownOperationException", "not served here: " + target));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, error("InternalFailure", e.toString()));
        }
    }

    private void create(HttpExchange ex, String body, Map<String, Object> req) throws IOException {
        String name = MiniJson.string(req, "TransformJobName");
        String input = MiniJson.string(MiniJson.object(MiniJson.object(MiniJson.object(req, "TransformInput"),
                "DataSource"), "S3DataSource"), "S3Uri");
        String output = MiniJson.string(MiniJson.object(req, "TransformOutput"), "S3OutputPath");
        String bucket = input.substring(5, input.indexOf('/', 5));
        String prefix = input.substring(input.indexOf('/', 5) + 1);
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        Job job = new Job(body, tags(req.get("Tags")), keys.size());
        if (jobs.putIfAbsent(name, job) != null) {
            reply(ex, 400, error("ResourceInUse", "Job with name " + name + " already exists"));
            return;
        }
        creates.incrementAndGet();
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            service.schedule(() -> transform(job, bucket, key, input, output), perObject.toMillis() * (k + 1),
                    TimeUnit.MILLISECONDS);
        }
        reply(ex, 200, "{\"TransformJobArn\":\"" + ARN_PREFIX + name + "\"}");
    }

    private void transform(Job job, String bucket, String key, String input, String output) {
        String in = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String();
        StringBuilder out = new StringBuilder();
        for (String line : in.split("\n")) {
            if (!line.isEmpty()) {
                out.append("score(").append(line).append(")\n");
            }
        }
        String target = OutputLayout.outputKey(input, "s3://" + bucket + "/" + key, output);
        String outBucket = target.substring(5, target.indexOf('/', 5));
        String outKey = target.substring(target.indexOf('/', 5) + 1);
        s3.putObject(p -> p.bucket(outBucket).key(outKey), RequestBody.fromString(out.toString()));
        job.written.incrementAndGet();
    }

    private void describe(HttpExchange ex, String name) throws IOException {
        Job j = name == null ? null : jobs.get(name);
        if (j == null) {
            reply(ex, 400, error("ValidationException", "Could not find requested job with name " + name));
            return;
        }
        String created = j.createBody.trim();
        String status = j.done() ? "Completed" : "InProgress";
        reply(ex, 200, created.substring(0, created.length() - 1) + ",\"TransformJobArn\":\"" + ARN_PREFIX + name
                + "\",\"TransformJobStatus\":\"" + status + "\",\"CreationTime\":1.7E9"
                + (j.done() ? ",\"TransformStartTime\":1.7E9,\"TransformEndTime\":1.7000001E9" : "") + "}");
    }

    /** The Tags of a creation request, as JSON again. */
    @SuppressWarnings("unchecked")
    private static String tags(Object tags) {
        StringBuilder b = new StringBuilder("[");
        if (tags instanceof List<?> list) {
            for (Object t : list) {
                Map<String, Object> m = (Map<String, Object>) t;
                b.append(b.length() > 1 ? "," : "").append("{\"Key\":").append(quote(MiniJson.string(m, "Key")))
                        .append(",\"Value\":").append(quote(MiniJson.string(m, "Value"))).append('}');
            }
        }
        return b.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String error(String type, String message) {
        return "{\"__type\":" + quote(type) + ",\"message\":" + quote(message) + "}";
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        http.shutdownNow();
        service.shutdownNow();
    }
}
