#!/usr/bin/env bash
# Quickstart: builds the SDK, starts moto server (a local SageMaker emulator, Python) on a free loopback port,
# and runs the real-time example against it through the real AWS SDK client. No AWS account needed.
set -euo pipefail
cd "$(dirname "$0")"

command -v python3 >/dev/null || { echo "python3 is required (moto server runs on it)" >&2; exit 2; }
python3 -c "import moto" 2>/dev/null || { echo "moto is required: pip install 'moto[server]'" >&2; exit 2; }

echo "== Building (./mvnw install -DskipTests)"
start=$(date +%s)
./mvnw -q -B install -DskipTests -pl examples -am

log=$(mktemp)
python3 -m moto.server -H 127.0.0.1 -p 0 >"$log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE 'Running on http://127\.0\.0\.1:[0-9]+' "$log" | grep -oE '[0-9]+$' | head -1 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "moto server did not start:" >&2; cat "$log" >&2; exit 1; }
endpoint="http://127.0.0.1:$port"
echo "== moto server on $endpoint (emulates the SageMaker runtime)"

# moto answers InvokeEndpoint with queued results; queue four scores for the example's four requests
curl -sf -X POST "$endpoint/moto-api/static/sagemaker/endpoint-results" -H 'Content-Type: application/json' -d '{
  "account_id": "123456789012", "region": "us-east-1",
  "results": [
    {"Body": "0.82", "ContentType": "text/csv", "InvokedProductionVariant": "AllTraffic"},
    {"Body": "0.82", "ContentType": "text/csv", "InvokedProductionVariant": "AllTraffic"},
    {"Body": "0.11", "ContentType": "text/csv", "InvokedProductionVariant": "AllTraffic"},
    {"Body": "0.97", "ContentType": "text/csv", "InvokedProductionVariant": "AllTraffic"}]}' >/dev/null

echo "== Running RealTimeExample against it (AWS_ENDPOINT_URL=$endpoint)"
AWS_ENDPOINT_URL="$endpoint" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  ./mvnw -q -B -pl examples exec:java -Dexec.mainClass=io.github.sminference.examples.RealTimeExample \
  -Dexec.args=credit-scorer
echo "== Done in $(( $(date +%s) - start )) s"
