#!/usr/bin/env bash
# Events and heartbeats from MQTT, acknowledged after ilert accepted them or they became dead letters
# (QoS 1), with the HTTP probes.
exec bin/ilagent -f ./example-mqtt.db3 daemon -p 8978 --heartbeat il1hbt-your-heartbeat-key \
  -m localhost -q 1883 -n ilagent-example-mqtt \
  -e ilert/events -r ilert/heartbeats --mqtt_qos 1
