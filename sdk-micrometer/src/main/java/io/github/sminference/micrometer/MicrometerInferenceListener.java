package io.github.sminference.micrometer;

import io.github.sminference.InvocationMode;
import io.github.sminference.JobStatus;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.event.InferenceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the SDK's events as Micrometer meters. Register it on a client builder with
 * {@code .addListener(new MicrometerInferenceListener(registry))}.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code sagemaker.inference.calls}</td><td>timer</td>
 *       <td>endpoint, mode, operation, outcome ({@code success}/{@code failure}), error (exception class or
 *       {@code none})</td></tr>
 *   <tr><td>{@code sagemaker.inference.request.bytes}, {@code sagemaker.inference.response.bytes}</td>
 *       <td>distribution summary</td><td>endpoint, mode</td></tr>
 *   <tr><td>{@code sagemaker.inference.retries}</td><td>counter</td><td>endpoint, mode, error</td></tr>
 *   <tr><td>{@code sagemaker.inference.async.pending}</td><td>gauge</td>
 *       <td>endpoint: asynchronous requests submitted and not yet finished</td></tr>
 *   <tr><td>{@code sagemaker.inference.uploads}</td><td>timer</td><td>endpoint, mode</td></tr>
 *   <tr><td>{@code sagemaker.inference.upload.bytes}</td><td>distribution summary</td><td>endpoint, mode</td></tr>
 *   <tr><td>{@code sagemaker.inference.polls}</td><td>counter</td><td>endpoint, mode</td></tr>
 *   <tr><td>{@code sagemaker.inference.job.records}</td><td>counter</td>
 *       <td>mode: records processed by transform jobs and fan-out scorings</td></tr>
 * </table>
 *
 * <p>Tags never carry payloads, header values, custom attributes or inference ids (which would make every request a
 * new time series). Thread-safe.
 */
public final class MicrometerInferenceListener implements InferenceListener {
    /** The prefix of every meter name. */
    public static final String PREFIX = "sagemaker.inference.";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> recordsSeen = new ConcurrentHashMap<>();

    /**
     * Creates the binding.
     *
     * @param registry where the meters go
     */
    public MicrometerInferenceListener(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    private static String endpoint(InferenceEvent e) {
        return e.endpointName().orElse("unknown");
    }

    private static String mode(InvocationMode m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    private static boolean isAsyncSubmission(InferenceEvent e) {
        return e.mode() == InvocationMode.ASYNC_ENDPOINT && "submit".equals(e.operation());
    }

    private AtomicLong pendingOf(String endpoint) {
        return pending.computeIfAbsent(endpoint, ep -> {
            AtomicLong n = new AtomicLong();
            Gauge.builder(PREFIX + "async.pending", n, AtomicLong::get).tag("endpoint", ep)
                    .description("asynchronous requests submitted and not yet finished").register(registry);
            return n;
        });
    }

    @Override
    public void onStart(InferenceEvent e) {
        if (isAsyncSubmission(e)) {
            pendingOf(endpoint(e)).incrementAndGet();
        }
    }

    @Override
    public void onRetry(InferenceEvent e) {
        Counter.builder(PREFIX + "retries").tags(Tags.of("endpoint", endpoint(e), "mode", mode(e.mode()), "error",
                e.error().map(x -> x.getClass().getSimpleName()).orElse("none"))).register(registry).increment();
    }

    @Override
    public void onSuccess(InferenceEvent e) {
        end(e, "success");
    }

    @Override
    public void onFailure(InferenceEvent e) {
        end(e, "failure");
    }

    private void end(InferenceEvent e, String outcome) {
        String ep = endpoint(e);
        Tags base = Tags.of("endpoint", ep, "mode", mode(e.mode()));
        Timer.builder(PREFIX + "calls").tags(base).tag("operation", e.operation()).tag("outcome", outcome)
                .tag("error", e.error().map(x -> x.getClass().getSimpleName()).orElse("none"))
                .register(registry).record(e.elapsed());
        if (e.requestBytes() >= 0) {
            DistributionSummary.builder(PREFIX + "request.bytes").baseUnit("bytes").tags(base).register(registry)
                    .record(e.requestBytes());
        }
        if (e.responseBytes() >= 0) {
            DistributionSummary.builder(PREFIX + "response.bytes").baseUnit("bytes").tags(base).register(registry)
                    .record(e.responseBytes());
        }
        // a submission rejected by validation (attempt 0) never counted as pending
        if (isAsyncSubmission(e) && e.attempt() > 0) {
            pendingOf(ep).updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    @Override
    public void onUpload(InferenceEvent e) {
        Tags tags = Tags.of("endpoint", endpoint(e), "mode", mode(e.mode()));
        Timer.builder(PREFIX + "uploads").tags(tags).register(registry).record(e.elapsed());
        if (e.requestBytes() >= 0) {
            DistributionSummary.builder(PREFIX + "upload.bytes").baseUnit("bytes").tags(tags).register(registry)
                    .record(e.requestBytes());
        }
    }

    @Override
    public void onPoll(InferenceEvent e) {
        Counter.builder(PREFIX + "polls").tags("endpoint", endpoint(e), "mode", mode(e.mode())).register(registry)
                .increment();
    }

    @Override
    public void onJobProgress(String jobId, InvocationMode mode, JobStatus status) {
        long done = status.recordsDone().orElse(-1);
        if (done < 0) {
            return;
        }
        Long before = recordsSeen.put(jobId, done);
        long delta = done - (before == null ? 0 : before);
        if (delta > 0) {
            Counter.builder(PREFIX + "job.records").tag("mode", mode(mode)).register(registry).increment(delta);
        }
        if (status.isTerminal()) {
            recordsSeen.remove(jobId);
        }
    }

    /**
     * The sum of time the calls took, for a quick look in tests and tools.
     *
     * @param endpoint the endpoint
     * @return the total, or zero
     */
    Duration totalTime(String endpoint) {
        double nanos = registry.find(PREFIX + "calls").tag("endpoint", endpoint).timers().stream()
                .mapToDouble(t -> t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).sum();
        return Duration.ofNanos((long) nanos);
    }
}
