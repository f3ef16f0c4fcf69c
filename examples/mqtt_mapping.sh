#!/usr/bin/env bash
# Every topic is an event source; fields of the site's own payload are mapped onto an ilert event.
# {"mCode":"pump-3","comment":"pressure low","state":"SET","type":"ALARM"} becomes an ALERT for pump-3.
exec bin/ilagent -f ./example-mqtt-mapping.db3 daemon -m localhost -q 1883 -n ilagent-example-mqtt-mapping -e '#' --mqtt_qos 1 \
  --event_key il1mqtt-your-integration-key \
  --map_key_alert_key mCode --map_key_summary comment --map_key_etype state \
  --map_val_etype_alert SET --map_val_etype_accept ACK --map_val_etype_resolve CLR \
  --filter_key type --filter_val ALARM
