package io.github.sminference.aws.internal.asyncendpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The one long-poll listener of a client's notification queue. Each message is only a wake-up: for a request this
 * client holds, it triggers a check of the locations InvokeEndpointAsync returned, and the message is deleted once that
 * request's future is completed. Test notifications and unreadable messages are deleted; duplicates of requests
 * already completed are deleted; messages for requests this client does not hold are left for the client that
 * does. Deletes are sent in batches of up to ten (DeleteMessageBatch) on the client's I/O threads, so a slow queue
 * does not hold the listener back from receiving. Thread-safe.
 */
final class NotificationListener implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final AsyncEndpointClient client;
    private final Executor deleter;
    private final Queue<String> toDelete = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean deleting = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Thread thread;
    private long lastWarning;

    NotificationListener(SqsClient sqs, String queueUrl, AsyncEndpointClient client, Executor deleter) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.client = client;
        this.deleter = deleter;
    }

    synchronized void start() {
        if (thread == null) {
            Thread t = new Thread(this, "sminference-sqs-listener-" + client.endpointName());
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Stops receiving, and sends the deletes still queued (so they are not delivered again to a later client). */
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        for (List<String> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
            deleteBatch(batch);
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
        } else if (job != null || client.recentlyCompleted(n.inferenceId())) {
            delete(m); // ours, but no one waits for it any more (cancelled), or a duplicate delivery
        } else {
            LOG.debug("notification for inference id {} not held by this client: left for its owner", n.inferenceId());
        }
    }

    /** Queues a message for deletion; a flush on the deleter sends the queued ones in batches. */
    private void delete(Message m) {
        toDelete.add(m.receiptHandle());
        if (deleting.compareAndSet(false, true)) {
            try {
                deleter.execute(this::flushDeletes);
            } catch (RejectedExecutionException e) {
                deleting.set(false); // the client is closing: the message will be delivered again and ignored
            }
        }
    }

    private void flushDeletes() {
        while (true) {
            List<String> batch = nextBatch();
            if (batch.isEmpty()) {
                deleting.set(false);
                // a delete queued after the poll above and before the flag was cleared is flushed here
                if (toDelete.isEmpty() || !deleting.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            deleteBatch(batch);
        }
    }

    private List<String> nextBatch() {
        List<String> batch = new ArrayList<>(10);
        while (batch.size() < 10) {
            String h = toDelete.poll();
            if (h == null) {
                break;
            }
            batch.add(h);
        }
        return batch;
    }

    private void deleteBatch(List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(handles.get(i)).build());
        }
        try {
            DeleteMessageBatchResponse r = sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                LOG.debug("deleting {} of {} notifications failed ({}); they will be delivered again and ignored",
                        r.failed().size(), handles.size(), r.failed().get(0).code());
            }
        } catch (RuntimeException e) {
            LOG.debug("deleting {} notifications failed ({}); they will be delivered again and ignored",
                    handles.size(), e.getClass().getSimpleName());
        }
    }
}
