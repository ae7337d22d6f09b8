#!/usr/bin/env bash
# Runs every Jazzer @FuzzTest of the reliability module in fuzzing mode, one target at a time, each for a fixed
# duration, and prints the executions and findings per target.
#
#   reliability/fuzz.sh            # 60 s per target
#   reliability/fuzz.sh 5m         # 5 minutes per target
#   reliability/fuzz.sh 30s S3Uri  # only the targets whose class name contains S3Uri
#
# The normal build runs the same tests in regression mode (their inputs under src/test/resources). Here JAZZER_FUZZ=1
# makes Jazzer generate inputs, and JAZZER_MAX_DURATION overrides @FuzzTest(maxDuration). The generated corpus is
# kept in reliability/.cifuzz-corpus/ (git-ignored), so a later run starts where this one stopped. A finding fails
# the target's test, and Jazzer writes the crashing input (crash-<sha1>) into the target's inputs folder under
# src/test/resources, where the normal build then replays it: fix the code, keep the input. Logs are in
# reliability/target/fuzz/. Builds the reactor with -am; never installs anything.
set -uo pipefail
cd "$(dirname "$0")/.."

duration="${1:-60s}"
filter="${2:-}"
logs=reliability/target/fuzz
mkdir -p "$logs"
offline=""
if [[ "${FUZZ_OFFLINE:-1}" == "1" ]]; then
  offline="-o"
fi

targets=()
while IFS= read -r file; do
  class="$(basename "$file" .java)"
  if [[ -z "$filter" || "$class" == *"$filter"* ]]; then
    targets+=("$class")
  fi
done < <(grep -l '@FuzzTest' reliability/src/test/java/io/github/sminference/reliability/fuzz/*.java | sort)

if [[ ${#targets[@]} -eq 0 ]]; then
  echo "no @FuzzTest target matches '$filter'" >&2
  exit 2
fi

resources=reliability/src/test/resources/io/github/sminference/reliability/fuzz
status=0
summary=()
for class in "${targets[@]}"; do
  log="$logs/$class.log"
  before="$(find "$resources/${class}Inputs" -name 'crash-*' 2>/dev/null | sort)"
  echo "== $class: fuzzing for $duration (log: $log)"
  start=$(date +%s)
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" ./mvnw -B $offline -pl reliability -am test \
    -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  # libFuzzer's closing line: "Done 1234567 runs in 60 second(s)"; the last status line as a fallback
  execs="$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2}')"
  if [[ -z "$execs" ]]; then
    execs="$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
  fi
  secs="$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}')"
  cov="$(grep -aoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
  corpus="$(grep -aoE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)"
  after="$(find "$resources/${class}Inputs" -name 'crash-*' 2>/dev/null | sort)"
  new="$(comm -13 <(echo "$before") <(echo "$after") | grep -c . || true)"
  tests="$(grep -a 'Tests run:' "$log" | tail -1)"
  if [[ $rc -ne 0 ]]; then
    findings="FAILED (exit $rc; $new new crash input(s))"
    status=1
  else
    findings="0"
  fi
  line="$(printf '%-22s executions %-10s in %-4s s  %-22s %-16s findings %s' "$class" "${execs:-?}" \
    "${secs:-?}" "${cov:-cov: ?}" "${corpus:-corp: ?}" "$findings")"
  summary+=("$line")
  echo "   $line (wall ${elapsed}s; ${tests:-no surefire summary})"
done

echo
echo "== fuzzing summary ($duration per target)"
for line in "${summary[@]}"; do
  echo "  $line"
done
exit $status
