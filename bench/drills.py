"""Fault drills and the bad-input drill; each ends in published / delivered / duplicated / lost. Every drill
is bounded in time. See bench/drills.sh."""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

from benchlib import (ROOT, Agent, Mosquitto, MqttPublisher, Procs, Simulator, delivered_events, event_body,
                      free_port, http, machine, now_ms, status_kb, table, wait_until)
import http.client as httpclient

RATE = 50          # messages per second in each stream
STREAM_S = 24      # seconds of streaming per drill
DRAIN_S = 75       # longest wait for the rest to arrive after the stream
WHICH = sys.argv[1].split(",") if len(sys.argv) > 1 else ["kill-http", "kill-mqtt", "kill-mqtt-direct", "kill-kafka",
                                                          "restart-kafka", "503", "503-long", "broker", "bad", "bad-kafka"]


def paced_http(port, tag, n, accepted, stop, bad=None, rate=RATE):
    """Sends n good events at rate/s (with bad payloads in between when bad is given); a good one counts as
    published once the agent answered 202, and is sent again after a connection failure."""
    c = None
    for i in range(n):
        if stop.is_set():
            break
        t_next = time.time() + 1 / rate
        bodies = ([(None, b) for b in bad(i)] if bad else []) + [(i, event_body(tag, i, 200, now_ms()))]
        for gi, body in bodies:
            for _ in range(200):
                try:
                    c = c or httpclient.HTTPConnection("127.0.0.1", port, timeout=5)
                    c.request("POST", "/api/events", body, {"Content-Type": "application/json"})
                    r = c.getresponse()
                    r.read()
                    if gi is not None and r.status == 202:
                        accepted.add(gi)
                    break
                except Exception:
                    if c:
                        c.close()
                    c = None
                    time.sleep(0.05)
        time.sleep(max(0, t_next - time.time()))


def paced_mqtt(procs, port, topic, tag, n, name, bad=None, rate=RATE):
    pub = MqttPublisher(procs, port, topic, name)
    for i in range(n):
        t_next = time.time() + 1 / rate
        if bad:
            for b in bad(i):
                pub.publish(b)
        pub.publish(event_body(tag, i, 200, now_ms()))
        time.sleep(max(0, t_next - time.time()))
    pub.close()
    return n


def count(sim, tag, published):
    recv, _ = delivered_events(sim, tag)
    delivered = len([i for i in recv if i in published])
    dup = sum(len(t) - 1 for t in recv.values())
    lost = len([i for i in published if i not in recv])
    return delivered, dup, lost


def wait_delivered(sim, tag, published, limit):
    t0 = time.time()
    wait_until(lambda: count(sim, tag, published)[2] == 0, limit, 1)
    return time.time() - t0


def killer(agent, every_s, stop, kills):
    while not stop.wait(every_s):
        agent.stop(signal.SIGKILL)
        kills.append(time.time())
        agent.start(wait_ready=False)


def drill_kill_http(procs, sim, mq):
    tag = "kh"
    sim.reset()
    agent = Agent(procs, sim, mq, "kh", [], "drill/kh").start()
    stop, kills, accepted = threading.Event(), [], set()
    k = threading.Thread(target=killer, args=(agent, 4, stop, kills))
    k.start()
    paced_http(agent.http_port, tag, RATE * STREAM_S, accepted, threading.Event())
    stop.set()
    k.join()
    wait_until(agent.ready, 30, 0.1)
    drain = wait_delivered(sim, tag, accepted, DRAIN_S)
    agent.stop()
    d, dup, lost = count(sim, tag, accepted)
    return ["SIGKILL every 4 s, HTTP /api/events", len(kills), RATE * STREAM_S, len(accepted), d, dup, lost, f"{drain:.0f} s"]


def drill_kill_mqtt(procs, sim, mq, tag="km", flags=("--mqtt_buffer",), label="MQTT QoS 1 buffered"):
    """SIGKILL every 4 s during an MQTT QoS 1 stream; each restart has the same client id and a persistent
    session, so the broker keeps what was not acknowledged and sends it again."""
    sim.reset()
    agent = Agent(procs, sim, mq, tag, list(flags), f"drill/{tag}").start()
    stop, kills = threading.Event(), []
    k = threading.Thread(target=killer, args=(agent, 4, stop, kills))
    k.start()
    n = paced_mqtt(procs, mq.port, f"drill/{tag}/events", tag, RATE * STREAM_S, f"{tag}pub")
    stop.set()
    k.join()
    wait_until(agent.ready, 30, 0.1)
    published = set(range(n))
    drain = wait_delivered(sim, tag, published, DRAIN_S)
    agent.stop()
    d, dup, lost = count(sim, tag, published)
    return [f"SIGKILL every 4 s, {label}", len(kills), n, n, d, dup, lost, f"{drain:.0f} s"]


def drill_503(procs, sim, mq):
    """ilert answers 503 to every event for FAIL_S seconds while HTTP and MQTT-direct streams go on."""
    fail_s = 20
    sim.reset()
    sim.ctl("fail?status=503&count=1000000&path=/api/")  # every event path (HTTP and consumer channels)
    a = Agent(procs, sim, mq, "f5", [], "drill/f5").start()
    accepted = set()
    th = threading.Thread(target=paced_http, args=(a.http_port, "f5h", RATE * fail_s, accepted, threading.Event()))
    th.start()
    n = paced_mqtt(procs, mq.port, "drill/f5/events", "f5m", 10 * fail_s, "f5pub")  # direct mode: 10/s
    th.join()
    sim.ctl("faults/clear")  # ilert recovers; what it accepted so far stays recorded
    t_rec = time.time()
    pub_m = set(range(n))
    wait_until(lambda: count(sim, "f5h", accepted)[2] == 0 and count(sim, "f5m", pub_m)[2] == 0, DRAIN_S, 1)
    drain = time.time() - t_rec
    a.stop()
    rows = []
    for label, tag, pub in (("HTTP (outbox)", "f5h", accepted), ("MQTT QoS 1 direct", "f5m", pub_m)):
        d, dup, lost = count(sim, tag, pub)
        rows.append([f"503 for {fail_s} s then recovery, {label}", 0, len(pub), len(pub), d, dup, lost, f"{drain:.0f} s after recovery (both)"])
    return rows


def drill_broker(procs, sim, mq_unused):
    """mosquitto (with persistence) stopped for 5 s and started again mid-stream; MQTT QoS 1 buffered and
    direct agents subscribed. The publisher publishes in batches and repeats a batch the broker refused."""
    tag = "br"
    sim.reset()
    mq = Mosquitto(procs, name="mq-drill", persistent=True)
    checker_out = os.path.join(procs.work, "checker.txt")
    checker = procs.spawn(["sh", "-c", f"exec mosquitto_sub -h 127.0.0.1 -p {mq.port} -q 1 -c -i brchecker "
                           f"-t drill/br/events > {checker_out}"], "checker")
    agents = [Agent(procs, sim, mq, "brb", ["--mqtt_buffer"], "drill/br").start(),
              Agent(procs, sim, mq, "brd", [], "drill/brd").start()]
    n, batch = RATE * STREAM_S, 50
    restarted = threading.Event()

    def restart_broker():
        time.sleep(STREAM_S / 2)
        mq.stop()
        time.sleep(5)
        mq.start()
        restarted.set()

    r = threading.Thread(target=restart_broker)
    r.start()
    i = 0
    while i < n:
        lines = "\n".join(event_body(tag, j, 200, now_ms()) for j in range(i, min(n, i + batch))) + "\n"
        ok = True
        for topic in ("drill/br/events", "drill/brd/events"):
            p = subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(mq.port), "-q", "1", "-t", topic, "-l"],
                               input=lines.replace(f'"{tag} ', f'"{tag}d ') if "brd" in topic else lines,
                               text=True, capture_output=True, timeout=20)
            ok = ok and p.returncode == 0
        if ok:
            i += batch
            time.sleep(batch / RATE)
        else:
            time.sleep(0.5)
    r.join()
    published = set(range(n))
    wait_until(lambda: count(sim, tag, published)[2] == 0 and count(sim, tag + "d", published)[2] == 0, DRAIN_S, 1)
    time.sleep(2)
    procs.stop(checker)
    seen = set()
    for line in open(checker_out, errors="replace"):
        try:
            seen.add(int(json.loads(line)["summary"].split(" ")[1]))
        except Exception:
            pass
    rows = []
    print(f"broker drill: an independent QoS 1 subscriber (mosquitto_sub, persistent session) received {len(seen)} "
          f"of {n} distinct messages", flush=True)
    for a, label, t in ((agents[0], "buffered", tag), (agents[1], "direct", tag + "d")):
        d, dup, lost = count(sim, t, published)
        rows.append([f"broker down 5 s mid-stream, MQTT QoS 1 {label}", 0, n, n, d, dup, lost, "-"])
        a.stop()
    mq.stop()
    return rows


def bad_payloads(rnd, per, depth=5000):
    """per broken payloads for each good message: truncated JSON, wrong types, missing fields, deeply
    nested arrays, binary, JSON null, and (one good message in 40) a payload over 1 MiB."""
    def gen(i):
        return [one(i, k) for k in range(per)]

    def one(i, k):
        kind = 2 if (i % 40 == 0 and k == 0) else rnd.choice([0, 1, 3, 4, 5, 6])
        if kind == 0:
            return '{"integrationKey": "il1api1", "eventType": "ALERT", "summary": ' + "x" * rnd.randrange(1, 50)
        if kind == 1:
            return json.dumps({"integrationKey": 7, "eventType": ["ALERT"], "summary": {"a": 1}})
        if kind == 2:
            return json.dumps({"integrationKey": "il1api1", "eventType": "ALERT", "summary": "h" * 1_300_000})
        if kind == 3:
            return "[" * depth + "]" * depth
        if kind == 4:
            return bytes(rnd.randrange(256) for _ in range(200)).replace(b"\n", b" ").replace(b"\0", b" ")
        if kind == 5:
            return "null"
        return json.dumps({"eventType": "ALERT"})
    return gen


def drill_bad(procs, sim, mq, depth=5000):
    sim.reset()
    a = Agent(procs, sim, mq, "bad", ["--mqtt_buffer"], "drill/bad").start()
    time.sleep(2)
    rss0 = status_kb(a.pid(), "VmRSS")
    n = RATE * STREAM_S
    per = 3  # bad payloads per good one
    accepted = set()
    gh, gm = bad_payloads(random.Random(1), per, depth), bad_payloads(random.Random(2), per, depth)
    th = threading.Thread(target=paced_http, args=(a.http_port, "bh", n, accepted, threading.Event(), gh))
    th.start()
    m = paced_mqtt(procs, mq.port, "drill/bad/events", "bm", n, "badpub", gm)
    th.join()
    pub_m = set(range(m))
    wait_until(lambda: count(sim, "bh", accepted)[2] == 0 and count(sim, "bm", pub_m)[2] == 0, DRAIN_S, 1)
    alive = a.proc.poll() is None
    rss1, hwm = status_kb(a.pid(), "VmRSS"), status_kb(a.pid(), "VmHWM")
    dead = a.metric("ilagent_dead_letters")
    a.stop()
    rows = []
    for label, tag, pub in (("HTTP", "bh", accepted), ("MQTT QoS 1 buffered", "bm", pub_m)):
        d, dup, lost = count(sim, tag, pub)
        rows.append([f"bad input, {per} broken per good one (nesting {depth}), {label}", 0, n * (per + 1), len(pub), d, dup, lost, "-"])
    note = (f"agent alive at end: {alive}; RSS before {rss0 // 1024} MB, after {rss1 // 1024} MB, peak {hwm // 1024} MB; "
            f"dead letters stored: {dead:.0f} (HTTP rejects bad bodies with 400 and stores none)")
    return rows, note


class EventLimitedSimulator(Simulator):
    """The simulator with ilert's limit on events per integration key switched on (fixed one-minute window,
    429 without Retry-After); REST calls unlimited."""

    def __init__(self, procs, per_minute):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = procs.spawn([os.path.join(ROOT, "bin", "ilert-simulator"), "--port", str(self.port), "--quiet",
                                 "--rate_limit", "0", "--event_rate_limit", str(per_minute)], "sim-events-limited")
        if not wait_until(lambda: self.get_state() is not None, 120, 0.2):
            raise SystemExit("simulator did not start; see " + procs.work)


def drill_429_events(procs, sim_unused, mq):
    """A 429 storm on events: an HTTP and an MQTT QoS 1 buffered stream, each at 10/s for 30 s over 2
    integration keys of its own (150 events per key, 40 alert keys so many lanes), into a simulator that
    takes 50 events per key per minute, as ilert does. Counts the 429s the agent provokes on the way."""
    rate, secs, keys, limit, drain_s = 10, 30, 2, 50, 240
    sim = EventLimitedSimulator(procs, limit)
    a = Agent(procs, sim, mq, "rl", ["--mqtt_buffer"], "drill/rl").start()
    n = rate * secs

    def body(tag, i):
        return json.dumps({"integrationKey": f"il1{tag}{i % keys}", "eventType": "ALERT",
                           "summary": f"{tag} {i} {now_ms():.3f}", "alertKey": f"k{i % 40}"})

    accepted = set()

    def http_stream():
        c = None
        for i in range(n):
            t_next = time.time() + 1 / rate
            for _ in range(50):
                try:
                    c = c or httpclient.HTTPConnection("127.0.0.1", a.http_port, timeout=5)
                    c.request("POST", "/api/events", body("rlh", i), {"Content-Type": "application/json"})
                    r = c.getresponse()
                    r.read()
                    if r.status == 202:
                        accepted.add(i)
                    break
                except Exception:
                    if c:
                        c.close()
                    c = None
                    time.sleep(0.05)
            time.sleep(max(0, t_next - time.time()))

    th = threading.Thread(target=http_stream)
    th.start()
    pub = MqttPublisher(procs, mq.port, "drill/rl/events", "rlpub")
    for i in range(n):
        t_next = time.time() + 1 / rate
        pub.publish(body("rlm", i))
        time.sleep(max(0, t_next - time.time()))
    pub.close()
    th.join()
    t_end = time.time()
    pub_m = set(range(n))
    wait_until(lambda: count(sim, "rlh", accepted)[2] == 0 and count(sim, "rlm", pub_m)[2] == 0, drain_s, 1)
    drain = time.time() - t_end
    held = a.metric("ilagent_ilert_rate_limit_wait_seconds_count")
    a.stop()
    calls = [r for r in sim.requests() if r["method"] == "POST" and
             (r["path"] == "/api/events" or r["path"].startswith("/api/v1/events/mqtt/"))]
    rows, notes = [], []
    for label, tag, pub_set, http_path in (("HTTP", "rlh", accepted, True), ("MQTT QoS 1 buffered", "rlm", pub_m, False)):
        d, dup, lost = count(sim, tag, pub_set)
        mine = [r for r in calls if (r["path"] == "/api/events") == http_path]
        r429 = sum(1 for r in mine if r["status"] == 429)
        rows.append([f"429 storm: {rate}/s for {secs} s over {keys} keys, {limit}/min per key, {label}", 0, n,
                     len(pub_set), d, dup, lost, f"{drain:.0f} s after the stream (both)"])
        notes.append(f"429 storm, {label}: {len(mine)} event calls to ilert for {d} delivered, {r429} answered 429")
    notes.append(f"429 storm: calls held by the agent's rate-limit gate (metric, 0 when absent): {held:.0f}")
    procs.stop(sim.proc)
    return rows, "; ".join(notes)


def main():
    import drills_kafka  # here, not at the top: it imports this module
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        sim = Simulator(procs, rate_limit=0)
        mq = Mosquitto(procs)
        rows, notes = [], []
        for w in WHICH:
            t0 = time.time()
            if w == "kill-http":
                rows.append(drill_kill_http(procs, sim, mq))
            elif w == "kill-mqtt":
                rows.append(drill_kill_mqtt(procs, sim, mq))
            elif w == "503":
                rows += drill_503(procs, sim, mq)
            elif w == "broker":
                rows += drill_broker(procs, sim, mq)
            elif w == "429-events":
                r, note = drill_429_events(procs, sim, mq)
                rows += r
                notes.append(note)
            elif w == "one-key-503":  # bench/drill_one_key.py
                from drill_one_key import drill_one_key_503
                r, more = drill_one_key_503(procs, sim, mq)
                rows += r
                notes += more
            elif w in drills_kafka.DRILLS:  # Kafka, MQTT direct, 503 for two minutes: bench/drills_kafka.py
                r, more = drills_kafka.DRILLS[w](procs, sim, mq)
                rows += r
                notes += more
            elif w in ("bad", "bad-shallow"):
                r, note = drill_bad(procs, sim, mq, 5000 if w == "bad" else 500)
                rows += r
                notes.append(note)
            print(f"{w}: {time.time() - t0:.0f} s: {rows[-1]}", flush=True)
        print()
        print(table(["drill", "kills", "sent", "published (accepted)", "delivered", "duplicates", "lost", "drain"], rows))
        for n in notes:
            print(n)
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
