package io.github.sminference.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by this JVM's threads (HotSpot's per-thread counters): a snapshot before, the sum of the growth
 * after. Threads that ended in between are not counted, so the measured code's threads must still be alive at the
 * second snapshot. Unlike time, this does not depend on what else runs on the machine.
 */
final class Alloc {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Alloc() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (t instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean s = (com.sun.management.ThreadMXBean) t;
            if (s.isThreadAllocatedMemorySupported()) {
                s.setThreadAllocatedMemoryEnabled(true);
                return s;
            }
        }
        return null;
    }

    static Map<Long, Long> snapshot() {
        Map<Long, Long> m = new HashMap<>();
        if (THREADS == null) {
            return m;
        }
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return m;
    }

    /** Bytes allocated since {@code before}; -1 if the JVM cannot say. */
    static long since(Map<Long, Long> before) {
        if (THREADS == null) {
            return -1;
        }
        long total = 0;
        for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }
}
