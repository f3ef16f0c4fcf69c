#!/usr/bin/env bash
# Idle RSS of the daemon with HTTP (-p), its own heartbeat (-b), MQTT (a mosquitto started here) and Kafka
# (bin/kafka-broker), 15 s after /ready, for variants run in turn, each with its own class archive written by a
# first run of that variant:
#   now        bin/ilagent of this checkout, ilert = the standalone simulator (plain http)
#   now-https  the same with an https:// ilert URL (a closed local port: the heartbeat fails, the daemon idles),
#              so the TLS context is built as against the real ilert
#   before     bin/ilagent of another checkout (BEFORE=dir with its jar built), against the simulator
# Usage: bench/idle_rss.sh [rounds=2] [variant ...] (default: now now-https, and before when BEFORE is set).
# Figures, not assertions; a shorter companion of bench/footprint.sh for comparing checkouts.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rounds="${1:-2}"
shift || true
variants=("$@")
if ((${#variants[@]} == 0)); then
  variants=(now now-https)
  [[ -z "${BEFORE:-}" ]] || variants=(before "${variants[@]}")
fi
cd "$root"
source bin/find-java
java_bin="$(find_java)"
export JAVA_HOME="$(dirname "$(dirname "$java_bin")")"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
# shellcheck source=bench/footprint-peers.sh
source bench/footprint-peers.sh
start_peers
http_port="$(free_port)"
closed_port="$(free_port)"

start() { # variant -> the daemon started and /ready at 204; sets pid
  local dir="$root" url="$sim"
  case "$1" in
    now) ;;
    now-https) url="https://127.0.0.1:$closed_port" ;;
    before) dir="${BEFORE:?set BEFORE to the other checkout}" ;;
  esac
  ILERT_API_KEY=sim-api-key ILAGENT_CACHE_DIR="$work/cache-$1" "$dir/bin/ilagent" -f "$work/$1.db3" daemon \
    -p "$http_port" --http_host 127.0.0.1 -b il1hbt-bench -m 127.0.0.1 -q "$mq_port" -n "bench-$1" --mqtt_qos 1 \
    -e bench-events --policy_topic bench-policy --policy_routing_keys location --kafka_brokers "$kafka" \
    --kafka_group_id "bench-$1" --ilert_url "$url" --ilert_beat_url "$sim" >"$work/$1.out" 2>&1 &
  pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/ready")" == 204 ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "daemon $1 died: $(tail -3 "$work/$1.out")" >&2; exit 1; }
    sleep 0.1
  done
}

for v in "${variants[@]}"; do # a first run each writes the variant's class archive (at its exit)
  mkdir -p "$work/cache-$v"
  start "$v"; sleep 3; kill -TERM "$pid"; wait "$pid" || true
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$java_bin" -version 2>&1 | head -1)"
for ((r = 1; r <= rounds; r++)); do
  for v in "${variants[@]}"; do
    start "$v"; sleep 15
    echo "round $r $v: idle RSS $(awk '/^VmRSS/ {print int($2 / 1024 + 0.5)}' "/proc/$pid/status") MB," \
      "$(awk '/^Threads/ {print $2}' "/proc/$pid/status") threads"
    kill -TERM "$pid"; wait "$pid" || true
  done
done
