#!/usr/bin/env bash
# Fault drills and the bad-input drill, each ending in published / delivered / duplicated / lost:
#   kill-http  SIGKILL of the agent every 4 s during an HTTP /api/events stream (50/s for 24 s), restarted each time
#   kill-mqtt  the same during an MQTT QoS 1 buffered stream
#   kill-mqtt-direct  the same during an MQTT QoS 1 direct stream (no --mqtt_buffer; same client id, persistent session)
#   kill-kafka the same during a Kafka stream (bin/kafka-broker, 4 partitions); each restart joins the same group
#   restart-kafka  the Kafka broker shut down for 15 s mid-stream and started again on the same port (4 partitions):
#              lost, duplicates, /ready timeline, time to reconnect
#   503        ilert answers 503 to every event for 20 s (HTTP stream and MQTT QoS 1 direct stream), then recovers
#   503-long   ilert answers 503 to every API call for 120 s during HTTP, MQTT QoS 1 direct and Kafka streams (10/s
#              each, one agent with all three), then recovers; drain time per path after recovery
#   one-key-503  MQTT QoS 1 direct, 51 integration keys at 100/s (BENCH_ONE_KEY_RATE) and 20 ms API latency: 60 s
#              as they are, then 120 s with one key answering 503; the other 50 keys' throughput and latency in
#              each phase; the failing key's events after it heals: all delivered, in order per alert key
#   broker     mosquitto (persistent) stopped for 5 s mid-stream, MQTT buffered and direct agents subscribed
#   429-events HTTP and MQTT buffered event streams (10/s each for 30 s, 2 integration keys each) into a simulator
#              enforcing ilert's 50 events per key per minute: 429s provoked, delivered / lost
#   bad        3 broken payloads per good one through HTTP and MQTT buffered (JSON nested 5000 deep among them);
#              agent alive, RSS, all good delivered; bad-shallow: the same with nesting 500
#   bad-kafka  the same broken payloads (binary as it is) among good ones on a Kafka topic, with --kafka_dlq_topic:
#              every good one delivered, every bad one a dead letter and a record on the DLQ topic
# Starts its own simulator and brokers on free loopback ports, stops what it started by PID; every drill is
# bounded in time. Usage: bench/drills.sh [kill-http,kill-mqtt,kill-mqtt-direct,kill-kafka,restart-kafka,503,503-long,
# one-key-503,broker,429-events,bad,bad-shallow,bad-kafka] (default: all but bad-shallow, 429-events and one-key-503). Needs mosquitto, python3;
# Kafka drills start bin/kafka-broker.
# BENCH_KEEP=1 keeps the agents' logs and databases (any bench/*.sh).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/drills.py "$@"
