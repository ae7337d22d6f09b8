package io.github.sminference.reliability.badinput;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.ScoringOptions;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.config.TimeoutPolicy;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.PayloadTooLargeException;
import io.github.sminference.limits.ModeLimits;
import io.github.sminference.reliability.badinput.BadInputRig.Target;
import io.github.sminference.spi.ResumeToken;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The bad inputs: the same request-level mistakes on every target (each sent through all four request calls), then
 * the mistakes only some modes can make (their own fields, limits, names and locations), then bad settings given to
 * the client builders. Each names the exception, the field and how the value is shown.
 */
final class BadInputCorpus {
    static final long MIB = 1_048_576L;
    private static final Class<InvalidRequestException> INVALID = InvalidRequestException.class;
    private static final Class<PayloadTooLargeException> TOO_LARGE = PayloadTooLargeException.class;

    private BadInputCorpus() {
    }

    /** The four request calls, each with a fresh request (a stream payload can be read once). */
    record Calls(Map<String, Callable<Object>> calls) {
    }

    static Calls allCalls(InferenceClient c, java.util.function.Supplier<InferenceRequest> r) {
        Map<String, Callable<Object>> m = new LinkedHashMap<>();
        m.put("predict", () -> c.predict(r.get()));
        m.put("predictAsync", () -> c.predictAsync(r.get()));
        m.put("predictStream", () -> c.predictStream(r.get()));
        m.put("submit", () -> c.submit(r.get()));
        return new Calls(m);
    }

    private static InferenceRequest req(UnaryOperator<InferenceRequest.Builder> b) {
        return b.apply(InferenceRequest.builder().body("1,2,3").contentType("text/csv")).build();
    }

    /** A request-level case, sent through predict, predictAsync, predictStream and submit. */
    private static BadInput everyCall(String name, Target t, Class<? extends InferenceException> ex, String field,
            String shown, String hidden, UnaryOperator<InferenceRequest.Builder> b) {
        return new BadInput(name, t, ex, field, shown, hidden, s -> allCalls(s.client(), () -> req(b)), false);
    }

    private static BadInput one(String name, Target t, Class<? extends InferenceException> ex, String field,
            String shown, BadInput.Action action) {
        return new BadInput(name, t, ex, field, shown, null, action, false);
    }

    /** The payload limit a single request of this target is checked against. */
    static long payloadLimit(Target t) {
        switch (t.mode) {
            case BATCH:
                return 6 * MIB; // MaxPayloadInMB 6, the default for a job over one payload, on both platforms
            default:
                return ModeLimits.defaults(t.mode).maxRequestBytes();
        }
    }

    private static Duration overModelTime(Target t) {
        return t.mode.isSynchronous() ? Duration.ofSeconds(61) : Duration.ofSeconds(3601);
    }

    static List<BadInput> all() {
        List<BadInput> out = new ArrayList<>();
        for (Target t : Target.values()) {
            common(out, t);
        }
        fieldsAModeLacks(out);
        asynchronous(out);
        batch(out);
        settings(out);
        return out;
    }

    // ------------------------------------------------------------------ on every target, through every call

    private static void common(List<BadInput> out, Target t) {
        out.add(everyCall("contentType with CR LF (header injection)", t, INVALID, "contentType",
                "text/csv\\u000d\\u000aX-Injected: yes", null, b -> b.contentType("text/csv\r\nX-Injected: yes")));
        out.add(everyCall("accept with a non-ASCII character", t, INVALID, "accept", "application/jsön", null,
                b -> b.accept("application/jsön")));
        String attributes = "trace=" + "s".repeat(1100);
        out.add(everyCall("customAttributes over 1024 characters", t, INVALID, "customAttributes",
                "<redacted, 1106 characters>", attributes, b -> b.customAttributes(attributes)));
        String longId = "req-" + "7".repeat(70);
        out.add(everyCall("inferenceId over 64 characters", t, INVALID, "inferenceId", longId, null,
                b -> b.inferenceId(longId)));
        out.add(everyCall("inferenceId with a control character", t, INVALID, "inferenceId", "req\\u0007-1", null,
                b -> b.inferenceId("req\u0007-1")));
        out.add(everyCall("idempotencyKey over 128 characters", t, INVALID, "idempotencyKey", "key-kkkk", null,
                b -> b.idempotencyKey("key-" + "k".repeat(130))));
        Duration over = overModelTime(t);
        out.add(everyCall("modelTimeout over the mode's maximum", t, INVALID, "modelTimeout", over.toString(), null,
                b -> b.modelTimeout(over)));
        out.add(everyCall("modelTimeout under 1 s", t, INVALID, "modelTimeout", "PT0.5S", null,
                b -> b.modelTimeout(Duration.ofMillis(500))));
        out.add(everyCall("timeout of zero", t, INVALID, "timeout", "PT0S", null, b -> b.timeout(Duration.ZERO)));
        long size = payloadLimit(t) + 1;
        out.add(everyCall("payload one byte over the mode's limit (known length)", t, TOO_LARGE, "payload",
                Long.toString(size), null, b -> b.payload(Payload.ofStream(new LazyStream(size), size))));
        out.add(everyCall("stream shorter than its declared length", t, INVALID, "payload.length", "20", null,
                b -> b.payload(Payload.ofStream(new ByteArrayInputStream(new byte[10]), 20))));
        out.add(everyCall("stream longer than its declared length", t, INVALID, "payload.length", "20", null,
                b -> b.payload(Payload.ofStream(new ByteArrayInputStream(new byte[30]), 20))));
        out.add(one("request without a payload", t, INVALID, "payload", "missing",
                s -> s.client().predict(InferenceRequest.builder().contentType("text/csv").build())));
        out.add(one("resume token that is not Base64", t, INVALID, "token", "smi1.!!!",
                s -> s.client().resume("smi1.!!!not-base64")));
        out.add(one("endpointName with an underscore", t, INVALID, "endpointName", "bad_endpoint",
                s -> s.build(b -> b.endpointName("bad_endpoint"))));
        String longName = "e".repeat(64);
        out.add(one("endpointName of 64 characters", t, INVALID, "endpointName", longName,
                s -> s.build(b -> b.endpointName(longName))));
    }

    // ------------------------------------------------------------------ fields a mode does not have

    private static void fieldsAModeLacks(List<BadInput> out) {
        for (Target t : new Target[] {Target.AWS_REAL_TIME, Target.LOCAL_REAL_TIME}) {
            out.add(one("targetModel on predictStream", t, INVALID, "targetModel", "model-a.tar.gz",
                    s -> s.client().predictStream(req(b -> b.targetModel("model-a.tar.gz")))));
            out.add(one("remote payload location on a synchronous endpoint", t, INVALID, "payload",
                    "s3://" + BadInputRig.STAGING_BUCKET + "/in.csv", s -> s.client().predict(req(b -> b.payload(
                            Payload.ofLocation("s3://" + BadInputRig.STAGING_BUCKET + "/in.csv"))))));
        }
        for (Target t : new Target[] {Target.AWS_SERVERLESS, Target.LOCAL_SERVERLESS}) {
            out.add(one("enableExplanations on predictStream", t, INVALID, "enableExplanations", "`true`",
                    s -> s.client().predictStream(req(b -> b.enableExplanations("`true`")))));
            out.add(one("remote payload location on a synchronous endpoint", t, INVALID, "payload",
                    "https://example.com/in.csv", s -> s.client().predictAsync(req(b -> b.payload(
                            Payload.ofLocation("https://example.com/in.csv"))))));
        }
        for (Target t : new Target[] {Target.AWS_ASYNC_ENDPOINT, Target.LOCAL_ASYNC_ENDPOINT}) {
            out.add(one("targetModel on an asynchronous endpoint", t, INVALID, "targetModel", "model-a.tar.gz",
                    s -> s.client().submit(req(b -> b.targetModel("model-a.tar.gz")))));
            out.add(one("inferenceComponentName on an asynchronous endpoint", t, INVALID, "inferenceComponentName",
                    "ic-1", s -> s.client().predictAsync(req(b -> b.inferenceComponentName("ic-1")))));
            out.add(one("sessionId on an asynchronous endpoint", t, INVALID, "sessionId", "NEW_SESSION",
                    s -> s.client().predict(req(b -> b.sessionId("NEW_SESSION")))));
        }
        for (Target t : new Target[] {Target.AWS_BATCH, Target.LOCAL_BATCH}) {
            out.add(one("targetVariant on batch", t, INVALID, "targetVariant", "AllTraffic",
                    s -> s.client().submit(req(b -> b.targetVariant("AllTraffic")))));
            out.add(one("customAttributes on batch", t, INVALID, "customAttributes", "<redacted, 7 characters>",
                    s -> s.client().predictAsync(req(b -> b.customAttributes("trace=1")))));
            out.add(one("targetContainerHostname on batch", t, INVALID, "targetContainerHostname", "container-1",
                    s -> s.client().predict(req(b -> b.targetContainerHostname("container-1")))));
        }
        out.add(one("targetVariant with an underscore", Target.AWS_REAL_TIME, INVALID, "targetVariant",
                "variant_1", s -> s.client().predict(req(b -> b.targetVariant("variant_1")))));
        out.add(one("targetVariant of 64 characters", Target.LOCAL_REAL_TIME, INVALID, "targetVariant",
                "v".repeat(64), s -> s.client().predict(req(b -> b.targetVariant("v".repeat(64))))));
        out.add(one("targetContainerHostname with an underscore", Target.AWS_SERVERLESS, INVALID,
                "targetContainerHostname", "host_1",
                s -> s.client().predict(req(b -> b.targetContainerHostname("host_1")))));
        out.add(one("inferenceComponentName starting with a hyphen", Target.AWS_REAL_TIME, INVALID,
                "inferenceComponentName", "-ic", s -> s.client().predictAsync(req(b -> b.inferenceComponentName(
                        "-ic")))));
        out.add(one("sessionId with a space", Target.LOCAL_REAL_TIME, INVALID, "sessionId", "bad session",
                s -> s.client().predict(req(b -> b.sessionId("bad session")))));
        out.add(one("enableExplanations over 64 characters", Target.AWS_SERVERLESS, INVALID, "enableExplanations",
                "`true`", s -> s.client().predict(req(b -> b.enableExplanations("`true`" + " ".repeat(60))))));
        out.add(one("targetModel starting with a space", Target.LOCAL_SERVERLESS, INVALID, "targetModel",
                " model.tar.gz", s -> s.client().predict(req(b -> b.targetModel(" model.tar.gz")))));
        out.add(one("targetModel with a line break", Target.AWS_REAL_TIME, INVALID, "targetModel",
                "model\\u000a.tar.gz", s -> s.client().predict(req(b -> b.targetModel("model\n.tar.gz")))));
        out.add(one("score records with a line break (split by line)", Target.AWS_REAL_TIME, INVALID, "records[1]",
                "bytes", s -> s.client().score(Dataset.ofRecords(List.of("1,2", "3\n4")))));
        out.add(one("score records with a line break (split by line)", Target.LOCAL_ASYNC_ENDPOINT, INVALID,
                "records[1]", "bytes", s -> s.client().score(Dataset.ofRecords(List.of("1,2", "3\n4")))));
        out.add(one("score an S3 prefix in local mode", Target.LOCAL_REAL_TIME, INVALID, "dataset",
                "s3://bucket/in/", s -> s.client().score(Dataset.ofS3Prefix("s3://bucket/in/"))));
        out.add(one("payload file that does not exist", Target.LOCAL_REAL_TIME, INVALID, "payload",
                "no-such-file.csv", s -> s.client().predict(req(b -> b.payload(Payload.ofFile(
                        Path.of("no-such-file.csv")))))));
        out.add(one("stream with a negative length", Target.AWS_SERVERLESS, INVALID, "payload.length", "-5",
                s -> s.client().predict(req(b -> b.payload(Payload.ofStream(new ByteArrayInputStream(new byte[1]),
                        -5))))));
        out.add(one("payload of a null byte array", Target.AWS_REAL_TIME, INVALID, "payload", "missing",
                s -> s.client().predict(req(b -> b.body((byte[]) null)))));
        long rt = ModeLimits.REAL_TIME_MAX_BYTES + 1;
        out.add(one("stream of unknown length over the real-time limit", Target.AWS_REAL_TIME, TOO_LARGE, "payload",
                Long.toString(rt), s -> s.client().predict(req(b -> b.payload(Payload.ofStream(
                        new LazyStream(rt)))))));
        long sl = ModeLimits.SERVERLESS_MAX_BYTES + 1;
        out.add(one("stream of unknown length over the serverless limit", Target.LOCAL_SERVERLESS, TOO_LARGE,
                "payload", Long.toString(sl), s -> s.client().predictAsync(req(b -> b.payload(Payload.ofStream(
                        new LazyStream(sl)))))));
    }

    // ------------------------------------------------------------------ asynchronous endpoints

    private static void asynchronous(List<BadInput> out) {
        for (Target t : new Target[] {Target.AWS_ASYNC_ENDPOINT, Target.LOCAL_ASYNC_ENDPOINT}) {
            out.add(one("queueTtl under 60 s", t, INVALID, "queueTtl", "PT59S",
                    s -> s.client().submit(req(b -> b.queueTtl(Duration.ofSeconds(59))))));
            out.add(one("queueTtl over 6 h", t, INVALID, "queueTtl", "PT6H1S",
                    s -> s.client().predictAsync(req(b -> b.queueTtl(Duration.ofSeconds(21_601))))));
            out.add(one("queueTtl negative", t, INVALID, "queueTtl", "PT-1M",
                    s -> s.client().submit(req(b -> b.queueTtl(Duration.ofMinutes(-1))))));
        }
        Target aws = Target.AWS_ASYNC_ENDPOINT;
        out.add(one("payload location with an invalid bucket name", aws, INVALID, "payload.location",
                "s3://Bad_Bucket/in.csv", s -> s.client().submit(req(b -> b.payload(Payload.ofLocation(
                        "s3://Bad_Bucket/in.csv"))))));
        out.add(one("payload location with a control character in the key", aws, INVALID, "payload.location",
                "in\\u0001.csv", s -> s.client().predictAsync(req(b -> b.payload(Payload.ofLocation("s3://"
                        + BadInputRig.STAGING_BUCKET + "/in\u0001.csv"))))));
        out.add(one("payload location missing a slash (s3:/)", aws, INVALID, "payload.location", "s3:/bucket/in.csv",
                s -> s.client().submit(req(b -> b.payload(Payload.ofLocation("s3:/bucket/in.csv"))))));
        out.add(one("payload location over 1024 characters", aws, INVALID, "payload.location", "1100",
                s -> s.client().submit(req(b -> b.payload(Payload.ofLocation("s3://bucket/" + "k".repeat(1088)))))));
        out.add(one("stagingLocation with an invalid bucket name", aws, INVALID, "stagingLocation",
                "s3://Bad_Bucket/in", s -> s.buildAws(b -> b.asyncEndpoint(BadInputRig.asyncOptions()
                        .stagingLocation("s3://Bad_Bucket/in").build()))));
        out.add(one("stagingLocation that is not s3://", aws, INVALID, "stagingLocation", "https://example.com/in",
                s -> s.buildAws(b -> b.asyncEndpoint(BadInputRig.asyncOptions()
                        .stagingLocation("https://example.com/in").build()))));
        out.add(one("no stagingLocation for a payload that must be staged", aws, INVALID, "stagingLocation",
                "missing", s -> s.buildAws(b -> b.asyncEndpoint(AsyncEndpointOptions.builder().build()))
                        .submit(req(b -> b))));
        out.add(one("kmsKeyId with a line break", aws, INVALID, "kmsKeyId", "alias/key\\u000a",
                s -> s.buildAws(b -> b.asyncEndpoint(BadInputRig.asyncOptions().kmsKeyId("alias/key\nx").build()))
                        .submit(req(b -> b))));
        out.add(one("partSizeBytes under 5 MiB", aws, INVALID, "partSizeBytes", "1048576",
                s -> s.buildAws(b -> b.asyncEndpoint(BadInputRig.asyncOptions().partSizeBytes(MIB).build()))));
        out.add(one("expectedBucketOwner that is not an account id", aws, INVALID, "expectedBucketOwner", "12345",
                s -> s.buildAws(b -> b.asyncEndpoint(BadInputRig.asyncOptions().expectedBucketOwner("12345")
                        .build()))));
        out.add(one("resume token of another mode", aws, INVALID, "token", "id-1",
                s -> s.client().resume(ResumeToken.builder(ResumeToken.Kind.INFERENCE, InvocationMode.REAL_TIME,
                        BadInputRig.ENDPOINT, "id-1").build().encode())));
        long lowered = 12 * MIB;
        out.add(one("stream of unknown length over the (lowered) asynchronous limit", aws, TOO_LARGE, "payload",
                "limit of " + lowered, s -> s.build(b -> b.limits(l -> l.maxRequestBytes(lowered)))
                        .submit(req(b -> b.payload(Payload.ofStream(new LazyStream(lowered + 5 * MIB))))))
                .allowingAbortedUpload());
        Target local = Target.LOCAL_ASYNC_ENDPOINT;
        out.add(one("stream of unknown length over the (lowered) asynchronous limit", local, TOO_LARGE, "payload",
                "limit of " + MIB, s -> s.build(b -> b.limits(l -> l.maxRequestBytes(MIB)))
                        .submit(req(b -> b.payload(Payload.ofStream(new LazyStream(3 * MIB)))))));
        out.add(one("payload location with a line break", local, INVALID, "payload.location",
                "s3://bucket/in\\u000a.csv", s -> s.client().submit(req(b -> b.payload(Payload.ofLocation(
                        "s3://bucket/in\n.csv"))))));
        out.add(one("payload location in local mode", local, INVALID, "payload", "s3://bucket/in.csv",
                s -> s.client().submit(req(b -> b.payload(Payload.ofLocation("s3://bucket/in.csv"))))));
    }

    // ------------------------------------------------------------------ batch transform

    private static void batch(List<BadInput> out) {
        for (Target t : new Target[] {Target.AWS_BATCH, Target.LOCAL_BATCH}) {
            out.add(one("jobName with an underscore", t, INVALID, "jobName", "job_1",
                    s -> s.client().score(Dataset.ofRecords(List.of("1,2")), ScoringOptions.builder()
                            .jobName("job_1").build())));
            out.add(one("jobName of 64 characters", t, INVALID, "jobName", "j".repeat(64),
                    s -> s.client().score(Dataset.ofRecords(List.of("1,2")), ScoringOptions.builder()
                            .jobName("j".repeat(64)).build())));
            out.add(one("empty dataset (no records)", t, INVALID, "records", "0 records",
                    s -> s.client().score(Dataset.ofRecords(List.of()))));
            out.add(one("record with a line break (split by line)", t, INVALID, "records[1]", "3 bytes",
                    s -> s.client().score(Dataset.ofRecords(List.of("1,2", "3\n4")))));
            out.add(one("dataset content type with a line break", t, INVALID, "dataset.contentType", "text/csv\\u000a",
                    s -> s.client().score(Dataset.ofRecords(List.of("1,2")).withContentType("text/csv\nX: 1"))));
            out.add(one("dataset accept with a non-ASCII character", t, INVALID, "dataset.accept", "text/csvé",
                    s -> s.client().score(Dataset.ofRecords(List.of("1,2")).withAccept("text/csvé"))));
            out.add(one("payload location over https", t, INVALID, t.aws ? "payload.location" : "payload",
                    "https://example.com/in.csv", s -> s.client().submit(req(b -> b.payload(Payload.ofLocation(
                            "https://example.com/in.csv"))))));
        }
        Target aws = Target.AWS_BATCH;
        out.add(one("jobName starting with a hyphen", aws, INVALID, "jobName", "-job",
                s -> s.client().score(Dataset.ofS3Prefix("s3://" + BadInputRig.STAGING_BUCKET + "/in/"),
                        ScoringOptions.builder().jobName("-job").build())));
        out.add(one("S3 prefix with an invalid bucket name", aws, INVALID, "s3Prefix", "s3://Bad_Bucket/in/",
                s -> s.client().score(Dataset.ofS3Prefix("s3://Bad_Bucket/in/"))));
        out.add(one("S3 prefix with a line break", aws, INVALID, "s3Prefix", "in\\u000a",
                s -> s.client().score(Dataset.ofS3Prefix("s3://bucket/in\n/"))));
        out.add(one("S3 prefix that is https", aws, INVALID, "s3Prefix", "https://bucket/in/",
                s -> s.client().score(Dataset.ofS3Prefix("https://bucket/in/"))));
        out.add(one("manifest that is a prefix", aws, INVALID, "manifestUri", "s3://bucket/manifests/",
                s -> s.client().score(Dataset.ofManifest("s3://bucket/manifests/"))));
        out.add(one("S3 prefix with a control character", aws, INVALID, "dataset", "in\\u0001",
                s -> s.client().score(Dataset.ofS3Prefix("s3://" + BadInputRig.STAGING_BUCKET + "/in\u0001/"))));
        out.add(one("outputLocation with an invalid bucket name", aws, INVALID, "outputLocation",
                "s3://Bad_Bucket/out/", s -> s.client().score(Dataset.ofS3Prefix("s3://" + BadInputRig.STAGING_BUCKET
                        + "/in/"), ScoringOptions.builder().outputLocation("s3://Bad_Bucket/out/").build())));
        out.add(one("outputLocation that is not S3", aws, INVALID, "outputLocation", "/tmp/out",
                s -> s.client().score(Dataset.ofS3Prefix("s3://" + BadInputRig.STAGING_BUCKET + "/in/"),
                        ScoringOptions.builder().outputLocation("/tmp/out").build())));
        out.add(one("maxPayloadInMb over 100", aws, INVALID, "maxPayloadInMb", "101",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder().maxPayloadInMb(101)
                        .build())));
        out.add(one("maxPayloadInMb x maxConcurrentTransforms over 100", aws, INVALID,
                "maxPayloadInMb x maxConcurrentTransforms", "20 x 6", s -> s.client().score(Dataset.ofRecords(
                        List.of("1")), ScoringOptions.builder().maxPayloadInMb(20).maxConcurrentTransforms(6)
                        .build())));
        out.add(one("maxRetries over 3", aws, INVALID, "maxRetries", "4",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder().maxRetries(4)
                        .build())));
        out.add(one("scoring idempotencyKey with a control character", aws, INVALID, "idempotencyKey", "key",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder()
                        .idempotencyKey("key\u0000").build())));
        out.add(one("requestsPerSecond negative", aws, INVALID, "requestsPerSecond", "-1.0",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder()
                        .requestsPerSecond(-1.0).build())));
        out.add(one("no files to score", aws, INVALID, "files", "[]",
                s -> s.client().score(Dataset.ofFiles(List.of()))));
        out.add(one("payload location with an invalid bucket name", aws, INVALID, "payload.location",
                "s3://Bad_Bucket/in.csv", s -> s.client().submit(req(b -> b.payload(Payload.ofLocation(
                        "s3://Bad_Bucket/in.csv"))))));
        out.add(one("payload over the (lowered) requestMaxPayloadInMb", aws, TOO_LARGE, "payload",
                Long.toString(MIB + 1), s -> s.buildAws(b -> b.transformJob(BadInputRig.transformOptions()
                        .requestMaxPayloadInMb(1).build())).submit(req(b -> b.body(new byte[(int) MIB + 1])))));
        out.add(one("stream of unknown length over MaxPayloadInMB", aws, TOO_LARGE, "payload",
                Long.toString(6 * MIB), s -> s.client().predict(req(b -> b.payload(Payload.ofStream(
                        new LazyStream(6 * MIB + 1)))))));
        out.add(one("no inputStagingLocation for a payload that must be staged", aws, INVALID,
                "inputStagingLocation", "missing", s -> s.buildAws(b -> b.transformJob(TransformJobOptions.builder()
                        .instanceType("ml.m5.xlarge").defaultOutputLocation("s3://" + BadInputRig.OUTPUT_BUCKET
                                + "/jobs").build())).submit(req(b -> b))));
        out.add(one("no output location at all", aws, INVALID, "outputLocation", "missing",
                s -> s.buildAws(b -> b.transformJob(TransformJobOptions.builder().instanceType("ml.m5.xlarge")
                        .build())).score(Dataset.ofS3Prefix("s3://" + BadInputRig.STAGING_BUCKET + "/in/"))));
        out.add(one("instanceType without the ml. prefix", aws, INVALID, "instanceType", "m5.xlarge",
                s -> s.buildAws(b -> b.transformJob(TransformJobOptions.builder().instanceType("m5.xlarge")
                        .build()))));
        out.add(one("instanceCount of zero", aws, INVALID, "instanceCount", "0",
                s -> s.buildAws(b -> b.transformJob(BadInputRig.transformOptions().instanceCount(0).build()))));
        out.add(one("defaultOutputLocation with an invalid bucket name", aws, INVALID, "defaultOutputLocation",
                "s3://Bad_Bucket/out", s -> s.buildAws(b -> b.transformJob(BadInputRig.transformOptions()
                        .defaultOutputLocation("s3://Bad_Bucket/out").build()))));
        out.add(one("no transformJob options", aws, INVALID, "transformJob", "missing",
                s -> s.buildAws(b -> b.transformJob(null))));
        Target local = Target.LOCAL_BATCH;
        out.add(one("S3 output location in local mode", local, INVALID, "outputLocation", "s3://bucket/out/",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder()
                        .outputLocation("s3://bucket/out/").build())));
        out.add(one("S3 dataset in local mode", local, INVALID, "dataset", "s3://bucket/in/",
                s -> s.client().score(Dataset.ofS3Prefix("s3://bucket/in/"))));
        out.add(one("maxConcurrentTransforms of zero", local, INVALID, "maxConcurrentTransforms", "0",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder()
                        .maxConcurrentTransforms(0).build())));
        out.add(one("scoring modelTimeout over 3600 s", local, INVALID, "modelTimeout", "PT1H1S",
                s -> s.client().score(Dataset.ofRecords(List.of("1")), ScoringOptions.builder()
                        .modelTimeout(Duration.ofSeconds(3601)).build())));
        out.add(one("stream of unknown length over MaxPayloadInMB", local, TOO_LARGE, "payload",
                "limit of " + 6 * MIB, s -> s.client().submit(req(b -> b.payload(Payload.ofStream(
                        new LazyStream(6 * MIB + 1)))))));
        out.add(one("resumeScoring without a token", local, INVALID, "token", "missing",
                s -> s.client().resumeScoring(null)));
    }

    // ------------------------------------------------------------------ client settings

    private static void settings(List<BadInput> out) {
        out.add(one("endpointName ending with a hyphen", Target.AWS_REAL_TIME, INVALID, "endpointName", "endpoint-",
                s -> s.build(b -> b.endpointName("endpoint-"))));
        out.add(one("endpointName empty", Target.LOCAL_SERVERLESS, INVALID, "endpointName", "''",
                s -> s.build(b -> b.endpointName(""))));
        out.add(one("endpointName with a non-ASCII letter", Target.AWS_ASYNC_ENDPOINT, INVALID, "endpointName",
                "modèle", s -> s.build(b -> b.endpointName("modèle"))));
        out.add(one("endpointName with a line break", Target.LOCAL_ASYNC_ENDPOINT, INVALID, "endpointName",
                "end\\u000apoint", s -> s.build(b -> b.endpointName("end\npoint"))));
        out.add(one("model name missing", Target.LOCAL_BATCH, INVALID, "endpointName", "missing",
                s -> s.build(b -> b.endpointName(null))));
        out.add(one("mode missing", Target.AWS_BATCH, INVALID, "mode", "missing",
                s -> s.build(b -> b.mode(null))));
        out.add(one("attemptTimeout of zero", Target.AWS_REAL_TIME, INVALID, "attemptTimeout", "PT0S",
                s -> s.build(b -> b.timeouts(TimeoutPolicy.builder().attemptTimeout(Duration.ZERO).build()))));
        out.add(one("totalTimeout negative", Target.LOCAL_SERVERLESS, INVALID, "totalTimeout", "PT-1S",
                s -> s.build(b -> b.timeouts(TimeoutPolicy.builder().totalTimeout(Duration.ofSeconds(-1))
                        .build()))));
        out.add(one("attemptMargin negative", Target.AWS_ASYNC_ENDPOINT, INVALID, "attemptMargin", "PT-1S",
                s -> s.build(b -> b.timeouts(TimeoutPolicy.builder().attemptMargin(Duration.ofSeconds(-1))
                        .build()))));
        out.add(one("maxRequestBytes of zero", Target.LOCAL_ASYNC_ENDPOINT, INVALID, "maxRequestBytes", "0",
                s -> s.build(b -> b.limits(l -> l.maxRequestBytes(0)))));
        out.add(one("limits of another mode", Target.AWS_SERVERLESS, INVALID, "limits", "REAL_TIME",
                s -> s.build(b -> b.limits(ModeLimits.defaults(InvocationMode.REAL_TIME)))));
        out.add(one("maxQueueTtl under its default", Target.LOCAL_ASYNC_ENDPOINT, INVALID, "defaultQueueTtl", "PT6H",
                s -> s.build(b -> b.limits(l -> l.maxQueueTtl(Duration.ofHours(1))))));
        out.add(one("maxConcurrency of zero", Target.LOCAL_REAL_TIME, INVALID, "maxConcurrency", "0",
                s -> s.build(b -> b.maxConcurrency(0))));
        out.add(one("maxModelTime under the default model time", Target.AWS_REAL_TIME, INVALID, "defaultModelTime",
                "PT1M", s -> s.build(b -> b.limits(l -> l.maxModelTime(Duration.ofSeconds(30))))));
        out.add(one("asyncConcurrency of zero", Target.LOCAL_ASYNC_ENDPOINT, INVALID, "asyncConcurrency", "0",
                s -> s.buildLocal(b -> b.asyncConcurrency(0))));
        out.add(one("both a container and a handler", Target.LOCAL_REAL_TIME, INVALID, "container/handler",
                "http://127.0.0.1:9", s -> s.buildLocal(b -> b.container(java.net.URI.create("http://127.0.0.1:9")))));
    }
}
