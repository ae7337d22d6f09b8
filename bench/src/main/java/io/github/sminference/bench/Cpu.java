package io.github.sminference.bench;

import java.lang.management.ManagementFactory;

/** The CPU time of this JVM's process, all threads (user + system), in nanoseconds; -1 if the JVM cannot say. */
final class Cpu {
    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private Cpu() {
    }

    static long processNanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) OS).getProcessCpuTime();
        }
        return -1;
    }

    static long since(long start) {
        long now = processNanos();
        return start < 0 || now < 0 ? -1 : now - start;
    }
}
