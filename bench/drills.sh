#!/usr/bin/env bash
# Fault drills and the bad-input drill, each ending in published / delivered / duplicated / lost:
#   kill-http  SIGKILL of the agent every 4 s during an HTTP /api/events stream (50/s for 24 s), restarted each time
#   kill-mqtt  the same during an MQTT QoS 1 buffered stream
#   503        ilert answers 503 to every event for 20 s (HTTP stream and MQTT QoS 1 direct stream), then recovers
#   broker     mosquitto (persistent) stopped for 5 s mid-stream, MQTT buffered and direct agents subscribed
#   429-events HTTP and MQTT buffered event streams (10/s each for 30 s, 2 integration keys each) into a simulator
#              enforcing ilert's 50 events per key per minute: 429s provoked, delivered / lost
#   bad        3 broken payloads per good one through HTTP and MQTT buffered (JSON nested 5000 deep among them);
#              agent alive, RSS, all good delivered; bad-shallow: the same with nesting 500
# Starts its own simulator and brokers on free loopback ports, stops what it started by PID; every drill is
# bounded in time. Usage: bench/drills.sh [kill-http,kill-mqtt,503,broker,429-events,bad,bad-shallow]. Needs mosquitto, python3.
# BENCH_KEEP=1 keeps the agents' logs and databases (any bench/*.sh).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/drills.py "$@"
