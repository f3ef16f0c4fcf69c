"""Throughput and end-to-end latency: events through HTTP, MQTT QoS 1 direct, MQTT QoS 1 buffered and Kafka, and
policy updates through MQTT (buffered, direct) and Kafka, into the simulator with 0, 20 and 100 ms added API latency; the
agent as it is ("java": defaults) beside the agent configured like ilagent 0.9.0 ("ilagent-style":
--max_in_flight 1 --user_cache_ttl 0), in the same run; with the part "camel", also a plain Apache Camel
route (bench/camel) on the MQTT event bursts. See bench/throughput.sh."""
import csv
import json
import os
import sys
import time

from benchlib import (ROOT, Agent, HttpSender, KafkaBroker, Mosquitto, MqttPublisher, Procs, Simulator,
                      cpu_seconds, delivered_events, event_body, http, machine, machine_busy, now_ms, pct, status_kb,
                      table, thread_cpu, thread_cpu_delta, wait_until)

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
LATENCIES = [int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "0,20,100").split(",")]
PARTS = (sys.argv[3] if len(sys.argv) > 3 else "events,policy").split(",")
KEYS = 500  # distinct alert keys (x 50 integration keys)
RUN_LIMIT_S = 60

# BENCH_JAVA_FLAGS adds flags to the "java" variant only (e.g. "--max_in_flight 32", to compare a default with another).
VARIANTS = {"java": os.environ.get("BENCH_JAVA_FLAGS", "").split(),
            "ilagent-style": ["--max_in_flight", "1", "--user_cache_ttl", "0"]}
MODES = {"http": [], "mqtt-direct": [], "mqtt-buffered": ["--mqtt_buffer"], "kafka": []}
SELECTED_MODES = sys.argv[4].split(",") if len(sys.argv) > 4 else list(MODES)


def count_for(variant, mode, lat):
    """The variant that delivers one at a time gets fewer messages at high latency so each run stays under ~30 s."""
    sequential = variant == "ilagent-style"
    if not sequential or lat == 0:
        return N
    return min(N, max(100, int(25_000 / (lat + 3))))


def event_run(procs, sim, mq, run, variant, mode, lat):
    n = count_for(variant, mode, lat)
    tag = f"r{run}"
    sim.reset(0 if WARM else lat)
    agent = (kafka_agent(procs, sim, run, variant, tag) if mode == "kafka" else
             Agent(procs, sim, mq, f"tp{run}", VARIANTS[variant] + MODES[mode], f"bench/{tag}").start())
    delivered = lambda: agent.metric('ilagent_deliveries_total{kind="event",outcome="delivered"')

    def send(label, count, deadline):
        if mode == "http":
            HttpSender(agent.http_port, 8).send(lambda i: event_body(label, i, KEYS, now_ms()), count, deadline)
        elif mode == "kafka":
            kafka_send(agent, label, count)
        else:
            pub = MqttPublisher(procs, mq.port, f"bench/{tag}/events", f"pub{label}")
            for i in range(count):
                pub.publish(event_body(label, i, KEYS, now_ms()))
            pub.close()

    if WARM:  # untimed, with no added latency (so a one-at-a-time agent warms as fast); then the run's latency
        send(f"{tag}w", WARM, time.time() + RUN_LIMIT_S)
        wait_until(lambda: delivered() >= WARM, RUN_LIMIT_S, 0.2)
        sim.ctl(f"latency?ms={lat}") if lat else None
    pid = agent.pid()
    cpu0, threads0, busy0, sim0 = cpu_seconds(pid), thread_cpu(pid), machine_busy(), cpu_seconds(sim.proc.pid)
    t0 = now_ms()
    deadline = time.time() + RUN_LIMIT_S
    send(tag, n, deadline)
    wait_until(lambda: delivered() >= n + WARM, max(1, deadline - time.time()), 0.2)
    cpu, threads = cpu_seconds(pid) - cpu0, thread_cpu_delta(threads0, thread_cpu(pid))
    busy, sim_cpu = machine_busy() - busy0, cpu_seconds(sim.proc.pid) - sim0
    hwm = status_kb(pid, "VmHWM")
    agent.stop()
    recv, sent = delivered_events(sim, tag)
    firsts = {i: min(t) for i, t in recv.items()}
    lat_ms = [firsts[i] - sent[i] for i in firsts]
    span = (max(firsts.values()) - t0) / 1000 if firsts else float("nan")
    dup = sum(len(t) - 1 for t in recv.values())
    return dict(kind="events", mode=mode, variant=variant, lat=lat, n=n, delivered=len(firsts), dup=dup,
                rate=len(firsts) / span if firsts else 0, p50=pct(lat_ms, 50), p99=pct(lat_ms, 99),
                cpu1k=cpu / max(1, len(firsts)) * 1000, hwm=hwm // 1024, threads=threads, machine_cpu=busy, sim_cpu=sim_cpu)


CAMEL_JAR = os.path.join(ROOT, "bench", "camel", "target", "camel-mqtt-ilert.jar")
CAMEL_MODES = ["mqtt-direct", "mqtt-buffered"]  # the agent's modes the Camel route is compared with


def camel_run(procs, sim, mq, run, lat):
    """The Camel route (bench/camel) on the same MQTT QoS 1 burst as event_run. It delivers one message at
    a time before acknowledging it, as the agent's direct mode does, so it gets that mode's message count.
    Plain `java -jar` (JVM defaults, as a Camel user would start it) unless CAMEL_JAVA_OPTS says more.
    Done when the simulator holds every message: the route has no metrics endpoint to ask."""
    n = count_for("camel", "mqtt-direct", lat)
    tag = f"r{run}"
    sim.reset(lat)
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    name = f"camel{run}"
    proc = procs.spawn([java] + os.environ.get("CAMEL_JAVA_OPTS", "").split() + [
        "-jar", CAMEL_JAR, "--broker", f"tcp://127.0.0.1:{mq.port}", "--topic", f"bench/{tag}/events",
        "--ilert-url", sim.url], name)
    out = os.path.join(procs.work, name + ".out")
    if not wait_until(lambda: proc.poll() is None and "camel-mqtt-ilert ready" in open(out).read(), 60, 0.05):
        raise SystemExit(f"camel route not ready; see {procs.work}/{name}.err")
    cpu0 = cpu_seconds(proc.pid)
    t0 = now_ms()
    deadline = time.time() + RUN_LIMIT_S
    pub = MqttPublisher(procs, mq.port, f"bench/{tag}/events", f"pub{run}")
    for i in range(n):
        pub.publish(event_body(tag, i, KEYS, now_ms()))
    pub.close()
    wait_until(lambda: len(delivered_events(sim, tag)[0]) >= n, max(1, deadline - time.time()), 0.5)
    cpu = cpu_seconds(proc.pid) - cpu0
    hwm = status_kb(proc.pid, "VmHWM")
    procs.stop(proc)
    recv, sent = delivered_events(sim, tag)
    firsts = {i: min(t) for i, t in recv.items()}
    lat_ms = [firsts[i] - sent[i] for i in firsts]
    span = (max(firsts.values()) - t0) / 1000 if firsts else float("nan")
    bad = sim_violations(sim)
    return dict(kind="events", mode="mqtt", variant="camel", lat=lat, n=n, delivered=len(firsts),
                dup=sum(len(t) - 1 for t in recv.values()), rate=len(firsts) / span if firsts else 0,
                p50=pct(lat_ms, 50), p99=pct(lat_ms, 99), cpu1k=cpu / max(1, len(firsts)) * 1000,
                hwm=hwm // 1024, violations=len(bad))


def sim_violations(sim):
    """The simulator's schema violations since its last reset (requests that break ilert's OpenAPI)."""
    return json.loads(http("GET", sim.url + "/_sim/violations", timeout=30)[1])


def camel_table(results):
    """Per API latency: msg/s of the agent's MQTT modes and of ilagent-style over the Camel route's."""
    camel = {r["lat"]: r["rate"] for r in results if r["variant"] == "camel"}
    rows = []
    for r in results:
        if r["kind"] == "events" and r["lat"] in camel and (r["mode"] in CAMEL_MODES or r["variant"] == "camel"):
            ratio = r["rate"] / camel[r["lat"]] if camel[r["lat"]] else float("nan")
            rows.append([r["lat"], r["mode"], r["variant"], f'{r["delivered"]}/{r["n"]}', f'{r["rate"]:.1f}',
                         f'{ratio:.2f}x', f'{r["cpu1k"]:.2f}', r["hwm"]])
    return table(["API latency ms", "path", "agent", "delivered/sent", "msg/s", "vs camel", "CPU s/1000",
                  "peak RSS MB"], rows)


# One agent delivers up to --max_in_flight (64 by default) keys at once, whichever partitions they came from.
KAFKA_PARTITIONS = int(os.environ.get("BENCH_KAFKA_PARTITIONS", "8"))
_kafka = []  # the broker, started on the first Kafka run


def kafka_broker(procs, sim):
    """The broker of the run, started and warmed up on first use."""
    if not _kafka:
        _kafka.append(KafkaBroker(procs))
        # The broker's produce and fetch paths warm up on a throwaway agent; else the first row pays for it.
        _kafka[0].create_topic("bench.warmup", KAFKA_PARTITIONS)
        warm = Agent(procs, sim, None, "tpwarm", [], "", kafka=_kafka[0], event_topic="bench.warmup").start()
        kafka_send(warm, "warmup", 1000)
        wait_until(lambda: warm.metric('ilagent_deliveries_total{kind="event",outcome="delivered"') >= 1000, 40, 0.2)
        warm.stop()
    return _kafka[0]


def kafka_agent(procs, sim, run, variant, tag):
    """A Kafka-only agent on a fresh topic of KAFKA_PARTITIONS partitions and its own consumer group."""
    kafka_broker(procs, sim)
    topic = f"bench.{tag}"
    _kafka[0].create_topic(topic, KAFKA_PARTITIONS)
    return Agent(procs, sim, None, f"tp{run}", VARIANTS[variant], "", kafka=_kafka[0], event_topic=topic).start()


def kafka_policy_agent(procs, sim, run, variant, tag):
    """A Kafka-only agent consuming policy updates from a fresh topic of KAFKA_PARTITIONS partitions (and an
    empty event topic), routing key field `location` as in the MQTT policy runs."""
    kafka = kafka_broker(procs, sim)
    policy_topic = f"bench.{tag}.policy"
    kafka.create_topic(f"bench.{tag}", 1)
    kafka.create_topic(policy_topic, KAFKA_PARTITIONS)
    agent = Agent(procs, sim, None, f"tpp{run}", VARIANTS[variant] + ["--policy_topic", policy_topic,
                  "--policy_routing_keys", "location"], "", kafka=kafka, event_topic=f"bench.{tag}").start()
    agent.policy_topic = policy_topic
    return agent


def kafka_send(agent, tag, n, chunk=100):
    """Produces as fast as the broker acknowledges, in chunks (each line's send time is taken as the chunk is
    made); the record key is the alert key, so the alerts spread over the partitions."""
    for start in range(0, n, chunk):
        agent.kafka.produce(agent.event_topic, [f"k{i % KEYS}\t" + event_body(tag, i, KEYS, now_ms())
                                                for i in range(start, min(n, start + chunk))])


# BENCH_WARM=N: before the timed burst, each agent first delivers N messages of the same shape, untimed (its JIT, class
# loading, connections and thread pools warmed as in a daemon that has run a while): in the policy part N updates to
# other policies and users (the user cache is not warmed, since the timed burst names other users); in the event part
# N events of the same keys, with no added API latency, before the run's latency is set. The rows then describe a
# warm agent, not the first burst after start-up.
WARM = int(os.environ.get("BENCH_WARM", "0"))


def policy_updates(prefix, ids, n, policies, levels, users):
    """n updates over policies x levels, never the user already on the level; with the user each level must end with."""
    expect, updates = {}, []
    for i in range(n):
        p, lv = i % policies, (i // policies) % levels
        u = (p + lv + 1 + i) % users
        if u == (p + lv) % users:  # never the user already there: every update is effective
            u = (u + 1) % users
        expect[(f"{prefix}{p}", lv)] = ids[u]
        updates.append((f"{prefix}{p}", json.dumps({"location": f"{prefix}{p}",
                                                    "data": {"email": f"{prefix}u{u}@example.com", "shift": lv}})))
    return expect, updates


def seed(sim, prefix, policies, levels, users):
    ids = [sim.ctl("users", json.dumps({"email": f"{prefix}u{u}@example.com", "firstName": "U", "lastName": str(u)}))["id"]
           for u in range(users)]
    for p in range(policies):
        rules = [{"escalationTimeout": 5 + lv, "users": [{"id": ids[(p + lv) % users]}]} for lv in range(levels)]
        sim.ctl("policies", json.dumps({"name": f"bench policy {prefix}{p}", "routingKey": f"{prefix}{p}",
                                        "escalationRules": rules}))
    return ids


def send_updates(procs, mq, agent, mode, tag, run, updates):
    if mode == "kafka":  # one produce request, keyed by routing key; on one partition all share it
        agent.kafka.produce(agent.policy_topic, [f"{key}\t{body}" for key, body in updates])
    else:
        pub = MqttPublisher(procs, mq.port, f"bench/{tag}/policy", f"pub{run}")
        for _, body in updates:
            pub.publish(body)
        pub.close()


def policy_run(procs, sim, mq, run, variant, lat, mode="mqtt-buffered", policies=50, levels=3, users=20):
    """One update per level (no superseding), spread over policies x levels; done when the simulator
    holds the published user on every level."""
    slots = policies * levels
    n = slots if variant == "java" else min(slots, max(30, int(8_000 / (lat + 3))))
    tag = f"r{run}"
    if mode == "kafka":
        kafka_broker(procs, sim)  # its warm-up delivers 1000 events: before the reset, so they are not counted here
    sim.reset(0)
    ids = seed(sim, "", policies, levels, users)
    warm_ids = seed(sim, "w", policies, levels, users) if WARM else []
    sim.ctl(f"latency?ms={lat}") if lat else None
    agent = (kafka_policy_agent(procs, sim, run, variant, tag) if mode == "kafka" else
             Agent(procs, sim, mq, f"tp{run}", VARIANTS[variant] + MODES[mode], f"bench/{tag}").start())
    delivered = lambda: agent.metric('ilagent_deliveries_total{kind="policy_update",outcome="delivered"')
    if WARM:
        send_updates(procs, mq, agent, mode, tag, f"{run}w", policy_updates("w", warm_ids, WARM, policies, levels, users)[1])
        wait_until(lambda: delivered() >= WARM, RUN_LIMIT_S, 0.2)
    pid = agent.pid()
    cpu0, threads0, busy0, sim0 = cpu_seconds(pid), thread_cpu(pid), machine_busy(), cpu_seconds(sim.proc.pid)
    expect, updates = policy_updates("", ids, n, policies, levels, users)
    t0 = now_ms()
    send_updates(procs, mq, agent, mode, tag, run, updates)
    deadline = time.time() + RUN_LIMIT_S
    wait_until(lambda: delivered() >= n + WARM, max(1, deadline - time.time()), 0.2)
    cpu, threads = cpu_seconds(pid) - cpu0, thread_cpu_delta(threads0, thread_cpu(pid))
    busy, sim_cpu = machine_busy() - busy0, cpu_seconds(sim.proc.pid) - sim0
    hwm = status_kb(pid, "VmHWM")
    agent.stop()
    from benchlib import iso_ms
    reqs = [r for r in sim.requests() if r["path"].startswith("/api/") and iso_ms(r["time"]) >= t0]
    puts = [r for r in reqs if r["method"] == "PUT" and r["status"] == 200]
    last = max((iso_ms(r["time"]) for r in puts), default=float("nan"))
    st = sim.get_state()
    ok = 0
    for pol in st["policies"]:
        for lv, rule in enumerate(pol.get("escalationRules", [])):
            want = expect.get((pol.get("routingKey"), lv))
            if want is not None and [u["id"] for u in rule.get("users", [])] == [want]:
                ok += 1
    span = (last - t0) / 1000
    first = min((iso_ms(r["time"]) for r in reqs), default=float("nan"))
    return dict(kind="policy", mode=mode, variant=variant, lat=lat, n=n, delivered=ok, dup=0,
                rate=ok / span if span > 0 else 0, p50=float("nan"), p99=float("nan"),
                cpu1k=cpu / max(1, ok) * 1000, hwm=hwm // 1024, calls=len(reqs) / max(1, n),
                searches=sum(1 for r in reqs if r["method"] != "PUT" and "/users" in r["path"]),
                reads=sum(1 for r in reqs if r["method"] != "PUT" and "/escalation-policies" in r["path"]),
                puts=sum(1 for r in reqs if r["method"] == "PUT"),
                first_call_s=(first - t0) / 1000, span_s=span, threads=threads, machine_cpu=busy, sim_cpu=sim_cpu)


CSV_FIELDS = ["kind", "mode", "variant", "lat", "n", "delivered", "dup", "rate", "p50", "p99", "cpu1k", "hwm"]


def write_csv(results):
    """With BENCH_CSV=path, every run's figures as one CSV row, for bench/plot.sh."""
    path = os.environ.get("BENCH_CSV")
    if path:
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, CSV_FIELDS, extrasaction="ignore")
            w.writeheader()
            w.writerows(results)
        print(f"figures written to {path}", flush=True)


def main():
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        sim = Simulator(procs, rate_limit=0)
        mq = Mosquitto(procs)
        results, run = [], 0
        for lat in LATENCIES if "events" in PARTS or "camel" in PARTS else []:
            for mode in SELECTED_MODES if "events" in PARTS else CAMEL_MODES:
                for variant in VARIANTS:
                    run += 1
                    r = event_run(procs, sim, mq, run, variant, mode, lat)
                    print(json.dumps(r), flush=True)
                    results.append(r)
            if "camel" in PARTS:
                run += 1
                r = camel_run(procs, sim, mq, run, lat)
                print(json.dumps(r), flush=True)
                results.append(r)
        policy_modes = [m for m in SELECTED_MODES if m.startswith("mqtt") or m == "kafka"] or ["mqtt-buffered"]
        for lat in LATENCIES if "policy" in PARTS else []:
            for mode in policy_modes:
                for variant in VARIANTS:
                    run += 1
                    r = policy_run(procs, sim, mq, run, variant, lat, mode)
                    print(json.dumps(r), flush=True)
                    results.append(r)
        write_csv(results)
        rows = []
        base = {(r["kind"], r["mode"], r["lat"]): r["rate"] for r in results if r["variant"] == "ilagent-style"}
        for r in results:
            ratio = r["rate"] / base[(r["kind"], r["mode"], r["lat"])] if base.get((r["kind"], r["mode"], r["lat"])) else 0
            rows.append([r["kind"], r["mode"], r["lat"], r["variant"], f'{r["delivered"]}/{r["n"]}', r["dup"],
                         f'{r["rate"]:.1f}', f'{ratio:.1f}x' if ratio else "-",
                         "-" if r["p50"] != r["p50"] else f'{r["p50"]:.0f}', "-" if r["p99"] != r["p99"] else f'{r["p99"]:.0f}',
                         f'{r["cpu1k"]:.2f}', r["hwm"]])
        print()
        print(table(["what", "path", "API latency ms", "agent", "delivered/sent", "dup", "msg/s", "vs ilagent-style",
                     "p50 ms", "p99 ms", "CPU s/1000", "peak RSS MB"], rows))
        if any(r["variant"] == "camel" for r in results):
            print()
            print(camel_table(results))
            print("camel: schema violations in the simulator: "
                  + ", ".join(f'{r["lat"]}ms={r["violations"]}' for r in results if r["variant"] == "camel"))
        pol = [r for r in results if r["kind"] == "policy"]
        if pol:
            print()
            print("policy: ilert calls per update: " + ", ".join(f'{r["variant"]}@{r["lat"]}ms={r["calls"]:.2f}' for r in pol))
            print("policy: user searches / policy reads / PUTs, s to the first call / to the last PUT: " + ", ".join(
                f'{r["mode"]} {r["variant"]}@{r["lat"]}ms={r["searches"]}/{r["reads"]}/{r["puts"]} {r["first_call_s"]:.2f}/{r["span_s"]:.2f}'
                for r in pol))
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
