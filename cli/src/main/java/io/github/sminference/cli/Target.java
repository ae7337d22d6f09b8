package io.github.sminference.cli;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.TransformJobOptions;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.local.LocalInferenceClient;
import io.github.sminference.spi.ResumeToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Where a command sends its work: an endpoint (or, for batch, a model) on AWS with the standard AWS configuration,
 * or a model container in local mode ({@code --local URL}). Builds the {@link InferenceClient}.
 */
final class Target {
    /** The endpoint name local mode uses when none is given. */
    static final String LOCAL_DEFAULT_ENDPOINT = "local";
    /** Batch on AWS: resuming a job needs no instance type, but the options do; this one is never sent. */
    private static final String RESUME_INSTANCE_TYPE = "ml.m5.xlarge";

    @Option(names = {"-e", "--endpoint"}, paramLabel = "NAME", order = 1,
            description = "Endpoint name; for --mode batch on AWS, the SageMaker model name. With --local it only"
                    + " names the work (default: local).")
    String endpoint;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", converter = Modes.class, order = 2,
            description = "How the model is deployed: real-time (default), serverless, async or batch.")
    InvocationMode mode;

    @Option(names = "--local", paramLabel = "URL", order = 3,
            description = "Local mode: run against the model container at URL (GET /ping, POST /invocations),"
                    + " e.g. http://localhost:8080, instead of AWS.")
    URI local;

    @Option(names = "--work-dir", paramLabel = "DIR", order = 4,
            description = "Local mode: where asynchronous requests and batch jobs keep their files"
                    + " (default: <tmp>/sagemaker-inference-local).")
    Path workDir;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", converter = Durations.class, defaultValue = "30s",
            order = 5, description = "Local mode: how long to wait for the container's /ping (default: 30s).")
    Duration readyTimeout;

    @Option(names = "--profile", paramLabel = "NAME", order = 10,
            description = "AWS: the named profile's credentials and Region (SSO, assumed roles and web identity"
                    + " included), as with the AWS CLI. Default: the standard chain (AWS_PROFILE, AWS_ACCESS_KEY_ID,"
                    + " ..., instance roles).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", order = 11,
            description = "AWS: the Region. Default: AWS_REGION, the profile's, or the token's.")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", order = 12,
            description = "AWS: send every AWS call to this URL (a VPC endpoint or an emulator). Default:"
                    + " AWS_ENDPOINT_URL, else the service's.")
    URI endpointUrl;

    @Option(names = "--s3-path-style", order = 13,
            description = "AWS: path-style S3 addressing (S3-compatible stores, emulators).")
    boolean s3PathStyle;

    @Option(names = "--staging", paramLabel = "S3_URI", order = 14,
            description = "AWS, async and batch: s3://bucket/prefix where request bodies and local datasets are"
                    + " uploaded.")
    String staging;

    @Option(names = "--sns-queue", paramLabel = "QUEUE_URL", order = 15,
            description = "AWS, async: learn of completions from this SQS queue (subscribed to the endpoint's SNS"
                    + " topics) instead of polling S3.")
    String snsQueue;

    @Option(names = "--kms-key-id", paramLabel = "KEY", order = 16,
            description = "AWS, async and batch: the KMS key for uploaded bodies and (batch) outputs.")
    String kmsKeyId;

    @Option(names = "--instance-type", paramLabel = "TYPE", order = 17,
            description = "AWS, batch: the transform job's instance type, e.g. ml.m5.xlarge (needed to start a"
                    + " job, not to follow one).")
    String instanceType;

    @Option(names = "--instance-count", paramLabel = "N", order = 18,
            description = "AWS, batch: the transform job's instance count (default: 1).")
    Integer instanceCount;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Durations.class, order = 19,
            description = "AWS, async and batch: the first interval between status checks; it grows up to 1m for"
                    + " async, 2m for batch (default: the SDK's).")
    Duration pollInterval;

    @Option(names = "--max-concurrency", paramLabel = "N", order = 20,
            description = "The most calls in flight at once (default: 50).")
    Integer maxConcurrency;

    /** The mode set on the command line, or real-time. */
    InvocationMode modeOrDefault() {
        return mode != null ? mode : InvocationMode.REAL_TIME;
    }

    boolean isLocal() {
        return local != null;
    }

    /** A client for new work, in the mode of {@code --mode}. */
    InferenceClient open() {
        InvocationMode m = modeOrDefault();
        String name = endpoint != null ? endpoint : isLocal() ? LOCAL_DEFAULT_ENDPOINT : null;
        if (name == null) {
            throw new UsageException("--endpoint", "name the endpoint to invoke (for --mode batch: the model), or"
                    + " run against a model container with --local URL");
        }
        return build(m, name, null, false);
    }

    /** A client that can resume the work a token names: its mode, endpoint and (AWS) Region come from the token. */
    InferenceClient open(ResumeToken token) {
        boolean localToken = token.get("root").isPresent();
        if (localToken && !isLocal()) {
            throw new UsageException("--local", "this token is for work in local mode: pass --local with the URL of"
                    + " the model container it runs on");
        }
        if (!localToken && isLocal()) {
            throw new UsageException("--local", "this token is for work on AWS: drop --local");
        }
        if (mode != null && mode != token.mode()) {
            throw new UsageException("--mode", "the token is for mode " + Modes.name(token.mode()) + ", not "
                    + Modes.name(mode) + ": drop --mode");
        }
        if (endpoint != null && !endpoint.equals(token.name())) {
            throw new UsageException("--endpoint", "the token is for " + token.name() + ", not " + endpoint
                    + ": drop --endpoint");
        }
        return build(token.mode(), token.name(), token, true);
    }

    private InferenceClient build(InvocationMode m, String name, ResumeToken token, boolean resuming) {
        return isLocal() ? buildLocal(m, name, token) : buildAws(m, name, token, resuming);
    }

    private InferenceClient buildLocal(InvocationMode m, String name, ResumeToken token) {
        String scheme = local.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || local.getHost() == null) {
            throw new UsageException("--local", "'" + local + "' is not a container URL: pass e.g."
                    + " http://localhost:8080");
        }
        LocalInferenceClient.Builder b = LocalInferenceClient.builder().endpointName(name).mode(m).container(local)
                .readyTimeout(readyTimeout);
        Path dir = workDir;
        if (dir == null && token != null && m == InvocationMode.ASYNC_ENDPOINT) {
            // the queue lives in <workDir>/async/<endpoint>; resume where the token's request was queued
            Path root = Path.of(token.get("root").orElseThrow());
            if (root.getParent() != null && root.getParent().getParent() != null) {
                dir = root.getParent().getParent();
            }
        }
        if (dir != null) {
            b.workDir(dir);
        }
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        return b.build();
    }

    private InferenceClient buildAws(InvocationMode m, String name, ResumeToken token, boolean resuming) {
        AwsInferenceClient.Builder b = AwsInferenceClient.builder().endpointName(name).mode(m);
        Region r = region != null ? Region.of(region) : null;
        if (r == null && token != null && token.get("region").isPresent()) {
            r = Region.of(token.get("region").get());
        }
        if (profile != null) {
            if (ProfileFile.defaultProfileFile().profile(profile).isEmpty()) {
                throw new UsageException("--profile", "there is no profile '" + profile + "' in the AWS config and"
                        + " credentials files (~/.aws, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE): check the"
                        + " name, or create it with 'aws configure --profile " + profile + "'");
            }
            b.credentialsProvider(ProfileCredentialsProvider.builder().profileName(profile).build());
            if (r == null) {
                r = regionOfProfile(profile);
            }
        }
        if (r != null) {
            b.region(r);
        }
        if (endpointUrl != null) {
            b.endpointOverride(endpointUrl);
        }
        b.forcePathStyle(s3PathStyle);
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        if (m == InvocationMode.ASYNC_ENDPOINT) {
            AsyncEndpointOptions.Builder a = AsyncEndpointOptions.builder();
            if (staging != null) {
                a.stagingLocation(staging);
            }
            if (kmsKeyId != null) {
                a.kmsKeyId(kmsKeyId);
            }
            if (snsQueue != null) {
                a.snsCompletion(snsQueue);
            }
            if (pollInterval != null) {
                a.pollInterval(pollInterval, max(pollInterval, Duration.ofMinutes(1)));
            }
            b.asyncEndpoint(a.build());
        } else if (m == InvocationMode.BATCH) {
            TransformJobOptions.Builder t = TransformJobOptions.builder();
            if (instanceType != null) {
                t.instanceType(instanceType);
            } else if (resuming) {
                t.instanceType(RESUME_INSTANCE_TYPE);
            }
            if (instanceCount != null) {
                t.instanceCount(instanceCount);
            }
            if (staging != null) {
                t.inputStagingLocation(staging);
            }
            if (kmsKeyId != null) {
                t.outputKmsKeyId(kmsKeyId);
            }
            if (pollInterval != null) {
                t.pollInterval(pollInterval, max(pollInterval, Duration.ofMinutes(2)));
            }
            b.transformJob(t.build());
        }
        try {
            return b.build();
        } catch (InvalidRequestException e) {
            if ("region".equals(e.field())) {
                throw new UsageException("--region", "no AWS Region was found: pass --region, set AWS_REGION, or"
                        + " set region in the profile");
            }
            throw e;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** AWS_REGION (or aws.region), else the profile's {@code region}; never the instance metadata service. */
    private static Region regionOfProfile(String profile) {
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(),
                    new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, profile)).getRegion();
        } catch (SdkClientException e) {
            return null; // the client's own chain reports a missing Region, naming --region
        }
    }
}
