#!/usr/bin/env bash
# CPU per policy update against CPU per event, on one agent past its first burst: the java variant with
# --mqtt_buffer and 0 ms API latency, 50 policies x 3 levels seeded in the simulator (rate limit off). First one
# round of 150 policy updates on the fresh agent (what bench/throughput.sh's policy row measures, start-up costs
# of the path included) and 500 events, then BENCH_ROUNDS (4) rounds of 150 effective updates and a burst of
# BENCH_EVENTS (2000) events, CPU (utime+stime of the agent) per update, per event, per ilert call and by thread;
# also per update over the later half of the rounds (the policy path still warms up over the first ones).
# The script asks the agent's /metrics every 0.5 s to see when a burst is done; that polling's CPU, measured on
# the idle agent, is subtracted.
# Usage: bench/cpu_per_message.sh [CHECKOUT...]: each checkout's agent (bin/ilagent there) in turn, in the same
# run (default: this one). BENCH_PERF=/tmp/prefix records each measured phase with `perf record -g`
# (PREFIX-cN-policy.data, PREFIX-cN-event.data; the JIT's symbols in /tmp/perf-PID.map); BENCH_JFR=/tmp/prefix with JFR
# (settings=profile: PREFIX-cN-policy.jfr, PREFIX-cN-event.jfr). A checkout from before --ilert_api_rate runs without it.
# BENCH_AGENT_ARGS adds flags to every agent (e.g. "--max_in_flight 16").
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/cpu_per_message.py "$@"
