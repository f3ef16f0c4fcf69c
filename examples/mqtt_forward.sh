#!/usr/bin/env bash
# Nested fields (dot paths) and the whole message as the event's customDetails.
exec bin/ilagent -f ./example-mqtt-forward.db3 daemon -m localhost -n ilagent-example-mqtt-forward -e 'factory/+/alerts' --mqtt_qos 1 --mqtt_buffer \
  --event_key il1mqtt-your-integration-key \
  --map_key_summary data.message --map_key_alert_key data.alertId \
  --map_key_etype eventType --map_val_etype_alert alertCreated --forward_message_payload
