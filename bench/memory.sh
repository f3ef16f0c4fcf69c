#!/usr/bin/env bash
# Does the agent's memory stay bounded under a long stream of bad input? One agent with the HTTP server,
# MQTT QoS 1 buffered and Kafka (bin/kafka-broker) takes 3 broken payloads per good one on each path (5 good/s
# per path) for MINUTES; RSS, heap, non-heap, threads and dead letters are sampled every 5 s into CSV.
# Prints per-quarter RSS, the slope over the second half and the class histogram at the end.
# Usage: bench/memory.sh [minutes=9] [csv_file]. BENCH_NMT=1 also turns on native memory tracking
# (-XX:NativeMemoryTracking=summary) and prints its summary at the end. Needs mosquitto, python3.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
csv="${2:-}"
[[ -z "$csv" || "$csv" = /* ]] || csv="$PWD/$csv"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
if [[ -n "${BENCH_NMT:-}" ]]; then
  export ILAGENT_JAVA_OPTS="${ILAGENT_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
fi
exec python3 bench/memory.py "${1:-9}" "$csv"
