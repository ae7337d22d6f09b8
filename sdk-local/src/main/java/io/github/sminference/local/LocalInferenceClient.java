package io.github.sminference.local;

import io.github.sminference.InferenceClient;
import io.github.sminference.InvocationMode;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.spi.BaseClientBuilder;
import io.github.sminference.spi.ClientSettings;
import io.github.sminference.spi.InferenceClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds {@link InferenceClient}s that run all four modes on this machine, with no AWS account: against a model
 * container that speaks the SageMaker contract ({@code GET /ping}, {@code POST /invocations}), or an in-process
 * {@link ModelHandler}. Same calls, same limits, same exceptions as the AWS adapters.
 *
 * <pre>{@code
 * try (InferenceClient client = LocalInferenceClient.builder()
 *         .endpointName("credit-scorer")
 *         .mode(InvocationMode.REAL_TIME)
 *         .container(URI.create("http://localhost:8080"))
 *         .build()) {
 *     InferenceResult r = client.predict(InferenceRequest.of("52000,0.31,7,1", "text/csv"));
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>REAL_TIME, SERVERLESS</b>: each call is one {@code POST /invocations}, after the same pre-send checks
 *       (a 7 MB body is rejected before the model sees it); a failing model is a {@code ModelErrorException}.</li>
 *   <li><b>ASYNC_ENDPOINT</b>: the payload (up to 1 GB) is staged under {@code workDir/async/<endpoint>/requests},
 *       queued on disk and run by {@link Builder#asyncConcurrency(int)} workers; results and failures are written to
 *       {@code output/<id>.out} and {@code failure/<id>-error.out}. A new JVM finishes pending requests with
 *       {@code resume(token)}.</li>
 *   <li><b>BATCH</b>: {@code score(dataset)} runs a transform job over local files (split, SingleRecord or
 *       MultiRecord under MaxPayloadInMB, MaxConcurrentTransforms, AssembleWith, JoinSource), writing
 *       {@code <input>.out} as the service lays it out; {@code predict} runs one over a single payload.</li>
 * </ul>
 *
 * <p>Local mode is always chosen explicitly, by building this client; it is never a fallback when AWS is
 * unreachable.
 */
public final class LocalInferenceClient {
    private LocalInferenceClient() {
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a local {@link InferenceClient}. Not thread-safe; the built client is. */
    public static final class Builder extends BaseClientBuilder<Builder> {
        private URI container;
        private ModelHandler handler;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private Path workDir;
        private int asyncConcurrency = 4;
        private boolean deleteStagedInputs;
        private ScoringOptions scoringDefaults = ScoringOptions.defaults();

        private Builder() {
        }

        /**
         * Runs the model container at this URL (one of {@code container} or {@code handler} is required).
         *
         * @param baseUrl e.g. {@code http://localhost:8080}
         * @return this builder
         */
        public Builder container(URI baseUrl) {
            this.container = baseUrl;
            return this;
        }

        /**
         * Runs this in-process model (one of {@code container} or {@code handler} is required).
         *
         * @param handler the model
         * @return this builder
         */
        public Builder handler(ModelHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * How long {@link #build()} waits for the container's {@code GET /ping} to answer 200 (default 60 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Where asynchronous requests and transform jobs keep their files (default:
         * {@code ${java.io.tmpdir}/sagemaker-inference-local}). Use the same folder in a new JVM to resume.
         *
         * @param workDir a writable folder (created if missing)
         * @return this builder
         */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /**
         * How many asynchronous requests run at once (the endpoint's MaxConcurrentInvocationsPerInstance; default 4).
         *
         * @param n 1 to 1000
         * @return this builder
         */
        public Builder asyncConcurrency(int n) {
            this.asyncConcurrency = n;
            return this;
        }

        /**
         * Deletes an asynchronous request's staged input once it has completed (default: kept).
         *
         * @param delete {@code true} to delete
         * @return this builder
         */
        public Builder deleteStagedInputs(boolean delete) {
            this.deleteStagedInputs = delete;
            return this;
        }

        /**
         * The transform settings {@code predict} and {@code submit} use on BATCH (MaxPayloadInMB and the like;
         * {@code score} takes its own).
         *
         * @param options the defaults
         * @return this builder
         */
        public Builder scoringDefaults(ScoringOptions options) {
            this.scoringDefaults = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Builds the client. With a container, waits for it to answer {@code GET /ping} first.
         *
         * @return the client; close it when done
         * @throws InvalidRequestException if a setting is missing or invalid
         * @throws io.github.sminference.exception.InferenceTimeoutException if the container is not ready within
         *     the ready timeout
         */
        public InferenceClient build() {
            ClientSettings s = settings();
            if ((container == null) == (handler == null)) {
                throw new InvalidRequestException("container/handler", container == null ? null : container.toString(),
                        "set exactly one: container(URI) for a model container, or handler(ModelHandler) for an"
                                + " in-process model");
            }
            if (asyncConcurrency < 1 || asyncConcurrency > 1000) {
                throw new InvalidRequestException("asyncConcurrency", Integer.toString(asyncConcurrency),
                        "pass 1 to 1000");
            }
            Path dir = workDir != null ? workDir
                    : Path.of(System.getProperty("java.io.tmpdir"), "sagemaker-inference-local");
            List<AutoCloseable> owned = new ArrayList<>();
            LocalModel model;
            if (container != null) {
                ModelContainer c = ModelContainer.at(container);
                c.awaitReady(readyTimeout);
                model = new ContainerModel(c.client());
            } else {
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                        io.github.sminference.internal.ClientResources.daemon("sminference-local-timer"));
                owned.add(timer::shutdownNow);
                model = new HandlerModel(handler, timer);
            }
            owned.add(0, model);
            switch (s.mode()) {
                case REAL_TIME:
                case SERVERLESS:
                    return InferenceClients.synchronousEndpoint(s,
                            new LocalEndpointTransport(model, s.limits().maxResponseBytes(), s.mode()), owned);
                case ASYNC_ENDPOINT:
                    return new LocalAsyncClient(s, model, dir, asyncConcurrency, deleteStagedInputs, owned);
                case BATCH:
                    return new LocalBatchClient(s, model, dir, scoringDefaults, owned);
                default:
                    throw new IllegalStateException("unknown mode " + s.mode());
            }
        }
    }

    /**
     * Whether a mode is supported locally (all four are).
     *
     * @param mode a mode
     * @return {@code true}
     */
    static boolean supports(InvocationMode mode) {
        return true;
    }
}
