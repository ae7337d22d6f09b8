package io.github.sminference.internal.fanout;

import io.github.sminference.Dataset;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringOptions;
import io.github.sminference.internal.ClientResources;
import io.github.sminference.internal.Listeners;
import io.github.sminference.spi.RecordSource;
import io.github.sminference.spi.TimeSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What a fan-out scoring needs: the sources in input order, how to cut and pack them, and the client's non-blocking
 * call through which every mini-batch goes (so limits, retries, circuit breaking and concurrency are the client's).
 *
 * @param jobId the scoring's id
 * @param mode the endpoint's mode
 * @param endpointName the endpoint
 * @param sources the inputs, in input order
 * @param split how each source is cut into records
 * @param contentType each request's content type, or {@code null}
 * @param accept each request's accept, or {@code null}
 * @param options the scoring options
 * @param maxPayloadBytes the mode's request limit
 * @param concurrency how many mini-batches may be in flight (and buffered) at once
 * @param predictAsync the client's call
 * @param resources the client's threads
 * @param listeners the client's listeners
 * @param time the client's clock
 */
public record FanOutSpec(String jobId, InvocationMode mode, String endpointName, List<RecordSource> sources,
        Dataset.SplitType split, String contentType, String accept, ScoringOptions options, long maxPayloadBytes,
        int concurrency, Function<InferenceRequest, CompletableFuture<InferenceResult>> predictAsync,
        ClientResources resources, Listeners listeners, TimeSource time) {
}
