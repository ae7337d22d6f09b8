#!/usr/bin/env python3
"""The peer in the benchmark: boto3's invoke_endpoint (the Python SDK's transport) against the same loopback stub.

Started by the Java runner (io.github.sminference.bench.BenchRunner) with the stub's URL as its argument. It reads
commands from stdin, one per line, and answers each with one line on stdout:

    version                        -> VERSION python=... boto3=... botocore=... retries=...
    run <threads> <bytes> <secs>   -> RESULT ops=N errors=N seconds=S p50_ns=N p99_ns=N cpu_ns=N

A run is closed-loop like the Java side: <threads> threads share one client (boto3 clients are thread-safe; its
connection pool is sized to the thread count) and each calls invoke_endpoint with a <bytes>-byte body, reads the whole
response body, and starts its next call at once, for <secs> seconds. Percentiles use the nearest-rank method, as the
Java side does; cpu_ns is this process's CPU time during the run (all threads). boto3 keeps its default retry
configuration.
"""
import math
import platform
import sys
import threading
import time

import boto3
import botocore
from botocore.config import Config


def percentile(sorted_samples, p):
    n = len(sorted_samples)
    rank = math.ceil(p * n)
    return sorted_samples[max(1, min(n, rank)) - 1]


class Peer:
    def __init__(self, endpoint_url):
        self.endpoint_url = endpoint_url
        self.clients = {}

    def client(self, threads):
        pool = max(10, threads)  # botocore's default pool is 10 connections
        c = self.clients.get(pool)
        if c is None:
            c = boto3.client(
                "sagemaker-runtime",
                endpoint_url=self.endpoint_url,
                region_name="us-east-1",
                aws_access_key_id="bench-access-key",
                aws_secret_access_key="bench-secret-key",
                config=Config(max_pool_connections=pool),
            )
            self.clients[pool] = c
        return c

    def version(self):
        c = self.client(1)
        retries = c.meta.config.retries or {}
        mode = retries.get("mode", "legacy")
        attempts = retries.get("total_max_attempts", retries.get("max_attempts"))
        return "VERSION python=%s boto3=%s botocore=%s retries=%s%s" % (
            platform.python_version(), boto3.__version__, botocore.__version__, mode,
            "" if attempts is None else "/%s" % attempts)

    def run(self, threads, size, seconds):
        c = self.client(threads)
        payload = bytes((i * 31) % 251 for i in range(size))
        duration = int(seconds * 1e9)
        samples = [[] for _ in range(threads)]
        errors = [0] * threads
        last = [0] * threads
        barrier = threading.Barrier(threads + 1)
        box = {}

        def worker(i):
            out = samples[i]
            barrier.wait()
            start = box["start"]
            end = start + duration
            last[i] = start
            while True:
                t0 = time.perf_counter_ns()
                if t0 >= end:
                    break
                try:
                    r = c.invoke_endpoint(EndpointName="bench", Body=payload,
                                          ContentType="application/octet-stream")
                    ok = len(r["Body"].read()) == size
                except Exception:  # a failed call counts as an error, not a crash
                    ok = False
                t1 = time.perf_counter_ns()
                out.append(t1 - t0)
                if not ok:
                    errors[i] += 1
                last[i] = t1

        workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
        for w in workers:
            w.start()
        cpu0 = time.process_time_ns()
        box["start"] = time.perf_counter_ns()
        barrier.wait()
        for w in workers:
            w.join()
        cpu = time.process_time_ns() - cpu0
        merged = sorted(x for s in samples for x in s)
        ops = len(merged)
        elapsed = (max(last) - box["start"]) / 1e9
        if ops == 0:
            return "RESULT ops=0 errors=0 seconds=%.6f p50_ns=0 p99_ns=0 cpu_ns=%d" % (elapsed, cpu)
        return "RESULT ops=%d errors=%d seconds=%.6f p50_ns=%d p99_ns=%d cpu_ns=%d" % (
            ops, sum(errors), elapsed, percentile(merged, 0.50), percentile(merged, 0.99), cpu)


def main():
    peer = Peer(sys.argv[1])
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == "version":
                print(peer.version(), flush=True)
            elif parts[0] == "run":
                print(peer.run(int(parts[1]), int(parts[2]), float(parts[3])), flush=True)
            elif parts[0] == "quit":
                return
            else:
                print("ERROR unknown command %r" % parts[0], flush=True)
        except Exception as e:  # report, keep serving
            print("ERROR %s: %s" % (type(e).__name__, str(e).replace("\n", " ")), flush=True)


if __name__ == "__main__":
    main()
