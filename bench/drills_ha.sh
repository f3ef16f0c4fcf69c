#!/usr/bin/env bash
# Drills with several agents (docs/high-availability.md), each ending in figures:
#   kafka-group  three agents in one consumer group on 12 partitions (policy records keyed by routing key, events by
#                alert key): SIGKILL of one agent and its restart, then a rolling SIGTERM restart of all three, while
#                policy updates (one per level every 2 s, 30 levels) and events (20/s) flow; every level's PUTs checked
#                in the simulator's request log (older update applied after a newer one?), events lost / duplicated
#   kafka-scale  events/s of one, two and three agents in one group at 100 ms API latency, same run, with CPU figures
#                (HA_SCALE_IN_FLIGHT="64:3000,4:1200": the --max_in_flight values and their event counts)
#   mqtt-shared  two agents in one MQTT shared subscription (direct and buffered): SIGKILL of one while it holds
#                unacknowledged messages; where Mosquitto sends them; lost after it returns; policy order across
#                members with and without --map_key_timestamp
# Starts its own simulator, bin/kafka-broker and mosquitto on free loopback ports and stops them by PID.
# Usage: flock /tmp/ilagent-heavy.lock bench/drills_ha.sh [kafka-group,kafka-scale,mqtt-shared] (default: all).
# BENCH_KEEP=1 keeps the agents' logs and databases.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/drills_ha.py "$@"
