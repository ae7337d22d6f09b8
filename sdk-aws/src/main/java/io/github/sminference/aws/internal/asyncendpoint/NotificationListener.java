package io.github.sminference.aws.internal.asyncendpoint;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The one long-poll listener of a client's notification queue. Each message is only a wake-up: for a request this
 * client holds, it triggers a check of the locations InvokeEndpointAsync returned, and the message is deleted once that
 * request's future is completed. Test notifications and unreadable messages are deleted; duplicates of requests
 * already completed are deleted; messages for requests this client does not hold are left for the client that
 * does. Thread-safe.
 */
final class NotificationListener implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final AsyncEndpointClient client;
    private volatile boolean running = true;
    private volatile Thread thread;
    private long lastWarning;

    NotificationListener(SqsClient sqs, String queueUrl, AsyncEndpointClient client) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.client = client;
    }

    synchronized void start() {
        if (thread == null) {
            Thread t = new Thread(this, "sminference-sqs-listener-" + client.endpointName());
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(20))
                        .messages();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                long now = System.nanoTime();
                if (now - lastWarning > TimeUnit.MINUTES.toNanos(1)) {
                    lastWarning = now;
                    LOG.warn("receiving from the notification queue failed ({}); polling S3 covers the gap, retrying",
                            e.getClass().getSimpleName());
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            for (Message m : messages) {
                try {
                    handle(m);
                } catch (RuntimeException e) {
                    LOG.warn("a notification could not be handled ({}); left on the queue", e.getClass().getName());
                }
            }
        }
    }

    void handle(Message m) {
        Notification n = Notification.parse(m.body());
        switch (n.kind()) {
            case TEST:
            case MALFORMED:
                LOG.debug("notification queue: {} message deleted", n.kind());
                delete(m);
                return;
            case OTHER:
                return;
            default:
                break;
        }
        AwsAsyncJob job = client.held(n.inferenceId());
        if (job != null && job.waiting()) {
            job.notified(n.failureReason());
            // delete only after the request's future is completed (so a crash before that redelivers it)
            job.outcome().whenComplete((o, e) -> delete(m));
            client.checkSoon(job);
        } else if (client.recentlyCompleted(n.inferenceId())) {
            delete(m); // a duplicate delivery
        } else {
            LOG.debug("notification for inference id {} not held by this client: left for its owner", n.inferenceId());
        }
    }

    private void delete(Message m) {
        try {
            sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        } catch (RuntimeException e) {
            LOG.debug("deleting a notification failed ({}); it will be delivered again and ignored",
                    e.getClass().getSimpleName());
        }
    }
}
