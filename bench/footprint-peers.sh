# Sourced by bench/footprint.sh and bench/idle_rss.sh: starts what an idle daemon with every source talks to,
# each on a free loopback port, into the caller's $work (logs) and pids (to stop at exit): the standalone
# ilert simulator, a mosquitto and a Kafka broker (bin/kafka-broker) with the topics bench-events and
# bench-policy. Sets free_port, sim (the simulator's URL), mq_port and kafka (the bootstrap address).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_peers() {
  local sim_port
  sim_port="$(free_port)"
  bin/ilert-simulator --port "$sim_port" --quiet >"$work/sim.log" 2>&1 &
  pids+=($!)
  mq_port="$(free_port)"
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$mq_port" >"$work/mosquitto.conf"
  mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
  pids+=($!)
  bin/kafka-broker --topic bench-events:1 --topic bench-policy:1 >"$work/kafka.log" 2>&1 &
  pids+=($!)
  sim="http://127.0.0.1:$sim_port"
  for _ in $(seq 1 300); do curl -s -o /dev/null "$sim/" && break; sleep 0.1; done
  for _ in $(seq 1 1200); do grep -q '^control=' "$work/kafka.log" && break; sleep 0.1; done
  kafka="$(sed -n 's/^bootstrap=//p' "$work/kafka.log")"
  [[ -n "$kafka" ]] || { echo "Kafka broker did not start: $(tail -5 "$work/kafka.log")" >&2; exit 1; }
}
