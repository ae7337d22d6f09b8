package io.github.sminference.reliability.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Writes message bodies to a queue in batches of up to ten (SendMessageBatch), on one thread, as soon as they are
 * handed over: SageMaker's notifications arrive one by one, but how they reach the queue is not what is under test,
 * and moto spends most of its time per HTTP request, not per message. Thread-safe.
 */
final class BatchingSender implements AutoCloseable {
    private record Pending(String body, Runnable onSent) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final Consumer<Throwable> onError;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    BatchingSender(SqsClient sqs, String queueUrl, Consumer<Throwable> onError) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.onError = onError;
        this.thread = new Thread(this::run, "nf-batching-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a body for sending.
     *
     * @param body the message body
     * @param onSent run once SQS accepted it
     */
    void send(String body, Runnable onSent) {
        pending.add(new Pending(body, onSent));
    }

    int sent() {
        return sent.get();
    }

    int batches() {
        return batches.get();
    }

    int backlog() {
        return pending.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(10);
        while (running) {
            try {
                Pending first = pending.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, 9);
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(batch.get(i).body())
                            .build());
                }
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                if (!r.failed().isEmpty()) {
                    onError.accept(new IllegalStateException("SendMessageBatch failed for " + r.failed()));
                }
                batches.incrementAndGet();
                r.successful().forEach(ok -> {
                    sent.incrementAndGet();
                    batch.get(Integer.parseInt(ok.id().substring(1))).onSent().run();
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    onError.accept(e);
                }
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
