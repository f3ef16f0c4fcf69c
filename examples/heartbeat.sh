#!/usr/bin/env bash
# Ping one heartbeat and exit (keys starting with il1hbt use the legacy heartbeat API).
exec bin/ilagent heartbeat -k il1hbt-your-heartbeat-key
