#!/usr/bin/env bash
# Local HTTP proxy on port 8977 with a durable retry queue, plus the agent's own heartbeat every 30 s.
# POST events to http://localhost:8977/api/events; see docs/http-proxy.md.
bin/ilagent -vv daemon -p 8977 -b il1hbt-your-heartbeat-key
