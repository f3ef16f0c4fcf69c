#!/usr/bin/env bash
# Measures ilagent's footprint on this machine, the old launcher options ("before") beside bin/ilagent ("after"):
#   - RSS of an idle daemon with MQTT (a mosquitto started here on a free port), Kafka (bin/kafka-broker, the
#     consumer subscribed and holding its partitions), the HTTP server and its own heartbeat, all pointed at the
#     standalone ilert simulator (bin/ilert-simulator)
#   - RSS right after a short load (N events POSTed to /api/events and delivered), the peak (VmHWM), and RSS
#     40 s later, when idle delivery workers have ended
#   - daemon start to /ready answering 204 (which includes joining the Kafka group)
#   - wall time of `ilagent event ...` (hyperfine when installed, else the median of a loop), after the runs
#     that build the launcher's class archive (the steady state)
# Usage: bench/footprint.sh [events=2000] [event_runs=20]. Needs mosquitto and curl. Figures, not assertions.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
events="${1:-2000}"
runs="${2:-20}"
cd "$root"
source bin/find-java
java_bin="$(find_java)"
export JAVA_HOME="$(dirname "$(dirname "$java_bin")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
mb() { echo $(( ($1 + 512) / 1024 )); }

# shellcheck source=bench/footprint-peers.sh
source bench/footprint-peers.sh
start_peers

# The options bin/ilagent used before this measurement; "after" is bin/ilagent as it is now.
before=("$java_bin" -XX:+UseSerialGC -Xshare:auto --enable-native-access=ALL-UNNAMED -Dio.netty.noUnsafe=true
        -jar target/ilagent.jar)
after=(bin/ilagent)

for i in $(seq 1 "$events"); do
  printf 'url = "http://127.0.0.1:PORT/api/events"\ndata = "{\\"integrationKey\\":\\"il1api%d\\",\\"eventType\\":\\"ALERT\\",\\"summary\\":\\"load %d\\",\\"alertKey\\":\\"k%d\\"}"\noutput = /dev/null\n' \
    $((i % 50)) "$i" "$i"
done >"$work/load.curl"

start_daemon() { # variant port -> starts it in the background and waits for /ready to answer 204; sets pid
  local -n cmd="$1"
  ILERT_API_KEY=sim-api-key "${cmd[@]}" -f "$work/$1.db3" daemon -p "$2" --http_host 127.0.0.1 -b il1hbt-bench \
    -m 127.0.0.1 -q "$mq_port" -n "bench-$1" --mqtt_qos 1 -e bench-events --policy_topic bench-policy \
    --policy_routing_keys location --kafka_brokers "$kafka" --kafka_group_id "bench-$1" \
    --ilert_url "$sim" --ilert_beat_url "$sim" >"$work/$1.out" 2>"$work/$1.err" &
  pid=$!
  pids+=("$pid")
  # 204 only once every component is ready, Kafka's included: the consumer holds its partitions.
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/ready")" == 204 ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "daemon $1 died: $(cat "$work/$1.err")" >&2; exit 1; }
    sleep 0.02
  done
}

daemon() { # variant -> prints: ready_ms idle_mb load_mb peak_mb settled_mb
  local port pid
  port="$(free_port)"
  # A first start, stopped at once: the launcher's class archive is written at its exit (the steady state).
  # An archive written by a daemon with other sources (e.g. by bench/throughput.sh, without Kafka) would lack
  # classes this one loads, so it goes first.
  [[ "$1" == after ]] && rm -f target/ilagent-daemon-*.jsa
  start_daemon "$1" "$port"
  kill -TERM "$pid"; wait "$pid" || true
  local start; start="$(now_ms)"
  start_daemon "$1" "$port"
  local ready=$(( $(now_ms) - start ))
  sleep 15
  local idle; idle="$(rss_kb "$pid")"
  sed "s/PORT/$port/" "$work/load.curl" >"$work/load-$1.curl"
  curl -s --parallel --parallel-max 8 -H 'Content-Type: application/json' -K "$work/load-$1.curl" >/dev/null 2>&1
  until curl -s "http://127.0.0.1:$port/metrics" | grep -q '^ilagent_outbox_items 0.0'; do sleep 0.5; done
  local load; load="$(rss_kb "$pid")"
  local peak; peak="$(hwm_kb "$pid")"
  sleep 40
  local settled; settled="$(rss_kb "$pid")"
  kill -TERM "$pid"; wait "$pid" || true
  echo "$ready $(mb "$idle") $(mb "$load") $(mb "$peak") $(mb "$settled")"
}

event_ms() { # variant -> median wall ms of a one-shot event
  local -n cmd="$1"
  local line="${cmd[*]} event -k il1api-bench -t ALERT -s bench --ilert_url $sim"
  # The first runs build the launcher's class archive (JDK 25+: the first records, the second builds the cache).
  for _ in 1 2; do $line >/dev/null 2>&1 || true; done
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i -w 2 -r "$runs" --export-json "$work/$1.json" "$line" >/dev/null 2>&1
    python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$work/$1.json"
  else
    for _ in $(seq 1 "$runs"); do s="$(now_ms)"; $line >/dev/null 2>&1; echo $(( $(now_ms) - s )); done \
      | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  fi
}

echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB; $("$java_bin" -version 2>&1 | head -1)"
echo "daemon: HTTP (-p), own heartbeat (-b), MQTT (-m, mosquitto), Kafka (--kafka_brokers $kafka); $events events of load"
printf '%-7s %10s %13s %17s %13s %17s %17s\n' variant ready_ms idle_RSS_MB after_load_RSS_MB peak_RSS_MB settled_RSS_MB \
  event_median_ms
for v in before after; do
  read -r ready idle load peak settled <<<"$(daemon "$v")"
  printf '%-7s %10s %13s %17s %13s %17s %17s\n' "$v" "$ready" "$idle" "$load" "$peak" "$settled" "$(event_ms "$v")"
done
