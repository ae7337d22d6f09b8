package io.github.sminference.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.Admin;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Stubs of the SageMaker runtime wire protocol on a WireMock server, for what moto cannot do: every modeled error,
 * throttling, connection faults, slow answers, "fail N times then succeed" sequences and event-stream responses.
 *
 * <p>Point a real {@code SageMakerRuntimeClient} / {@code SageMakerRuntimeAsyncClient} at {@link #endpoint()} (any
 * region and static credentials: WireMock checks no signature). Usually obtained from a
 * {@link SageMakerWireMockExtension}; {@link #of(WireMockServer)} wraps a server you manage yourself.
 *
 * <pre>{@code
 * WM.sageMaker().stubInvoke("my-endpoint", SageMakerError.modelError("my-endpoint", 500, "boom"));
 * WM.sageMaker().stubInvokeFailuresThenSuccess("my-endpoint", 2, SageMakerError.serviceUnavailable(),
 *         InvocationReply.of("application/json", "{}"));
 * assertThat(WM.sageMaker().requestCount("other-endpoint")).isZero();
 * }</pre>
 */
public final class SageMakerWireMock {

    /** The SageMaker runtime operations, by their HTTP path under {@code /endpoints/{name}/}. */
    public enum Operation {
        /** {@code InvokeEndpoint}: {@code POST /endpoints/{name}/invocations}. */
        INVOKE("invocations"),
        /** {@code InvokeEndpointWithResponseStream}: {@code POST /endpoints/{name}/invocations-response-stream}. */
        INVOKE_WITH_RESPONSE_STREAM("invocations-response-stream"),
        /** {@code InvokeEndpointAsync}: {@code POST /endpoints/{name}/async-invocations}. */
        INVOKE_ASYNC("async-invocations");

        private final String suffix;

        Operation(String suffix) {
            this.suffix = suffix;
        }

        /**
         * The request path of this operation for an endpoint.
         *
         * @param endpointName the endpoint name
         * @return e.g. {@code /endpoints/my-endpoint/invocations}
         */
        public String path(String endpointName) {
            return "/endpoints/" + Objects.requireNonNull(endpointName, "endpointName") + "/" + suffix;
        }
    }

    private static final AtomicInteger SCENARIOS = new AtomicInteger();

    private final Stubbing stubbing;
    private final Admin admin;
    private final URI endpoint;

    private SageMakerWireMock(Stubbing stubbing, Admin admin, URI endpoint) {
        this.stubbing = stubbing;
        this.admin = admin;
        this.endpoint = endpoint;
    }

    /**
     * Wraps a running WireMock server.
     *
     * @param server the server (must be started)
     * @return the stub helper
     */
    public static SageMakerWireMock of(WireMockServer server) {
        return new SageMakerWireMock(server, server, URI.create(server.baseUrl()));
    }

    /**
     * Wraps a WireMock JUnit 5 extension; call it only while the extension's server runs.
     *
     * @param extension the extension
     * @return the stub helper
     */
    public static SageMakerWireMock of(WireMockExtension extension) {
        return new SageMakerWireMock(extension, extension, URI.create(extension.baseUrl()));
    }

    /**
     * The base URI to use as the clients' endpoint override, e.g. {@code http://127.0.0.1:40123}.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return endpoint;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // InvokeEndpoint

    /**
     * {@code InvokeEndpoint} answers {@code reply}.
     *
     * @param endpointName the endpoint
     * @param reply the answer
     * @return the stub
     */
    public StubMapping stubInvoke(String endpointName, InvocationReply reply) {
        return stub(Operation.INVOKE, endpointName, reply.toResponse());
    }

    /**
     * {@code InvokeEndpoint} answers a text body with the given content type.
     *
     * @param endpointName the endpoint
     * @param contentType the {@code Content-Type}
     * @param body the body (UTF-8)
     * @return the stub
     */
    public StubMapping stubInvoke(String endpointName, String contentType, String body) {
        return stubInvoke(endpointName, InvocationReply.of(contentType, body));
    }

    /**
     * {@code InvokeEndpoint} answers the error.
     *
     * @param endpointName the endpoint
     * @param error the error
     * @return the stub
     */
    public StubMapping stubInvoke(String endpointName, SageMakerError error) {
        return stub(Operation.INVOKE, endpointName, error.toResponse());
    }

    /**
     * {@code InvokeEndpoint} resets the connection without answering
     * ({@link Fault#CONNECTION_RESET_BY_PEER}).
     *
     * @param endpointName the endpoint
     * @return the stub
     */
    public StubMapping stubInvokeConnectionReset(String endpointName) {
        return stubInvokeFault(endpointName, Fault.CONNECTION_RESET_BY_PEER);
    }

    /**
     * {@code InvokeEndpoint} fails at the connection level.
     *
     * @param endpointName the endpoint
     * @param fault the fault
     * @return the stub
     */
    public StubMapping stubInvokeFault(String endpointName, Fault fault) {
        return stub(Operation.INVOKE, endpointName, aResponse().withFault(fault));
    }

    /**
     * {@code InvokeEndpoint} answers {@code reply} only after {@code delay} (a slow model, for timeout tests).
     *
     * @param endpointName the endpoint
     * @param delay the delay before the answer starts
     * @param reply the answer
     * @return the stub
     */
    public StubMapping stubInvokeSlow(String endpointName, Duration delay, InvocationReply reply) {
        return stubInvoke(endpointName, reply.withDelay(delay));
    }

    /**
     * {@code InvokeEndpoint} answers {@code error} to the first {@code failures} requests, then {@code reply} to
     * every later one (a WireMock scenario).
     *
     * @param endpointName the endpoint
     * @param failures how many requests fail, at least 0
     * @param error the failure
     * @param reply the eventual answer
     */
    public void stubInvokeFailuresThenSuccess(String endpointName, int failures, SageMakerError error,
            InvocationReply reply) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be at least 0: " + failures);
        }
        List<ResponseDefinitionBuilder> responses = new ArrayList<>(Collections.nCopies(failures, null));
        responses.replaceAll(ignored -> error.toResponse());
        responses.add(reply.toResponse());
        stubSequence(Operation.INVOKE, endpointName, responses);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // InvokeEndpointWithResponseStream

    /**
     * {@code InvokeEndpointWithResponseStream} answers the event stream {@code reply}.
     *
     * @param endpointName the endpoint
     * @param reply the answer
     * @return the stub
     */
    public StubMapping stubResponseStream(String endpointName, ResponseStreamReply reply) {
        return stub(Operation.INVOKE_WITH_RESPONSE_STREAM, endpointName, reply.toResponse());
    }

    /**
     * {@code InvokeEndpointWithResponseStream} answers the error before any event (an HTTP error status).
     *
     * @param endpointName the endpoint
     * @param error the error
     * @return the stub
     */
    public StubMapping stubResponseStream(String endpointName, SageMakerError error) {
        return stub(Operation.INVOKE_WITH_RESPONSE_STREAM, endpointName, error.toResponse());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Generic

    /**
     * Any answer for an operation of an endpoint. Later stubs for the same request win.
     *
     * @param operation the operation
     * @param endpointName the endpoint
     * @param response the answer
     * @return the stub
     */
    public StubMapping stub(Operation operation, String endpointName, ResponseDefinitionBuilder response) {
        return stubbing.stubFor(post(urlPathEqualTo(operation.path(endpointName))).willReturn(response));
    }

    /**
     * Answers the responses in order, one per request; the last one answers every request after it.
     *
     * @param operation the operation
     * @param endpointName the endpoint
     * @param responses the answers, at least one
     */
    public void stubSequence(Operation operation, String endpointName, List<ResponseDefinitionBuilder> responses) {
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("responses must not be empty");
        }
        String scenario = "sagemaker " + operation.path(endpointName) + " #" + SCENARIOS.incrementAndGet();
        for (int i = 0; i < responses.size(); i++) {
            ScenarioMappingBuilder mapping = post(urlPathEqualTo(operation.path(endpointName)))
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i)
                    .willReturn(responses.get(i));
            if (i < responses.size() - 1) {
                mapping = mapping.willSetStateTo("step-" + (i + 1));
            }
            stubbing.stubFor(mapping);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Request journal

    /**
     * How many requests of any operation the server received for the endpoint (for "the server saw zero requests"
     * assertions).
     *
     * @param endpointName the endpoint
     * @return the count
     */
    public int requestCount(String endpointName) {
        RequestPatternBuilder pattern = RequestPatternBuilder.newRequestPattern(RequestMethod.ANY,
                urlPathMatching("/endpoints/" + Pattern.quote(endpointName) + "/.*"));
        return admin.countRequestsMatching(pattern.build()).getCount();
    }

    /**
     * How many requests of one operation the server received for the endpoint.
     *
     * @param operation the operation
     * @param endpointName the endpoint
     * @return the count
     */
    public int requestCount(Operation operation, String endpointName) {
        RequestPatternBuilder pattern = RequestPatternBuilder.newRequestPattern(RequestMethod.ANY,
                urlPathEqualTo(operation.path(endpointName)));
        return admin.countRequestsMatching(pattern.build()).getCount();
    }

    /**
     * The requests of one operation received for the endpoint, oldest first (headers, body), to assert what the
     * client sent.
     *
     * @param operation the operation
     * @param endpointName the endpoint
     * @return the logged requests
     */
    public List<LoggedRequest> requests(Operation operation, String endpointName) {
        List<LoggedRequest> found = new ArrayList<>(stubbing.findAll(
                RequestPatternBuilder.newRequestPattern(RequestMethod.ANY, urlPathEqualTo(operation.path(endpointName)))));
        found.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return found;
    }

    /**
     * How many requests the server received in total, for any path.
     *
     * @return the count
     */
    public int totalRequestCount() {
        return admin.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
    }

    /** Removes every stub, scenario and logged request. */
    public void reset() {
        admin.resetAll();
    }
}
