"""Drills with Kafka (bin/kafka-broker), SIGKILL during MQTT direct, and 503 for two minutes: the rest of
bench/drills.py, kept apart so each file stays small. Each drill answers (table rows, notes)."""
import base64
import random
import threading
import time

from benchlib import Agent, KafkaBroker, delivered_events, event_body, now_ms, status_kb, wait_until
from drills import (DRAIN_S, RATE, STREAM_S, bad_payloads, count, drill_kill_mqtt, killer, paced_http, paced_mqtt,
                    wait_delivered)

_kafka = []  # one broker for all drills of a run, started on first use


def broker(procs):
    if not _kafka:
        _kafka.append(KafkaBroker(procs))
    return _kafka[0]


def paced_kafka(kafka, topic, tag, n, published, rate=RATE, bad=None):
    """Produces n good events at rate/s (each after its bad payloads, when bad is given), one request per
    good one; a good one counts as published once the broker acknowledged it. Values go Base64-encoded,
    so binary payloads arrive as they were made. Answers how many bad records were acknowledged."""
    bad_sent = 0
    for i in range(n):
        t_next = time.time() + 1 / rate
        extra = [b if isinstance(b, bytes) else b.encode() for b in (bad(i) if bad else [])]
        lines = [f"bad\t{base64.b64encode(b).decode()}" for b in extra]
        lines.append(f"k{i % 200}\t" + base64.b64encode(event_body(tag, i, 200, now_ms()).encode()).decode())
        for _ in range(20):
            try:
                kafka.produce(topic, lines, base64=True)
                published.add(i)
                bad_sent += len(extra)
                break
            except Exception:
                time.sleep(0.2)
        time.sleep(max(0, t_next - time.time()))
    return bad_sent


def kafka_agent(procs, sim, name, topic, partitions, extra=(), mq=None):
    kafka = broker(procs)
    kafka.create_topic(topic, partitions)
    return Agent(procs, sim, mq, name, list(extra), "", kafka=kafka, event_topic=topic).start()


def drill_kill_kafka(procs, sim, mq):
    """SIGKILL every 4 s during a Kafka stream; each restart joins the same consumer group."""
    tag, topic = "kk", "drill.kk"
    sim.reset()
    agent = kafka_agent(procs, sim, "kk", topic, 4)
    stop, kills, published = threading.Event(), [], set()
    k = threading.Thread(target=killer, args=(agent, 4, stop, kills))
    k.start()
    paced_kafka(agent.kafka, topic, tag, RATE * STREAM_S, published)
    stop.set()
    k.join()
    wait_until(agent.ready, 60, 0.1)
    drain = wait_delivered(sim, tag, published, DRAIN_S)
    agent.stop()
    d, dup, lost = count(sim, tag, published)
    committed = agent.kafka.committed("kk", topic)
    return ([["SIGKILL every 4 s, Kafka (4 partitions, same group)", len(kills), RATE * STREAM_S, len(published),
              d, dup, lost, f"{drain:.0f} s"]],
            [f"kill-kafka: committed offsets at the end {committed} of {len(published)} records"])


def drill_kill_mqtt_direct(procs, sim, mq):
    """SIGKILL every 4 s during an MQTT QoS 1 direct stream (no --mqtt_buffer)."""
    return [drill_kill_mqtt(procs, sim, mq, "kd", [], "MQTT QoS 1 direct")], []


def drill_503_long(procs, sim, mq, fail_s=120, rate=10, drain_limit=300):
    """ilert answers 503 to every API call for two minutes while HTTP, MQTT QoS 1 direct and Kafka streams
    (rate/s each) go on, into one agent with all three sources; then ilert recovers."""
    topic = "drill.f5l"  # a valid name for both MQTT and Kafka: the agent's one event topic
    sim.reset()
    sim.ctl("fail?status=503&count=100000000&path=/api/")
    a = kafka_agent(procs, sim, "f5l", topic, 4, mq=mq)
    accepted, pub_k = set(), set()
    streams = [threading.Thread(target=paced_http, args=(a.http_port, "lh", rate * fail_s, accepted, threading.Event()),
                                kwargs={"rate": rate}),
               threading.Thread(target=paced_kafka, args=(a.kafka, topic, "lk", rate * fail_s, pub_k, rate))]
    t_fail = time.time()
    for t in streams:
        t.start()
    n = paced_mqtt(procs, mq.port, topic, "lm", rate * fail_s, "f5lpub", rate=rate)
    for t in streams:
        t.join()
    time.sleep(max(0, fail_s - (time.time() - t_fail)))
    failed_for = time.time() - t_fail
    sim.ctl("faults/clear")
    t_rec = time.time()
    pub_m = set(range(n))
    paths = (("HTTP (outbox)", "lh", accepted), ("MQTT QoS 1 direct", "lm", pub_m), ("Kafka (4 partitions)", "lk", pub_k))
    drains = {}

    def all_in():
        for _, tag, pub in paths:
            if tag not in drains and count(sim, tag, pub)[2] == 0:
                drains[tag] = time.time() - t_rec
        return len(drains) == len(paths)

    wait_until(all_in, drain_limit, 1)
    calls = sum(1 for r in sim.requests() if r["path"].startswith("/api/") and r["status"] == 503)
    alive = a.proc.poll() is None
    a.stop()
    rows = []
    for label, tag, pub in paths:
        d, dup, lost = count(sim, tag, pub)
        drain = f"{drains[tag]:.0f} s after recovery" if tag in drains else f"not within {drain_limit} s"
        rows.append([f"503 for {failed_for:.0f} s then recovery, {label}, {rate}/s", 0, len(pub), len(pub), d, dup, lost, drain])
    return rows, [f"503-long: ilert calls answered 503 during the outage: {calls}; agent alive at the end: {alive}"]


def drill_bad_kafka(procs, sim, mq, per=3, depth=5000):
    """per broken records (truncated JSON, wrong types, missing fields, JSON null, binary, nesting, over 1 MiB)
    before each good one on a Kafka topic, with --kafka_dlq_topic."""
    tag, topic, dlq = "bk", "drill.bk", "drill.bk.dlq"
    sim.reset()
    kafka = broker(procs)
    kafka.create_topic(dlq, 1)
    a = kafka_agent(procs, sim, "bk", topic, 4, ["--kafka_dlq_topic", dlq])
    time.sleep(2)
    rss0 = status_kb(a.pid(), "VmRSS")
    published = set()
    n = RATE * STREAM_S
    bad_sent = paced_kafka(kafka, topic, tag, n, published, bad=bad_payloads(random.Random(3), per, depth))
    wait_until(lambda: count(sim, tag, published)[2] == 0 and a.metric("ilagent_dead_letters") >= bad_sent, DRAIN_S, 1)
    alive = a.proc.poll() is None
    rss1, hwm = status_kb(a.pid(), "VmRSS"), status_kb(a.pid(), "VmHWM")
    dead = a.metric("ilagent_dead_letters")
    on_dlq = kafka.count(dlq)
    committed = kafka.committed("bk", topic)
    a.stop()
    d, dup, lost = count(sim, tag, published)
    row = [f"bad input, {per} broken per good one (nesting {depth}), Kafka", 0, n * (per + 1), len(published), d, dup, lost, "-"]
    return [row], [f"bad-kafka: agent alive at end: {alive}; bad records sent {bad_sent}, dead letters stored {dead:.0f}, "
                   f"records on the DLQ topic {on_dlq}; committed offsets {committed} of {bad_sent + len(published)}; "
                   f"RSS before {rss0 // 1024} MB, after {rss1 // 1024} MB, peak {hwm // 1024} MB"]


def drill_restart_kafka(procs, sim, mq, down_s=15):
    """The Kafka broker shut down for down_s seconds and started again (same port, same data) in the middle of a
    Kafka stream into one agent: /ready sampled every 0.2 s, lost and duplicates counted, the agent's log lines
    during the outage counted."""
    tag, topic = "rk", "drill.rk"
    sim.reset()
    agent = kafka_agent(procs, sim, "rk", topic, 4)
    kafka = agent.kafka
    published, timeline, events = set(), [], {}
    stop_sampling = threading.Event()

    def sample():
        last = None
        while not stop_sampling.is_set():
            ready = agent.ready()
            if ready != last:
                timeline.append((time.time(), ready))
                last = ready
            time.sleep(0.2)

    def log_lines():
        with open(f"{procs.work}/rk.err", "rb") as f:
            return sum(1 for _ in f)

    def restart():
        time.sleep(STREAM_S / 2)
        events["lines0"] = log_lines()
        events["stop"] = time.time()
        kafka.stop_broker()
        events["stopped"] = time.time()
        time.sleep(down_s)
        events["start"] = time.time()
        kafka.start_broker()
        events["started"] = time.time()

    sampler, restarter = threading.Thread(target=sample), threading.Thread(target=restart)
    sampler.start()
    restarter.start()
    paced_kafka(kafka, topic, tag, RATE * STREAM_S, published)
    restarter.join()
    wait_until(lambda: agent.ready() and count(sim, tag, published)[2] == 0, DRAIN_S, 0.5)
    drain = time.time() - events["started"]
    wait_until(lambda: kafka.committed("rk", topic) >= len(published), 30, 0.5)
    time.sleep(1)
    stop_sampling.set()
    sampler.join()
    lines = log_lines() - events["lines0"]
    alive = agent.proc.poll() is None
    committed = kafka.committed("rk", topic)
    agent.stop()
    d, dup, lost = count(sim, tag, published)
    not_ready = [t for t, r in timeline if not r and t >= events["stop"]]
    ready_again = [t for t, r in timeline if r and not_ready and t > not_ready[0]]
    flip = f"{not_ready[0] - events['stopped']:.1f} s after the broker was down" if not_ready else "never"
    back = f"{ready_again[0] - events['started']:.1f} s after the broker was ready" if ready_again else "never"
    recv, _ = delivered_events(sim, tag)
    firsts = sorted(min(t) for t in recv.values())
    resumed = [t for t in firsts if t / 1000 > events["start"]]
    first_after = f"{resumed[0] / 1000 - events['started']:.1f} s" if resumed else "-"
    row = [f"Kafka broker down {down_s} s mid-stream (4 partitions)", 0, RATE * STREAM_S, len(published), d, dup, lost,
           f"{drain:.0f} s after the broker was back"]
    return [row], [f"restart-kafka: broker shutdown took {events['stopped'] - events['stop']:.1f} s, start-up "
                   f"{events['started'] - events['start']:.1f} s; /ready 503 {flip}, 204 again {back}; first new "
                   f"delivery {first_after} after the broker was ready; /ready changes (s from the broker's stop): "
                   f"{[(round(t - events['stop'], 1), r) for t, r in timeline]}; agent log lines during outage and "
                   f"drain: {lines}; agent alive: {alive}; committed offsets {committed} of {len(published)} records"]


DRILLS = {"restart-kafka": drill_restart_kafka, "kill-kafka": drill_kill_kafka, "kill-mqtt-direct": drill_kill_mqtt_direct, "503-long": drill_503_long,
          "bad-kafka": drill_bad_kafka}
