#!/usr/bin/env python3
"""Where a thread's CPU samples go, from a JFR recording: for each pattern, the share of the thread's execution
samples whose stack contains a frame matching it (a frame is "package/Class.method").

    python3 bench/src/main/python/jfr_share.py RECORDING.jfr THREAD_PREFIX PATTERN...

Example (the findings of bench/RESULTS.md):

    BENCH_JVM_OPTS="-Xms1g -Xmx1g -XX:StartFlightRecording=filename=ours.jfr,settings=profile" \\
      ./bench/run.sh --profile=ours:sync:1:100:20
    python3 bench/src/main/python/jfr_share.py ours.jfr main InvocationPipeline.invoke \\
      DefaultSageMakerRuntimeClient.invokeEndpoint Breakers RequestValidator UUID.randomUUID

Needs the JDK's `jfr` tool on the PATH. A stack is counted once per pattern however many frames match.
"""
import json
import subprocess
import sys


def samples(recording, thread_prefix):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "256",
                          recording], capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or ""
        stack = values.get("stackTrace")
        if not thread.startswith(thread_prefix) or not stack:
            continue
        yield [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in stack["frames"]]


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    recording, thread_prefix, patterns = sys.argv[1], sys.argv[2], sys.argv[3:]
    total = 0
    hits = {p: 0 for p in patterns}
    for frames in samples(recording, thread_prefix):
        total += 1
        for p in patterns:
            if any(p in f for f in frames):
                hits[p] += 1
    print("%d samples of threads '%s*' in %s" % (total, thread_prefix, recording))
    for p in patterns:
        print("%6.1f%%  %6d  %s" % (100.0 * hits[p] / max(total, 1), hits[p], p))


if __name__ == "__main__":
    main()
