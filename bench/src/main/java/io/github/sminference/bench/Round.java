package io.github.sminference.bench;

/**
 * One timed run of one variant: calls completed, how long it took, the latency percentiles of its calls, and the CPU
 * time the client's process spent meanwhile (all its threads: caller, I/O, completion, GC, JIT).
 *
 * @param ops calls completed (successful or not)
 * @param errors calls that failed or answered something other than the echo
 * @param seconds from the first call's start to the last call's end
 * @param p50Nanos median latency of one call
 * @param p99Nanos 99th percentile latency of one call
 * @param cpuNanos CPU time of the client process during the run, or -1 if unknown
 * @param allocBytes bytes allocated by the client process's threads during the run, or -1 if unknown
 */
public record Round(long ops, long errors, double seconds, long p50Nanos, long p99Nanos, long cpuNanos,
        long allocBytes) {

    /**
     * Calls per second.
     *
     * @return the throughput
     */
    public double throughput() {
        return ops / seconds;
    }

    /**
     * The client process's CPU time per call, in microseconds.
     *
     * @return CPU per call, or NaN if unknown
     */
    public double cpuMicrosPerOp() {
        return cpuNanos < 0 || ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
    }

    /**
     * Bytes allocated per call by the client process.
     *
     * @return bytes per call, or NaN if unknown
     */
    public double allocBytesPerOp() {
        return allocBytes < 0 || ops == 0 ? Double.NaN : (double) allocBytes / ops;
    }
}
