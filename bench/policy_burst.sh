#!/usr/bin/env bash
# Policy sync economy: a shift-change burst (500 policy updates over 50 policies x 3 levels, some levels
# busier, 20% exact repeats, 10% no-ops) over MQTT buffered, against bin/ilert-simulator enforcing ilert's
# 120 REST calls per minute per API key. The agent as it is and the ilagent-style agent (--max_in_flight 1
# --user_cache_ttl 0) run side by side, each with its own simulator. Reports ilert calls per effective
# update, 429 answers, time until the simulator holds the latest message per level, and correctness.
# Usage: bench/policy_burst.sh [updates=500] [bound_s=180]. Needs mosquitto, mosquitto_pub, python3.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
source bin/find-java
export JAVA_HOME="$(dirname "$(dirname "$(find_java)")")"
[[ -f target/ilagent.jar ]] || ./mvnw -q -B -DskipTests package
exec python3 bench/policy_burst.py "$@"
