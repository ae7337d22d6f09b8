package io.github.sminference.aws.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SageMaker control plane on WireMock, for what moto cannot do (failed and stopped jobs, StopTransformJob,
 * throttling, long jobs, name races). The control plane speaks AWS JSON 1.1: {@code POST /} with
 * {@code X-Amz-Target: SageMaker.<Operation>}; errors are a status with {@code {"__type": code, "message": ...}}.
 */
final class ControlPlaneStub implements AutoCloseable {
    static final String ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:transform-job/";
    private final WireMockServer wm;

    ControlPlaneStub() {
        wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    URI endpoint() {
        return URI.create(wm.baseUrl());
    }

    void reset() {
        wm.resetAll();
    }

    static MappingBuilder op(String operation) {
        return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker." + operation));
    }

    void answer(String operation, ResponseDefinitionBuilder response) {
        wm.stubFor(op(operation).willReturn(response));
    }

    void stub(MappingBuilder mapping) {
        wm.stubFor(mapping);
    }

    /** Answers in order, one per request; the last answers every later request. */
    void sequence(String operation, List<ResponseDefinitionBuilder> responses) {
        String scenario = operation + "-sequence";
        for (int i = 0; i < responses.size(); i++) {
            ScenarioMappingBuilder m = op(operation).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i).willReturn(responses.get(i));
            if (i < responses.size() - 1) {
                m = m.willSetStateTo("step-" + (i + 1));
            }
            wm.stubFor(m);
        }
    }

    List<LoggedRequest> requests(String operation) {
        List<LoggedRequest> found = new ArrayList<>(wm.findAll(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("SageMaker." + operation))));
        found.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return found;
    }

    int count(String operation) {
        return requests(operation).size();
    }

    static ResponseDefinitionBuilder ok(String json) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(json);
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    static ResponseDefinitionBuilder created(String name) {
        return ok("{\"TransformJobArn\":\"" + ARN_PREFIX + name + "\"}");
    }

    static ResponseDefinitionBuilder notFound(String name) {
        return error(400, "ValidationException", "Could not find requested job with name " + name);
    }

    /** A DescribeTransformJob answer. */
    static ResponseDefinitionBuilder describe(String name, String status, String reason, String input,
            String output) {
        StringBuilder b = new StringBuilder("{\"TransformJobName\":\"").append(name)
                .append("\",\"TransformJobArn\":\"").append(ARN_PREFIX).append(name)
                .append("\",\"TransformJobStatus\":\"").append(status).append('"');
        if (reason != null) {
            b.append(",\"FailureReason\":\"").append(reason).append('"');
        }
        b.append(",\"ModelName\":\"").append(BatchTestSupport.MODEL).append('"')
                .append(",\"TransformInput\":{\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\","
                        + "\"S3Uri\":\"").append(input).append("\"}},\"ContentType\":\"text/csv\","
                        + "\"SplitType\":\"Line\",\"CompressionType\":\"None\"}")
                .append(",\"TransformOutput\":{\"S3OutputPath\":\"").append(output)
                .append("\",\"AssembleWith\":\"Line\"}")
                .append(",\"TransformResources\":{\"InstanceType\":\"ml.m5.xlarge\",\"InstanceCount\":1}")
                .append(",\"CreationTime\":1.7E9");
        if (!status.equals("InProgress")) {
            b.append(",\"TransformStartTime\":1.70000006E9");
        }
        if (status.equals("Completed") || status.equals("Failed") || status.equals("Stopped")) {
            b.append(",\"TransformEndTime\":1.7000006E9");
        }
        return ok(b.append('}').toString());
    }

    static ResponseDefinitionBuilder tags(String... keyValues) {
        StringBuilder b = new StringBuilder("{\"Tags\":[");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"Key\":\"").append(keyValues[i]).append("\",\"Value\":\"").append(keyValues[i + 1])
                    .append("\"}");
        }
        return ok(b.append("]}").toString());
    }

    @Override
    public void close() {
        wm.stop();
    }
}
