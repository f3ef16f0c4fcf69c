#!/usr/bin/env bash
# Kafka with the same mapping flags as MQTT.
exec bin/ilagent -f ./example-kafka-mapping.db3 daemon --kafka_brokers localhost:9092 \
  --kafka_group_id ilagent-example-kafka-mapping -e alarms \
  --event_key il1kafka-your-integration-key --map_key_alert_key mCode --map_key_summary comment \
  --map_key_etype state --map_val_etype_alert SET --map_val_etype_accept ACK --map_val_etype_resolve CLR \
  --filter_key type --filter_val ALARM
