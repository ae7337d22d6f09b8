#!/usr/bin/env bash
# Quickstart: builds the SDK, then runs all four modes (real-time, serverless, asynchronous, batch) end to end in
# local mode against a real demo model served over the SageMaker container contract on a free localhost port.
# No AWS account, no Docker.
set -euo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
echo "== Building (./mvnw install, tests and Javadoc skipped)"
./mvnw -q -B install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl examples -am
echo "== Build done in $(( $(date +%s) - start )) s; running io.github.sminference.examples.Quickstart"
echo
./mvnw -q -B -pl examples exec:java -Dexec.mainClass=io.github.sminference.examples.Quickstart
echo
echo "== Quickstart done in $(( $(date +%s) - start )) s (build included)"
