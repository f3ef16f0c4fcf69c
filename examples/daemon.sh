#!/usr/bin/env bash
# Local HTTP proxy on port 8977 with a durable retry queue, plus the agent's own heartbeat every 30 s.
# POST events to http://localhost:8977/api/events; see docs/http-proxy.md.
exec bin/ilagent -vv -f ./example-daemon.db3 daemon -p 8977 -b il1hbt-your-heartbeat-key
