#!/usr/bin/env bash
# Throughput and end-to-end latency of the agent beside the same agent configured like ilagent 0.9.0
# (--max_in_flight 1 --user_cache_ttl 0), same run, same machine: events over HTTP, MQTT QoS 1 direct and
# MQTT QoS 1 buffered and Kafka, and policy updates over MQTT (the MQTT modes given, buffered by default) and
# Kafka (mode kafka: 150 updates keyed by routing key on a topic of BENCH_KAFKA_PARTITIONS partitions), into bin/ilert-simulator with added API
# latency. Starts its own simulator (rate limit off) and mosquitto on free loopback ports; stops them by PID.
# Usage: bench/throughput.sh [events=2000] [latencies_ms=0,20,100] [parts=events,policy] [modes=http,mqtt-direct,mqtt-buffered,kafka].
# Needs mosquitto, mosquitto_pub, python3; the kafka mode starts bin/kafka-broker (8 partitions, key = alert key;
# BENCH_KAFKA_PARTITIONS=N for another count). BENCH_JAVA_FLAGS="--max_in_flight 32" adds flags to the agent with
# its defaults ("java"), not to the ilagent-style one, e.g. to measure another default side by side;
# BENCH_MQ_INFLIGHT=N gives the bench's mosquitto another max_inflight_messages (default 20, Mosquitto's own).
# BENCH_WARM=N: each agent first delivers N messages, untimed (policy part: N updates to other policies and users;
# event part: N events of the same keys with no added latency), so the rows describe a warm agent rather than the
# first burst after start-up (JIT, class loading, threads, connections).
# Each row's JSON line also has the agent's CPU by thread (threads), the whole machine's busy CPU seconds
# (machine_cpu) and the simulator's (sim_cpu) over the timed part.
# The policy rows also print the ilert calls by kind (user searches / policy reads / PUTs) and the seconds from the
# first publish to the first ilert call and to the last PUT.
# Part "camel" (e.g. `bench/throughput.sh 2000 0,20,100 camel`): the MQTT event modes beside the Apache Camel
# route of bench/camel (built here when its jar is missing); "events,camel" adds it to all event modes.
# Latency is from the moment the sender made the message (its time is in the summary) to the simulator's
# receipt; one-at-a-time variants get fewer messages at 20/100 ms so that no run exceeds about 30 s.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
if [[ ",${3:-}," == *",camel,"* && ! -f bench/camel/target/camel-mqtt-ilert.jar ]]; then
  ./mvnw -q -B -f bench/camel/pom.xml package
fi
exec python3 bench/throughput.py "$@"
