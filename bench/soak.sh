#!/usr/bin/env bash
# Soak (issue 20 point 5): two agents under a light mixed load (about 15.6 messages/s: 14 events/s over HTTP,
# MQTT QoS 1 buffered and direct and Kafka, 1 policy update/s, a bad payload every 5 s on 3 paths) with a fault
# every 3 minutes in turn:
# 503 for 30 s, a 429 storm for 20 s, SIGKILL + restart of agent B, mosquitto down 5 s, ilert answering after 2 s
# for 60 s. Short retentions (dead letters 5m, history 10m) so pruning runs. Samples RSS and the tables every
# 10 s into CSV, draws RSS over time as SVG (no plotting library needed), and prints lost / duplicates per stream,
# the RSS plateau and the table sizes per third of the run.
# Usage: bench/soak.sh [minutes=60] [csv_file] [svg_file]. SOAK_FAULT_EVERY_S=40 for a short trial.
# Needs mosquitto, mosquitto_pub, python3 (with sqlite3); starts bin/kafka-broker. Light on purpose: it may run
# beside other work, so take no heavy lock for it.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
csv="${2:-}"
svg="${3:-}"
[[ -z "$csv" || "$csv" = /* ]] || csv="$PWD/$csv"
[[ -z "$svg" || "$svg" = /* ]] || svg="$PWD/$svg"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/soak.py "${1:-60}" "$csv" "$svg"
