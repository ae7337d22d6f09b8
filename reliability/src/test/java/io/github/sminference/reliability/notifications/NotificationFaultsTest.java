package io.github.sminference.reliability.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceJob;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.aws.AsyncEndpointOptions;
import io.github.sminference.aws.AwsInferenceClient;
import io.github.sminference.aws.internal.asyncendpoint.AsyncEndpointClient;
import io.github.sminference.config.CircuitBreakerPolicy;
import io.github.sminference.event.InferenceEvent;
import io.github.sminference.event.InferenceListener;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import io.github.sminference.testsupport.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Issue 6, point 2: SNS completion of asynchronous requests when the notification queue misbehaves.
 *
 * <p>1,000 requests go through the real AWS SDK clients: SQS and SNS on moto; S3 on s3proxy in this JVM (or on moto
 * with {@code -Dsminference.reliability.s3=moto}: moto serves about 100 S3 calls a second on a small machine, too slow
 * for 1,000 requests in a minute); InvokeEndpointAsync on a loopback runtime that reads each staged input from S3 and
 * writes an output derived from it. The test plays SageMaker and decides, request by request, what reaches the SQS
 * queue: a success notification once the output exists (in SageMaker's format, raw or in an SNS envelope), except
 * that 10% are dropped (polling must complete those) and 10% are delivered twice (some while the request waits, some
 * after it completed); and 50 extra messages (5%) are forged or foreign: notifications naming a pending request of
 * ours but another request's output or a bucket the forger controls, forged failures, notifications for inference ids
 * no client holds, malformed JSON, wrong SNS types and structures, test notifications. A second client shares the
 * queue with 100 requests of its own, whose notifications go through real SNS topics (one enveloped subscription,
 * one raw). Every body carries a token, and an interceptor on each client's SQS client records what it received and
 * what it deleted, so every delete is checked against whose message it was.
 *
 * <p>Figures are printed at the end ("== notification faults =="). A request that completed before its
 * notification fallback ({@value #FALLBACK_SECONDS} s) was completed by a notification, since nothing polls before.
 */
class NotificationFaultsTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    private static final String EP = "nf-endpoint";
    private static final int REQUESTS = 1_000;
    private static final int B_REQUESTS = 100;
    private static final int DROPPED = 100;
    private static final int DUPLICATED = 100;
    private static final int FORGED_SWAP = 12;
    private static final int FORGED_ATTACKER = 8;
    private static final int FORGED_FAILED = 5;
    private static final int FOREIGN = 8;
    private static final int MALFORMED = 12;
    private static final int TEST_NOTIFICATIONS = 2;
    private static final int OTHER_TYPES = 3;
    /** The steady rate at which the requests are submitted (both clients together). */
    private static final int SUBMISSIONS_PER_SECOND = Integer.getInteger("sminference.reliability.nf.rate", 10);
    /** No poll before this: a request done sooner was completed by a notification. */
    private static final int FALLBACK_SECONDS = 15;
    private static final Duration FALLBACK = Duration.ofSeconds(FALLBACK_SECONDS);
    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing"));
    private static final Pattern TOKEN = Pattern.compile("nfx-\\d{6}");

    /** What the test does with a request's notification. */
    enum Fate { NORMAL, DROPPED, DUPLICATED_SOON, DUPLICATED_LATE, FORGED_SWAP, FORGED_ATTACKER, FORGED_FAILED }

    /** What an injected message is. */
    enum Kind {
        GENUINE(false), DUPLICATE(false), FORGED_SWAP(false), FORGED_ATTACKER(false), FORGED_FAILED(false),
        FOREIGN(true), MALFORMED(false), TEST(false), OTHER_TYPE(true);

        /** Whether no client may delete it: it is left on the queue for whoever owns it. */
        final boolean keep;

        Kind(boolean keep) {
            this.keep = keep;
        }
    }

    /** One message put on the queue (directly or through SNS). */
    record Injected(String token, Kind kind, String owner, String inferenceId, long sentAtNanos) {
        boolean deletableBy(String client) {
            if (kind.keep) {
                return false;
            }
            return kind == Kind.MALFORMED || kind == Kind.TEST || client.equals(owner);
        }
    }

    /** {@code -Dsminference.reliability.s3=moto} keeps S3 on moto too (slower: about 100 S3 calls a second). */
    private static final boolean MOTO_S3 = "moto".equals(System.getProperty("sminference.reliability.s3"));

    private S3ProxyServer proxy;
    private S3Client s3;
    private SqsClient sqs;
    private SnsClient sns;
    private String queueUrl;
    private String envelopedTopic;
    private String rawTopic;
    private final AtomicInteger tokens = new AtomicInteger();
    private BatchingSender sender;
    private final Map<String, Injected> injected = new ConcurrentHashMap<>();
    private final ScheduledExecutorService injector = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "nf-injector");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void setUp(MotoServer moto) {
        if (MOTO_S3) {
            s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                    .endpointOverride(moto.endpoint()).forcePathStyle(true).build();
        } else {
            proxy = S3ProxyServer.inMemory();
            s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(proxy.accessKeyId(), proxy.secretAccessKey())))
                    .endpointOverride(proxy.endpoint()).forcePathStyle(true).build();
        }
        s3.createBucket(b -> b.bucket("nf-staging"));
        s3.createBucket(b -> b.bucket("nf-attacker"));
        s3.putObject(b -> b.bucket("nf-attacker").key("forged.out"), RequestBody.fromString("FORGED RESULT"));
        s3.putObject(b -> b.bucket("nf-attacker").key("forged-error.out"), RequestBody.fromString("FORGED FAILURE"));
        sqs = sqsClient(moto, null);
        sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(moto.endpoint()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("nf-notifications")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        envelopedTopic = sns.createTopic(b -> b.name("nf-success")).topicArn();
        rawTopic = sns.createTopic(b -> b.name("nf-success-raw")).topicArn();
        sns.subscribe(b -> b.topicArn(envelopedTopic).protocol("sqs").endpoint(queueArn));
        sns.subscribe(b -> b.topicArn(rawTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        sender = new BatchingSender(sqs, queueUrl, e -> System.err.println("sending failed: " + e));
    }

    @AfterEach
    void tearDown() {
        injector.shutdownNow();
        if (sender != null) {
            sender.close();
        }
        s3.close();
        sqs.close();
        sns.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    private static SqsClient sqsClient(MotoServer moto, SqsAudit audit) {
        return SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDS)
                .endpointOverride(moto.endpoint()).overrideConfiguration(o -> {
                    if (audit != null) {
                        o.addExecutionInterceptor(audit);
                    }
                }).build();
    }

    // ------------------------------------------------------------------ injection

    private String token() {
        return String.format("nfx-%06d", tokens.incrementAndGet());
    }

    /**
     * Delivers a genuine notification as SageMaker would. Client B's go through real SNS topics (alternately the
     * enveloped and the raw subscription); client A's are written to the queue in the same two formats (what SNS
     * would have delivered), in batches, which costs moto far less.
     */
    private void publish(Kind kind, String owner, String id, String output) {
        String token = token();
        injected.put(token, new Injected(token, kind, owner, id, System.nanoTime()));
        String message = NotificationMessages.success(EP, id, output, token);
        boolean enveloped = (id.hashCode() & 1) == 0;
        if (owner.equals("B")) {
            sns.publish(b -> b.topicArn(enveloped ? envelopedTopic : rawTopic).message(message));
            injected.put(token, new Injected(token, kind, owner, id, System.nanoTime()));
        } else {
            sender.send(enveloped ? NotificationMessages.envelope("Notification", envelopedTopic, message, token)
                    : message, () -> injected.put(token, new Injected(token, kind, owner, id, System.nanoTime())));
        }
    }

    /** Writes to the queue directly, as anyone allowed to send to it can. */
    private void send(Kind kind, String owner, String id, java.util.function.Function<String, String> body) {
        String token = token();
        injected.put(token, new Injected(token, kind, owner, id, System.nanoTime()));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body.apply(token)));
    }

    private void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("injection failed: " + e);
        }
    }

    // ------------------------------------------------------------------ the test

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void thousandRequests_withDroppedDuplicatedForgedForeignAndMalformedNotifications(MotoServer moto)
            throws Exception {
        long start = System.nanoTime();
        Random rnd = new Random(20261123L);

        // ---- the plan: which request's notification is dropped, duplicated, forged
        List<String> aIds = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            aIds.add(String.format("a-%04d", i));
        }
        List<String> bIds = new ArrayList<>();
        for (int i = 0; i < B_REQUESTS; i++) {
            bIds.add(String.format("b-%04d", i));
        }
        List<String> shuffled = new ArrayList<>(aIds);
        Collections.shuffle(shuffled, rnd);
        Map<String, Fate> fate = new HashMap<>();
        int k = 0;
        for (; k < DROPPED; k++) {
            fate.put(shuffled.get(k), Fate.DROPPED);
        }
        for (; k < DROPPED + DUPLICATED; k++) {
            fate.put(shuffled.get(k), k % 2 == 0 ? Fate.DUPLICATED_SOON : Fate.DUPLICATED_LATE);
        }
        for (int f = 0; f < FORGED_SWAP; f++, k++) {
            fate.put(shuffled.get(k), Fate.FORGED_SWAP);
        }
        for (int f = 0; f < FORGED_ATTACKER; f++, k++) {
            fate.put(shuffled.get(k), Fate.FORGED_ATTACKER);
        }
        for (int f = 0; f < FORGED_FAILED; f++, k++) {
            fate.put(shuffled.get(k), Fate.FORGED_FAILED);
        }
        for (String id : aIds) {
            fate.putIfAbsent(id, Fate.NORMAL);
        }
        for (String id : bIds) {
            fate.put(id, Fate.NORMAL);
        }
        Map<String, Duration> modelTime = new HashMap<>();
        for (String id : fate.keySet()) {
            Fate f = fate.get(id);
            boolean forgedTarget = f == Fate.FORGED_SWAP || f == Fate.FORGED_ATTACKER || f == Fate.FORGED_FAILED;
            // a forgery for a pending request must arrive while it is pending: those run longer
            modelTime.put(id, Duration.ofMillis(forgedTarget ? 1_500 : 150 + rnd.nextInt(1_000)));
        }
        // the extra messages that name no request of ours, spread over the first 70% of the run
        List<Kind> extras = new ArrayList<>();
        for (int i = 0; i < FOREIGN; i++) {
            extras.add(Kind.FOREIGN);
        }
        for (int i = 0; i < MALFORMED; i++) {
            extras.add(Kind.MALFORMED);
        }
        for (int i = 0; i < TEST_NOTIFICATIONS; i++) {
            extras.add(Kind.TEST);
        }
        for (int i = 0; i < OTHER_TYPES; i++) {
            extras.add(Kind.OTHER_TYPE);
        }
        Collections.shuffle(extras, rnd);
        Map<Integer, Kind> extraAt = new HashMap<>();
        for (int i = 0; i < extras.size(); i++) {
            extraAt.put(10 + i * 700 / extras.size(), extras.get(i));
        }
        int forgedOrForeign = FORGED_SWAP + FORGED_ATTACKER + FORGED_FAILED + extras.size();

        // ---- the runtime: tells the test when a request is accepted and when its output exists
        Map<String, String> outputs = new ConcurrentHashMap<>();
        Map<String, Long> notifiedAt = new ConcurrentHashMap<>();
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        AtomicReference<String> lastWritten = new AtomicReference<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger malformedIndex = new AtomicInteger();
        AtomicInteger extraIndex = new AtomicInteger();
        AtomicLong lastBadAt = new AtomicLong();
        AtomicInteger duplicatesSent = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger outputsWritten = new AtomicInteger();
        LoopbackAsyncRuntime.Hooks hooks = new LoopbackAsyncRuntime.Hooks() {
            @Override
            public void accepted(String id, String output, String failure) {
                outputs.put(id, output);
                acceptedAt.put(id, System.nanoTime());
                int n = accepted.getAndIncrement();
                Kind extra = extraAt.get(n);
                if (extra != null) {
                    injector.execute(() -> quietly(() -> injectExtra(extra, extraIndex.getAndIncrement(),
                            malformedIndex, lastBadAt)));
                }
                String owner = id.startsWith("a-") ? "A" : "B";
                String other = lastWritten.get();
                switch (fate.get(id)) {
                    case FORGED_SWAP -> injector.schedule(() -> quietly(() -> send(Kind.FORGED_SWAP, owner, id,
                            t -> NotificationMessages.envelope("Notification", envelopedTopic,
                                    NotificationMessages.success(EP, id, other != null ? other
                                            : "s3://nf-attacker/forged.out", t), t))), 150, TimeUnit.MILLISECONDS);
                    case FORGED_ATTACKER -> injector.schedule(() -> quietly(() -> send(Kind.FORGED_ATTACKER, owner,
                            id, t -> NotificationMessages.success(EP, id, "s3://nf-attacker/forged.out", t))), 150,
                            TimeUnit.MILLISECONDS);
                    case FORGED_FAILED -> injector.schedule(() -> quietly(() -> send(Kind.FORGED_FAILED, owner, id,
                            t -> NotificationMessages.failure(EP, id, "FORGED: Received server error (500)",
                                    "s3://nf-attacker/forged-error.out", t))), 150, TimeUnit.MILLISECONDS);
                    default -> {
                    }
                }
            }

            @Override
            public void written(String id, String output, String failure) {
                lastWritten.set(output);
                outputsWritten.incrementAndGet();
                String owner = id.startsWith("a-") ? "A" : "B";
                Fate f = fate.get(id);
                if (f == Fate.DROPPED) {
                    dropped.incrementAndGet();
                    return;
                }
                notifiedAt.put(id, System.nanoTime());
                injector.execute(() -> quietly(() -> publish(Kind.GENUINE, owner, id, output)));
                if (f == Fate.DUPLICATED_SOON || f == Fate.DUPLICATED_LATE) {
                    duplicatesSent.incrementAndGet();
                    injector.schedule(() -> quietly(() -> publish(Kind.DUPLICATE, owner, id, output)),
                            f == Fate.DUPLICATED_SOON ? 20 + (id.hashCode() & 0xff) : 2_500, TimeUnit.MILLISECONDS);
                }
            }
        };

        // ---- the two clients sharing the queue
        Recorder recA = new Recorder();
        Recorder recB = new Recorder();
        SqsAudit auditA = new SqsAudit();
        SqsAudit auditB = new SqsAudit();
        SqsClient sqsA = sqsClient(moto, auditA);
        SqsClient sqsB = sqsClient(moto, auditB);
        Map<String, byte[]> inputs = new ConcurrentHashMap<>();
        Map<String, InferenceJob> jobs = new ConcurrentHashMap<>();
        Map<String, Long> completedAt = new ConcurrentHashMap<>();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nf-progress");
            t.setDaemon(true);
            return t;
        });
        int listenersAlive;
        long submittedIn;
        long completedIn;
        long settledIn;
        long headsA;
        long headsB;
        try (LoopbackAsyncRuntime runtime = new LoopbackAsyncRuntime(s3, "nf-results", modelTime::get, hooks);
                InferenceClient a = client(runtime, sqsA, recA);
                InferenceClient b = client(runtime, sqsB, recB)) {
            progress.scheduleAtFixedRate(() -> System.out.printf(
                    "nf progress %5.1f s: submitted %d, accepted %d, outputs %d, notified %d, completed %d,"
                            + " received A %d / B %d, deletes A %d / B %d, send backlog %d%n",
                    (System.nanoTime() - start) / 1e9, jobs.size(), accepted.get(), outputsWritten.get(),
                    notifiedAt.size(), completedAt.size(), auditA.received(), auditB.received(),
                    auditA.deletedBodies().size(), auditB.deletedBodies().size(), sender.backlog()),
                    5, 5, TimeUnit.SECONDS);
            ExecutorService submitters = Executors.newFixedThreadPool(12);
            List<CompletableFuture<Void>> submissions = new ArrayList<>();
            List<String> order = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                order.add(aIds.get(i));
                if (i % 10 == 9) {
                    order.add(bIds.get(i / 10));
                }
            }
            long paced = System.nanoTime();
            for (int i = 0; i < order.size(); i++) {
                String id = order.get(i);
                // requests arrive at a steady rate, as traffic does: moto's SQS costs grow with the queue's length
                // (each message received scans the queue), so a burst faster than it drains would only measure moto
                long wait = paced + i * TimeUnit.SECONDS.toNanos(1) / SUBMISSIONS_PER_SECOND - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                byte[] in = ("row " + id + " " + Long.toHexString(rnd.nextLong()) + " " + "x".repeat(rnd.nextInt(64)))
                        .getBytes(StandardCharsets.UTF_8);
                inputs.put(id, in);
                InferenceClient c = id.startsWith("a-") ? a : b;
                submissions.add(CompletableFuture.runAsync(() -> {
                    InferenceJob job = c.submit(InferenceRequest.builder().body(in).contentType("text/plain")
                            .inferenceId(id).build());
                    jobs.put(id, job);
                    job.future().whenComplete((r, e) -> completedAt.put(id, System.nanoTime()));
                }, submitters));
            }
            long wait = (REQUESTS + B_REQUESTS) / SUBMISSIONS_PER_SECOND + (MOTO_S3 ? 300 : 150);
            CompletableFuture.allOf(submissions.toArray(CompletableFuture[]::new)).get(wait, TimeUnit.SECONDS);
            submittedIn = System.nanoTime() - start;
            submitters.shutdown();
            try {
                CompletableFuture.allOf(jobs.values().stream().map(InferenceJob::future)
                        .toArray(CompletableFuture[]::new)).get(wait, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                Map<String, Integer> pending = new TreeMap<>();
                List<String> sample = new ArrayList<>();
                jobs.forEach((id, job) -> {
                    if (!job.future().isDone()) {
                        pending.merge(fate.get(id) + (notifiedAt.containsKey(id) ? "+notified" : ""), 1,
                                Integer::sum);
                        if (sample.size() < 5) {
                            sample.add(id + " polls=" + (id.startsWith("a-") ? recA : recB).polls
                                    .getOrDefault(id, new AtomicInteger()).get() + " output=" + outputs.get(id));
                        }
                    }
                });
                throw new AssertionError("not complete after " + (System.nanoTime() - start) / 1_000_000_000
                        + " s: " + pending + ", e.g. " + sample + "; queue holds " + messagesLeft(), e);
            }
            completedIn = System.nanoTime() - start;
            // late duplicates are still to come: let every message arrive and be handled while both clients run
            int expectedMessages = REQUESTS - DROPPED + DUPLICATED + B_REQUESTS + forgedOrForeign;
            // a bound for a slow, shared machine, not a timing claim: the loop ends as soon as all is handled
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(MOTO_S3 ? 240 : 180);
            while (System.nanoTime() < settle && (injected.size() < expectedMessages || sender.backlog() > 0
                    || !undeleted(auditA, auditB).isEmpty() || messagesLeft() != expectedKept())) {
                Thread.sleep(1_000);
            }
            settledIn = System.nanoTime() - start;
            listenersAlive = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("sminference-sqs-listener-" + EP) && t.isAlive()).count();
            headsA = a instanceof AsyncEndpointClient ac ? ac.headRequests() : -1;
            headsB = b instanceof AsyncEndpointClient bc ? bc.headRequests() : -1;
            assertThat(runtime.unreadableInputs()).isZero();
            assertThat(runtime.invocations()).isEqualTo(REQUESTS + B_REQUESTS);
        } finally {
            progress.shutdownNow();
            sqsA.close();
            sqsB.close();
        }

        // ---- after both clients closed, what is left on the queue (read by a second consumer, not deleted)
        Set<String> mustBeDeleted = new TreeSet<>();
        Set<String> mustBeKept = new TreeSet<>();
        injected.values().forEach(m -> (m.kind().keep ? mustBeKept : mustBeDeleted).add(m.token()));
        int left = awaitQueue(mustBeKept.size(), Duration.ofSeconds(5));
        Set<String> leftTokens = drain(mustBeKept.size());

        // ---- results: the output of each request's own input
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, InferenceJob> e : jobs.entrySet()) {
            InferenceResult r = e.getValue().future().getNow(null);
            String expected = LoopbackAsyncRuntime.score(inputs.get(e.getKey()));
            if (r == null || !expected.equals(r.text())
                    || !outputs.get(e.getKey()).equals(r.metadata().outputLocation().orElse(null))) {
                wrong.add(e.getKey() + " -> " + (r == null ? "none" : r.text() + " @ "
                        + r.metadata().outputLocation().orElse("?")));
            }
        }

        // ---- how each request completed: nothing polls before the fallback, so a request done sooner was woken
        Map<Fate, int[]> byFate = new EnumMap<>(Fate.class); // [by notification, by polling]
        for (String id : aIds) {
            int[] c = byFate.computeIfAbsent(fate.get(id), x -> new int[2]);
            c[recA.byNotification(id) ? 0 : 1]++;
        }
        int aByNotification = (int) aIds.stream().filter(recA::byNotification).count();
        int bByNotification = (int) bIds.stream().filter(recB::byNotification).count();
        long lastBad = lastBadAt.get();
        Map<String, Long> firstSent = new HashMap<>();
        injected.values().stream().filter(m -> m.kind() == Kind.GENUINE)
                .forEach(m -> firstSent.merge(m.inferenceId(), m.sentAtNanos(), Math::min));
        List<String> afterLastBad = aIds.stream().filter(id -> firstSent.getOrDefault(id, 0L) > lastBad).toList();
        long afterLastBadByNotification = afterLastBad.stream().filter(recA::byNotification).count();

        // ---- deletes: whose message each one was
        Map<Kind, Integer> deletedByKind = new EnumMap<>(Kind.class);
        List<String> wrongDeletes = new ArrayList<>();
        Set<String> deletedTokens = new HashSet<>();
        for (String who : List.of("A", "B")) {
            for (String body : (who.equals("A") ? auditA : auditB).deletedBodies()) {
                Injected m = injectedIn(body);
                if (m == null || !m.deletableBy(who)) {
                    wrongDeletes.add(who + " deleted " + (m == null ? "an unknown message" : m));
                } else {
                    deletedTokens.add(m.token());
                    deletedByKind.merge(m.kind(), 1, Integer::sum);
                }
            }
        }
        Set<String> notDeleted = new TreeSet<>(mustBeDeleted);
        notDeleted.removeAll(deletedTokens);

        // ---- figures
        long elapsed = System.nanoTime() - start;
        Map<Kind, Long> sent = new TreeMap<>();
        injected.values().forEach(m -> sent.merge(m.kind(), 1L, Long::sum));
        List<Long> modelLag = new ArrayList<>();
        List<Long> wakeLag = new ArrayList<>();
        for (String id : aIds) {
            if (notifiedAt.containsKey(id) && acceptedAt.containsKey(id)) {
                modelLag.add(notifiedAt.get(id) - acceptedAt.get(id));
            }
            if (firstSent.containsKey(id) && completedAt.containsKey(id)) {
                wakeLag.add(completedAt.get(id) - firstSent.get(id));
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requests (client A / client B sharing the queue)", REQUESTS + " / " + B_REQUESTS);
        figures.put("results wrong / completed more than once / failed", wrong.size() + " / "
                + (recA.successes.values().stream().filter(n -> n.get() > 1).count()
                + recB.successes.values().stream().filter(n -> n.get() > 1).count()) + " / "
                + (recA.failures.size() + recB.failures.size()));
        figures.put("A completed by notification / by polling", aByNotification + " / "
                + (REQUESTS - aByNotification));
        figures.put("B completed by notification / by polling", bByNotification + " / "
                + (B_REQUESTS - bByNotification));
        figures.put("A by fate (by notification/by polling)", fmt(byFate));
        figures.put("A notified after the last malformed message: by notification",
                afterLastBadByNotification + " / " + afterLastBad.size());
        long forgedTargetsWrong = wrong.stream().map(w -> w.substring(0, w.indexOf(' ')))
                .filter(id -> fate.get(id) == Fate.FORGED_SWAP || fate.get(id) == Fate.FORGED_ATTACKER
                        || fate.get(id) == Fate.FORGED_FAILED).count();
        figures.put("forged messages for pending requests / results they changed", (FORGED_SWAP + FORGED_ATTACKER
                + FORGED_FAILED) + " / " + forgedTargetsWrong);
        figures.put("malformed, other-type and test messages / listeners alive after", (MALFORMED + OTHER_TYPES
                + TEST_NOTIFICATIONS) + " / " + listenersAlive);
        figures.put("foreign messages (ids no client holds) / left on the queue for their owner", FOREIGN + " / "
                + leftTokens.stream().filter(t -> injected.get(t) != null && injected.get(t).kind() == Kind.FOREIGN)
                        .count());
        figures.put("notifications dropped", dropped.get());
        figures.put("notifications duplicated", duplicatesSent.get());
        figures.put("forged or foreign messages injected", forgedOrForeign + " " + sent);
        figures.put("messages received by A / by B (redeliveries count)", auditA.received() + " / "
                + auditB.received());
        figures.put("messages deleted, by kind", deletedByKind);
        figures.put("deletes of messages not the deleter's", wrongDeletes.size());
        figures.put("HEAD requests A / B", headsA + " / " + headsB);
        figures.put("fallback polls A / B (checks at or after " + FALLBACK.toSeconds() + " s)",
                recA.fallbackPolls.get() + " / " + recB.fallbackPolls.get());
        figures.put("messages left on the queue after close", left + " (expected " + mustBeKept.size()
                + ", read back " + leftTokens.size() + ")");
        figures.put("accepted -> output written, p50 / p95 / max", percentiles(modelLag));
        figures.put("notification sent -> request completed, p50 / p95 / max", percentiles(wakeLag));
        figures.put("all submitted / all completed / all messages handled after", String.format(
                "%.1f s / %.1f s / %.1f s", submittedIn / 1e9, completedIn / 1e9, settledIn / 1e9));
        figures.put("messages batched to the queue / batches", sender.sent() + " / " + sender.batches());
        figures.put("elapsed", String.format("%.1f s", elapsed / 1e9));
        StringBuilder out = new StringBuilder("\n== notification faults ==\n");
        figures.forEach((name, v) -> out.append(String.format("  %-62s %s%n", name, v)));
        System.out.println(out);

        // ---- every request completed once, with the output of its own input; no forgery changed one
        assertThat(jobs).hasSize(REQUESTS + B_REQUESTS);
        assertThat(wrong).as("results that are not their own input's output").isEmpty();
        assertThat(recA.failures).as("failure events (A)").isEmpty();
        assertThat(recB.failures).as("failure events (B)").isEmpty();
        assertThat(recA.successes.values()).as("success events per request (A)").hasSize(REQUESTS)
                .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(recB.successes.values()).as("success events per request (B)").hasSize(B_REQUESTS)
                .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

        // ---- each client deleted only what was its own (or nobody's), and everything that was
        assertThat(wrongDeletes).as("messages deleted by a client they were not for").isEmpty();
        assertThat(auditA.unknownDeletes() + auditB.unknownDeletes()).isZero();
        assertThat(notDeleted).as("messages that should have been deleted (all handled: the listeners kept"
                + " running)").isEmpty();
        assertThat(listenersAlive).as("both listeners still running after every fault").isEqualTo(2);

        // ---- the foreign messages are still on the queue, receivable by their owner
        assertThat(left).as("messages left on the queue").isEqualTo(mustBeKept.size());
        assertThat(leftTokens).as("the foreign messages, still receivable").isEqualTo(mustBeKept);

        // ---- dropped notifications were covered by polling; the others mostly woke their request
        assertThat(byFate.get(Fate.DROPPED)[0]).as("dropped notifications: completed before any polling")
                .isZero();
        assertThat(afterLastBad).as("requests notified after the last malformed message").hasSizeGreaterThan(100);
        assertThat(aByNotification).as("A requests completed by their notification")
                .isGreaterThanOrEqualTo((REQUESTS - DROPPED) / 2);
        assertThat(afterLastBadByNotification).as("...of them completed by notification")
                .isGreaterThanOrEqualTo(afterLastBad.size() / 2L);
        assertThat(bByNotification).as("B requests completed by notifications on the shared queue")
                .isGreaterThanOrEqualTo(B_REQUESTS / 4);
    }

    private static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        java.util.function.IntFunction<String> at = p -> String.format("%.2f s",
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e9);
        return at.apply(50) + " / " + at.apply(95) + " / " + at.apply(100);
    }

    /** Messages no client may keep that no client has deleted yet. */
    private Set<String> undeleted(SqsAudit... audits) {
        Set<String> left = new TreeSet<>();
        injected.values().stream().filter(m -> !m.kind().keep).forEach(m -> left.add(m.token()));
        for (SqsAudit audit : audits) {
            for (String body : audit.deletedBodies()) {
                Injected m = injectedIn(body);
                if (m != null) {
                    left.remove(m.token());
                }
            }
        }
        return left;
    }

    private int expectedKept() {
        return (int) injected.values().stream().filter(m -> m.kind().keep).count();
    }

    private static String fmt(Map<Fate, int[]> byFate) {
        StringBuilder b = new StringBuilder();
        byFate.forEach((f, c) -> b.append(f).append('=').append(c[0]).append('/').append(c[1]).append(' '));
        return b.toString().trim();
    }

    private Injected injectedIn(String body) {
        Matcher m = TOKEN.matcher(body);
        return m.find() ? injected.get(m.group()) : null;
    }

    private void injectExtra(Kind kind, int n, AtomicInteger malformedIndex, AtomicLong lastBadAt) {
        switch (kind) {
            case FOREIGN -> {
                String id = "other-service-" + n;
                send(Kind.FOREIGN, null, id, t -> n % 2 == 0
                        ? NotificationMessages.success(EP, id, "s3://nf-results/out/" + id + ".out", t)
                        : NotificationMessages.envelope("Notification", envelopedTopic,
                                NotificationMessages.success(EP, id, "s3://nf-results/out/" + id + ".out", t), t));
            }
            case MALFORMED -> {
                int i = malformedIndex.getAndIncrement();
                send(Kind.MALFORMED, null, null, t -> NotificationMessages.malformed(i, "a-0000", envelopedTopic, t));
                lastBadAt.set(System.nanoTime());
            }
            case TEST -> send(Kind.TEST, null, null, t -> n % 2 == 0 ? NotificationMessages.testNotification(t)
                    : NotificationMessages.envelope("Notification", envelopedTopic,
                            NotificationMessages.testNotification(t), t));
            case OTHER_TYPE -> {
                send(Kind.OTHER_TYPE, null, null, t -> NotificationMessages.envelope(n % 2 == 0
                        ? "SubscriptionConfirmation" : "UnsubscribeConfirmation", envelopedTopic,
                        "You have chosen to subscribe to the topic " + envelopedTopic, t));
                lastBadAt.set(System.nanoTime());
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    private InferenceClient client(LoopbackAsyncRuntime runtime, SqsClient clientSqs, Recorder recorder) {
        return AwsInferenceClient.builder().endpointName(EP).mode(InvocationMode.ASYNC_ENDPOINT)
                .region(Region.US_EAST_1).credentialsProvider(CREDS).endpointOverride(runtime.uri()).s3Client(s3)
                .sqsClient(clientSqs).circuitBreaker(CircuitBreakerPolicy.disabled()).maxConcurrency(64)
                .addListener(recorder)
                .asyncEndpoint(AsyncEndpointOptions.builder().stagingLocation("s3://nf-staging/in")
                        .snsCompletion(queueUrl).notificationFallback(FALLBACK)
                        .pollInterval(Duration.ofSeconds(2), Duration.ofSeconds(5)).build())
                .build();
    }

    private int messagesLeft() {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private int awaitQueue(int expected, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        int n = messagesLeft();
        while (n != expected && System.nanoTime() < end) {
            Thread.sleep(100);
            n = messagesLeft();
        }
        return n;
    }

    /** A second consumer reads what is left (without deleting it): the tokens found. */
    private Set<String> drain(int expected) {
        Set<String> found = new TreeSet<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (found.size() < expected && System.nanoTime() < end) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(30)).messages()) {
                Injected i = injectedIn(m.body());
                found.add(i == null ? "unknown:" + m.body() : i.token());
            }
        }
        return found;
    }

    /** Per request: success and failure events, and when (after submission) the completing check ran. */
    static final class Recorder implements InferenceListener {
        final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
        final Map<String, Duration> tookToSuccess = new ConcurrentHashMap<>();
        final List<InferenceEvent> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger fallbackPolls = new AtomicInteger();
        final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

        @Override
        public void onSuccess(InferenceEvent event) {
            String id = event.inferenceId().orElse("?");
            successes.computeIfAbsent(id, x -> new AtomicInteger()).incrementAndGet();
            tookToSuccess.put(id, event.elapsed());
        }

        @Override
        public void onFailure(InferenceEvent event) {
            failures.add(event);
        }

        @Override
        public void onPoll(InferenceEvent event) {
            polls.computeIfAbsent(event.inferenceId().orElse("?"), x -> new AtomicInteger()).incrementAndGet();
            if (event.elapsed().compareTo(FALLBACK) >= 0) {
                fallbackPolls.incrementAndGet();
            }
        }

        /** Completed before polling could have started: a notification woke it. */
        boolean byNotification(String id) {
            Duration took = tookToSuccess.get(id);
            return took != null && took.compareTo(FALLBACK) < 0;
        }
    }
}
