#!/usr/bin/env bash
# Events from a Kafka topic; an offset is committed only after its record is done (accepted by ilert,
# or set aside as a dead letter). See docs/kafka.md.
exec bin/ilagent -f ./example-kafka.db3 daemon --kafka_brokers localhost:9092 --kafka_group_id ilagent-example-kafka \
  -e test-topic -p 8981
