#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer, JUnit @FuzzTest) of the input parsers, each target for a bounded time:
#   http-event   EventRequestParser: POST /api/events bodies
#   event        EventMapper: MQTT/Kafka event payloads under fuzzed --map_key_*/--map_val_*/--filter_* settings
#   policy       PolicyMapper: policy payloads under fuzzed paths, --shift_offset, --map_key_timestamp, filter
#   heartbeat    HeartbeatMapper: heartbeat payloads
#   json-path    JsonPath (the --map_key_* dot-path reader) against a plain reference walk on generated JSON
# Prints per target: executions, seconds, exec/s, edges covered (libFuzzer's cov, in io.ilagent and Jackson,
# both instrumented), corpus size, and line/branch coverage of the code under test from Jazzer's coverage
# report, and the findings (up to 20 distinct ones per target; Jazzer keeps each input under
# src/test/resources/.../*FuzzTestInputs/, where a plain `mvnw test` replays it from then on: commit it with the fix).
# Usage: bench/fuzz.sh [seconds per target=120] [target...]. Heavy: run under flock /tmp/ilagent-heavy.lock.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
seconds="${1:-120}"
shift || true
cd "$root"
source bin/find-java
java_bin="$(find_java)"
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"

declare -A tests=(
  [http-event]="io.ilagent.source.http.EventRequestParserFuzzTest#anyBodyIsEitherAnEventTheOutboxKeepsOrAReasonForA400"
  [event]="io.ilagent.pipeline.PayloadMapperFuzzTest#anEventPayloadIsMappedFilteredOrRejectedButNeverThrows"
  [policy]="io.ilagent.pipeline.PayloadMapperFuzzTest#aPolicyPayloadIsMappedFilteredOrRejectedButNeverThrows"
  [heartbeat]="io.ilagent.pipeline.PayloadMapperFuzzTest#aHeartbeatPayloadIsAPingOrRejectedButNeverThrows"
  [json-path]="io.ilagent.pipeline.JsonPathFuzzTest#aDotPathFindsWhatAPlainWalkOverObjectKeysFinds"
)
# The files each target is about, for the coverage figures (a regex on the file names in Jazzer's report).
declare -A covered=(
  [http-event]='^(EventRequestParser|JsonDocument)\.java'
  [event]='^(EventMapper|EventTypeMapping|PayloadFields|JsonPayload|JsonDocument|MessageFilter|JsonPath)\.java'
  [policy]='^(PolicyMapper|SourceTime|JsonPayload|JsonDocument|MessageFilter|JsonPath)\.java'
  [heartbeat]='^(HeartbeatMapper|PayloadFields|JsonPayload|JsonDocument)\.java'
  [json-path]='^JsonPath\.java'
)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(http-event event policy heartbeat json-path)
for t in "${targets[@]}"; do [[ -n "${tests[$t]:-}" ]] || { echo "unknown target: $t (one of ${!tests[*]})" >&2; exit 2; }; done

out="$root/target/fuzz"
mkdir -p "$out"
./mvnw -B -ntp -q test-compile
echo "fuzz: $(date -u +%FT%TZ) ${seconds}s per target, JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '%-10s %10s %5s %7s %5s %6s %-22s %-22s %s\n' target executions s exec/s cov corpus "lines (code under test)" "branches" finding
status=0
for t in "${targets[@]}"; do
  log="$out/$t.log"
  report="$out/$t-coverage.txt"
  rm -f "$report"
  # JAZZER_FUZZ=1 turns the @FuzzTest from replaying its kept inputs into fuzzing; the corpus it grows is kept
  # in .cifuzz-corpus/ (git-ignored) for the next run.
  # The pom turns Jazzer's hooks (comparison tracing, sanitizers) off for the fast replay in a plain test run.
  JAZZER_FUZZ=1 ./mvnw -B -ntp surefire:test@fuzz-regression -Dtest="${tests[$t]}" \
      -Djazzer.max_duration="${seconds}s" -Djazzer.hooks=true -Djazzer.keep_going=20 \
      -Djazzer.instrumentation_includes='io.ilagent.**:com.fasterxml.jackson.**' \
      -Djazzer.coverage_report="$report" >"$log" 2>&1 || status=1
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  runs_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
  [[ -n "$done_line" ]] || done_line="$(grep -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|INITED)' "$log" | tail -1 || true)"
  execs="$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' <<<"$runs_line")"
  [[ -n "$execs" ]] || execs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$done_line")"
  secs="$(sed -nE 's/.* in ([0-9]+) second.*/\1/p' <<<"$runs_line")"
  rate="$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$done_line")"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$done_line")"
  corp="$(sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p' <<<"$done_line")"
  # keep_going: a finding does not end the run; each distinct one (by stack) is counted and its input kept.
  findings="$(grep -c 'Test unit written to' "$log" || true)"
  finding="${findings:-0}"
  if [[ "$finding" != 0 ]]; then
    finding="$finding, kept: $(grep -o 'Test unit written to .*' "$log" | sed 's|.*/||' | tr '\n' ' ')"
    status=1
  fi
  lines="?"; branches="?"
  if [[ -f "$report" ]]; then
    read -r lines branches < <(python3 "$root/bench/fuzz_coverage.py" "$report" "${covered[$t]}")
  fi
  printf '%-10s %10s %5s %7s %5s %6s %-22s %-22s %s\n' "$t" "${execs:-?}" "${secs:-?}" "${rate:-?}" "${cov:-?}" \
      "${corp:-?}" "$lines" "$branches" "$finding"
done
echo "logs and coverage reports: $out"
exit "$status"
