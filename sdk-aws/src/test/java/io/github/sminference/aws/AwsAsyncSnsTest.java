package io.github.sminference.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.JobState;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.SageMakerWireMock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS completion: the test plays SageMaker's part and publishes notifications in its exact format to real SNS topics
 * (moto), delivered to a real SQS queue (moto), raw and enveloped. WireMock answers InvokeEndpointAsync so the output
 * and failure locations are known and the test decides when the objects appear.
 */
class AwsAsyncSnsTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);
    private static final String EP = "async-endpoint";

    private SageMakerWireMock sm;
    private S3Client s3;
    private SqsClient sqs;
    private SnsClient sns;
    private String queueUrl;
    private String successTopic;
    private String errorTopic;

    @BeforeEach
    void setUp(MotoServer moto) {
        sm = SageMakerWireMock.of(WireMockFixture.server());
        sm.reset();
        s3 = AsyncTestSupport.s3(moto.endpoint(), null);
        s3.createBucket(b -> b.bucket("staging"));
        s3.createBucket(b -> b.bucket("results"));
        sqs = AsyncTestSupport.sqs(moto.endpoint());
        sns = SnsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(AsyncTestSupport.CREDS).endpointOverride(moto.endpoint()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("inference-notifications")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
        successTopic = sns.createTopic(b -> b.name("async-success")).topicArn();
        errorTopic = sns.createTopic(b -> b.name("async-error")).topicArn();
    }

    @AfterEach
    void tearDown() {
        s3.close();
        sqs.close();
        sns.close();
        sm.reset();
    }

    private void subscribe(boolean raw) {
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        for (String topic : new String[] {successTopic, errorTopic}) {
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
                    .attributes(raw ? Map.of("RawMessageDelivery", "true") : Map.of()));
        }
    }

    private static ResponseDefinitionBuilder accepted(String id) {
        return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withHeader("X-Amzn-SageMaker-OutputLocation", "s3://results/" + id + ".out")
                .withHeader("X-Amzn-SageMaker-FailureLocation", "s3://results/" + id + "-error.out")
                .withBody("{\"InferenceId\":\"" + id + "\"}");
    }

    /** A notification in SageMaker's format (see the SageMaker facts, section 2). */
    private static String success(String id, String outputLocation) {
        return "{\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-11-23T03:23:21.814Z\","
                + "\"receivedTime\":\"2026-11-23T03:23:09.588Z\",\"invocationStatus\":\"Completed\","
                + "\"requestParameters\":{\"accept\":\"text/csv\",\"endpointName\":\"" + EP + "\","
                + "\"inputLocation\":\"s3://staging/in/" + id + "\"},"
                + "\"responseParameters\":{\"contentType\":\"text/csv\",\"outputLocation\":\"" + outputLocation
                + "\"},\"inferenceId\":\"" + id + "\",\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\","
                + "\"eventName\":\"InferenceResult\"}";
    }

    private static String failure(String id, String reason) {
        return "{\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-11-23T03:23:21.814Z\","
                + "\"receivedTime\":\"2026-11-23T03:23:09.588Z\",\"invocationStatus\":\"Failed\","
                + "\"failureReason\":\"" + reason + "\",\"requestParameters\":{\"endpointName\":\"" + EP + "\","
                + "\"inputLocation\":\"s3://staging/in/" + id + "\"},\"inferenceId\":\"" + id + "\","
                + "\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\",\"eventName\":\"InferenceResult\"}";
    }

    private InferenceClient client(Duration fallback) {
        return AsyncTestSupport.builder(sm.endpoint(), s3, AsyncEndpointOptions.builder()
                .stagingLocation("s3://staging/in").snsCompletion(queueUrl).notificationFallback(fallback)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(300)).build()).sqsClient(sqs).build();
    }

    private void put(String key, String body) {
        s3.putObject(b -> b.bucket("results").key(key), RequestBody.fromString(body));
    }

    private int messagesLeft() {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private void awaitEmptyQueue() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messagesLeft() > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    @ParameterizedTest(name = "raw delivery: {0}")
    @ValueSource(booleans = {true, false})
    void notification_wakesTheClient_noPolling_andIsDeletedAfterCompletion(boolean raw) throws Exception {
        subscribe(raw);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("n1"));
        try (InferenceClient c = client(Duration.ofMinutes(5))) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("n1").build());
            put("n1.out", "scored");
            sns.publish(b -> b.topicArn(successTopic).message(success("n1", "s3://results/n1.out")));
            assertThat(job.await(Duration.ofSeconds(15)).text()).isEqualTo("scored");
            assertThat(((io.github.sminference.aws.internal.asyncendpoint.AsyncEndpointClient) c).headRequests())
                    .as("one HEAD, woken by the notification; no polling before the 5 minute fallback")
                    .isEqualTo(1);
            awaitEmptyQueue();
        }
        assertThat(messagesLeft()).isZero();
    }

    @Test
    void errorNotification_failureReadFromOurFailureLocation() {
        subscribe(true);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("e1"));
        try (InferenceClient c = client(Duration.ofMinutes(5))) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("e1").build());
            put("e1-error.out", "model said: bad row 3");
            sns.publish(b -> b.topicArn(errorTopic).message(failure("e1",
                    "ClientError: Received server error (500) from model.")));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.await(Duration.ofSeconds(15)))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        // the failure object is the authority; the notification's reason is attributed to it
                        assertThat(e.failureReason()).hasValueSatisfying(r -> assertThat(r)
                                .startsWith("the endpoint wrote a failure object at s3://")
                                .endsWith("; the notification said: ClientError: Received server error (500) from"
                                        + " model."));
                        assertThat(e.failureText()).contains("model said: bad row 3");
                    });
        }
    }

    @Test
    void droppedNotification_requestStillCompletesByPollingAfterTheFallback() {
        subscribe(true);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("d1"));
        try (InferenceClient c = client(Duration.ofMillis(500))) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("d1").build());
            put("d1.out", "found by polling");
            // no notification is ever published
            assertThat(job.await(Duration.ofSeconds(15)).text()).isEqualTo("found by polling");
        }
    }

    @Test
    void forgedNotification_namingAnotherOutput_cannotChangeTheResult() throws Exception {
        subscribe(true);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("f1"));
        put("forged.out", "FORGED RESULT");
        try (InferenceClient c = client(Duration.ofMinutes(5))) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("f1").build());
            // the forger names our inference id and an output it controls; our output does not exist yet
            sns.publish(b -> b.topicArn(successTopic).message(success("f1", "s3://results/forged.out")));
            Thread.sleep(1_000);
            assertThat(job.status().state()).isEqualTo(JobState.PENDING);
            assertThat(job.future()).isNotDone();
            put("f1.out", "real result");
            sns.publish(b -> b.topicArn(successTopic).message(success("f1", "s3://results/f1.out")));
            assertThat(job.await(Duration.ofSeconds(15)).text()).isEqualTo("real result");
        }
    }

    @Test
    void testNotificationMalformedAndForeignMessages_doNotDisturbTheListener() throws Exception {
        subscribe(true);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("m1"));
        try (InferenceClient c = client(Duration.ofMinutes(5))) {
            sns.publish(b -> b.topicArn(successTopic).message(
                    "{\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\",\"eventName\":\"TestNotification\"}"));
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{not json"));
            sns.publish(b -> b.topicArn(successTopic).message(success("someone-elses-id", "s3://results/x.out")));
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("m1").build());
            put("m1.out", "still works");
            sns.publish(b -> b.topicArn(successTopic).message(success("m1", "s3://results/m1.out")));
            assertThat(job.await(Duration.ofSeconds(15)).text()).isEqualTo("still works");
            Thread.sleep(500);
        }
        // the test notification, the malformed message and ours were deleted; the foreign one is left for its owner
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messagesLeft() != 1 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(messagesLeft()).isEqualTo(1);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages())
                .singleElement().satisfies(m -> assertThat(m.body()).contains("someone-elses-id"));
    }

    @Test
    void duplicateNotification_afterCompletion_isDeleted() throws Exception {
        subscribe(true);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("dup"));
        try (InferenceClient c = client(Duration.ofMinutes(5))) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("dup").build());
            put("dup.out", "once");
            sns.publish(b -> b.topicArn(successTopic).message(success("dup", "s3://results/dup.out")));
            assertThat(job.await(Duration.ofSeconds(15)).text()).isEqualTo("once");
            sns.publish(b -> b.topicArn(successTopic).message(success("dup", "s3://results/dup.out")));
            awaitEmptyQueue();
            assertThat(messagesLeft()).isZero();
        }
    }

    @Test
    void notification_forACancelledRequest_isDeletedNotLeftForever() throws Exception {
        subscribe(true);
        sm.stub(SageMakerWireMock.Operation.INVOKE_ASYNC, EP, accepted("gone"));
        try (InferenceClient c = client(Duration.ofMinutes(5))) {
            InferenceJob job = c.submit(InferenceRequest.builder().body("x").inferenceId("gone").build());
            assertThat(job.cancel()).isTrue();
            put("gone.out", "late");
            sns.publish(b -> b.topicArn(successTopic).message(success("gone", "s3://results/gone.out")));
            awaitEmptyQueue();
            assertThat(messagesLeft()).isZero();
        }
    }
}
