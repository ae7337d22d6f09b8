#!/usr/bin/env bash
# Runs every benchmark of the bench module in one go and writes bench/RESULTS.md (a few minutes).
#
#   ./bench/run.sh                       # everything
#   ./bench/run.sh --sections=overhead   # some: overhead (with the boto3 peer), fanout, diagnostics, staging, batch
#   ./bench/run.sh --rounds=40           # more, shorter or longer rounds: see BenchRunner's options
#   BENCH_JVM_OPTS="-Xms1g -Xmx1g -XX:FlightRecorderOptions=stackdepth=256 \
#     -XX:StartFlightRecording=filename=ours.jfr,settings=bench/profiling.jfc" \
#     ./bench/run.sh --profile=ours:async:64:100:20   # one variant alone (raw|ours|sdk-defaults), under JFR;
#   python3 bench/src/main/python/jfr_share.py ours.jfr main DefaultSageMakerRuntimeAsyncClient.invokeEndpoint
#                                        # then: where its calling thread's samples went
#
# Needs Java 17+ and python3 with boto3 (for the peer). BENCH_SKIP_BUILD=1 reuses the last build.
#
# The build stays inside the reactor: `package` (never `install`) builds bench and the modules it needs, and the
# dependency plugin, run in that same reactor, writes a classpath that names the sibling modules' target/*.jar
# (and the third-party jars in the local repository). Nothing of ours is read from or written to ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -B package -DskipTests -Dmaven.javadoc.skip=true -pl bench -am
fi
if [[ ! -f bench/target/runtime-classpath.txt ]]; then
  echo "bench/target/runtime-classpath.txt is missing: run without BENCH_SKIP_BUILD=1 first" >&2
  exit 1
fi
if grep -q '/io/github/sminference/' bench/target/runtime-classpath.txt; then
  echo "the bench classpath names our modules in the local Maven repository, not the reactor's target folders:" >&2
  echo "rebuild without BENCH_SKIP_BUILD=1" >&2
  exit 1
fi
CP="bench/target/classes:$(cat bench/target/runtime-classpath.txt)"
# shellcheck disable=SC2086
exec java ${BENCH_JVM_OPTS:--Xms1g -Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.github.sminference.bench.BenchRunner --home=bench --command="./bench/run.sh${*:+ $*}" "$@"
