#!/usr/bin/env bash
# Escalation policy sync: a workforce-management system publishes who works which shift where.
# {"location":"powerplant","eventType":"active","data":{"email":"alice@example.com","shift":"1"}}
# puts alice on level 0 (shift 1, offset -1) of the policy with routing key 'powerplant'.
: "${ILERT_API_KEY:?export your user API key first}"
exec bin/ilagent -f ./example-mqtt-policy.db3 daemon -m localhost -q 1883 -n ilagent-example-mqtt-policy \
  --policy_topic user/logins --policy_routing_keys location \
  --map_key_email data.email --map_key_shift data.shift --shift_offset=-1 \
  --filter_key eventType --filter_val active --mqtt_qos 1 --mqtt_buffer -p 8979
