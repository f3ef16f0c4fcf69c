#!/usr/bin/env bash
# Events from a Kafka topic; offsets are committed only after ilert accepted the event.
bin/ilagent daemon --kafka_brokers localhost:9092 --kafka_group_id ilagent -e test-topic -p 8977
