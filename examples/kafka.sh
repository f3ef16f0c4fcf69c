#!/usr/bin/env bash
# Events from a Kafka topic; an offset is committed only after its record is done (accepted by ilert,
# or set aside as a dead letter). See docs/kafka.md.
bin/ilagent daemon --kafka_brokers localhost:9092 --kafka_group_id ilagent -e test-topic -p 8977
