#!/usr/bin/env bash
# Disk-full drill (needs root: it mounts a 3 MiB tmpfs for the agents' SQLite files): two agents (MQTT buffered
# with HTTP, MQTT direct) keep receiving events and policy updates while the disk is full and ilert answers 503
# for FULL_S seconds (default 60); then the space is freed and ilert recovers. Prints ilert calls per second and
# log lines while full, /ready's answers, levels right and lost/duplicated per path after recovery.
# Usage: bench/disk_full.sh [FULL_S]. Needs mosquitto, mosquitto_pub, python3.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/disk_full.py "$@"
