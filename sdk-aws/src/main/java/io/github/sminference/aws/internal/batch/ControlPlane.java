package io.github.sminference.aws.internal.batch;

import io.github.sminference.aws.internal.error.AwsExceptionMapper;
import io.github.sminference.internal.CallRetrier;
import io.github.sminference.spi.TimeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTagsResponse;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * The SageMaker control-plane calls of the batch client, each through the client's retry policy and circuit breaker
 * (so a throttled DescribeTransformJob is retried with backoff), with errors mapped by {@link AwsExceptionMapper}.
 * The answers that mean "not there" or "already there" are returned as values, not errors. Thread-safe.
 */
final class ControlPlane {
    private final SageMakerClient sm;
    private final CallRetrier retrier;
    private final TimeSource time;
    private final Duration budget;
    private final Duration attempt;
    private final String breaker;

    /** What CreateTransformJob said. */
    enum Created {
        /** The job was created. */
        CREATED,
        /** A job with this name already exists (ResourceInUse). */
        NAME_IN_USE
    }

    /** What StopTransformJob said. */
    record Stop(boolean accepted, String refusal) {
    }

    ControlPlane(SageMakerClient sm, CallRetrier retrier, TimeSource time, Duration budget, Duration attempt,
            String breaker) {
        this.sm = sm;
        this.retrier = retrier;
        this.time = time;
        this.budget = budget;
        this.attempt = attempt;
        this.breaker = breaker;
    }

    private <T> T call(String operation, Supplier<T> call) {
        return retrier.call(operation, breaker, time.nanoTime() + budget.toNanos(), budget, n -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                throw AwsExceptionMapper.map(e, attempt);
            }
        });
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? String.valueOf(
                e.getMessage()) : e.awsErrorDetails().errorMessage();
    }

    /** A ValidationException or ResourceNotFound saying the job does not exist. */
    private static boolean notFound(AwsServiceException e) {
        String c = code(e);
        String m = message(e).toLowerCase(Locale.ROOT);
        return c.equals("ResourceNotFound") || c.equals("ResourceNotFoundException")
                || (c.equals("ValidationException") && (m.contains("could not find") || m.contains("not found")
                        || m.contains("does not exist")));
    }

    /**
     * DescribeTransformJob.
     *
     * @param name the job
     * @return the description, or empty if there is no such job
     */
    Optional<DescribeTransformJobResponse> describe(String name) {
        DescribeTransformJobRequest req = DescribeTransformJobRequest.builder().transformJobName(name)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(attempt)).build();
        return call("DescribeTransformJob " + name, () -> {
            try {
                return Optional.of(sm.describeTransformJob(req));
            } catch (AwsServiceException e) {
                if (notFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * CreateTransformJob.
     *
     * @param req the request
     * @return whether it was created or the name is taken
     */
    Created create(CreateTransformJobRequest req) {
        CreateTransformJobRequest r = req.toBuilder().overrideConfiguration(o -> o.apiCallAttemptTimeout(attempt))
                .build();
        return call("CreateTransformJob " + req.transformJobName(), () -> {
            try {
                sm.createTransformJob(r);
                return Created.CREATED;
            } catch (AwsServiceException e) {
                String c = code(e);
                if (c.equals("ResourceInUse") || c.equals("ResourceInUseException")) {
                    return Created.NAME_IN_USE;
                }
                throw e;
            }
        });
    }

    /**
     * StopTransformJob; a ValidationException (the job has already finished or is stopping) is returned, not
     * thrown, as the SageMaker Python SDK tolerates it.
     *
     * @param name the job
     * @return whether the stop was accepted, or why it was refused
     */
    Stop stop(String name) {
        return call("StopTransformJob " + name, () -> {
            try {
                sm.stopTransformJob(b -> b.transformJobName(name).overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(attempt)));
                return new Stop(true, null);
            } catch (AwsServiceException e) {
                if (code(e).equals("ValidationException")) {
                    return new Stop(false, message(e));
                }
                throw e;
            }
        });
    }

    /**
     * ListTags, all pages.
     *
     * @param arn the job's ARN
     * @return the tags
     */
    Map<String, String> tags(String arn) {
        Map<String, String> out = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            ListTagsResponse r = call("ListTags " + arn, () -> sm.listTags(b -> b.resourceArn(arn).nextToken(next)
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(attempt))));
            for (Tag t : r.tags()) {
                out.put(t.key(), t.value());
            }
            token = r.nextToken() == null || r.nextToken().isEmpty() ? null : r.nextToken();
        } while (token != null);
        return out;
    }
}
