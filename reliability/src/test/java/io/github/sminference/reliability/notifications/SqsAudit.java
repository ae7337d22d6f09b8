package io.github.sminference.reliability.notifications;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Watches what one SQS consumer (a client's notification listener) does with the queue: every body it received, by
 * receipt handle, and every body it asked to delete. So the test can say, message by message, that a client deleted
 * only what was its own to delete. Thread-safe.
 */
final class SqsAudit implements ExecutionInterceptor {
    private final Map<String, String> bodyByHandle = new ConcurrentHashMap<>();
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger receiveCalls = new AtomicInteger();
    private final AtomicInteger unknownDeletes = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (r instanceof DeleteMessageRequest d) {
            deleted(d.receiptHandle());
        } else if (r instanceof DeleteMessageBatchRequest b) {
            b.entries().forEach(e -> deleted(e.receiptHandle()));
        } else if (r instanceof ChangeMessageVisibilityRequest) {
            // allowed; nothing to check
        }
    }

    private void deleted(String handle) {
        String body = bodyByHandle.get(handle);
        if (body == null) {
            unknownDeletes.incrementAndGet();
        } else {
            deleted.add(body);
        }
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        if (context.response() instanceof ReceiveMessageResponse r) {
            receiveCalls.incrementAndGet();
            for (Message m : r.messages()) {
                received.incrementAndGet();
                bodyByHandle.put(m.receiptHandle(), m.body());
            }
        }
    }

    /** Bodies this consumer asked to delete, one entry per request. */
    List<String> deletedBodies() {
        return List.copyOf(deleted);
    }

    /** Messages received (a redelivery counts again). */
    int received() {
        return received.get();
    }

    int receiveCalls() {
        return receiveCalls.get();
    }

    /** Deletes naming a receipt handle this consumer never received. */
    int unknownDeletes() {
        return unknownDeletes.get();
    }
}
