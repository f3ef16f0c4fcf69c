"""Soak: hours, not minutes (issue 20 point 5). Two agents under a light, steady, mixed load with a fault every
few minutes; RSS and the tables sampled every 10 s into a CSV; lost and duplicates per stream at the end.

- Agent A (never killed: the one whose memory is watched): HTTP, MQTT QoS 1 buffered, Kafka (4 partitions) and
  policy updates over MQTT, plus a bad payload every 5 s on MQTT and on Kafka (dead letters).
- Agent B (the one SIGKILLed): HTTP, MQTT QoS 1 direct, Kafka (2 partitions) and policy updates over MQTT, plus a
  bad payload every 5 s on MQTT.
- Faults in turn, one every FAULT_EVERY_S: 503 for 30 s, 429 storm for 20 s, SIGKILL + restart of B, mosquitto
  (persistent) down 5 s, ilert answering after 2 s for 60 s.
Both agents run with short retentions (dead letters 5m, history 10m) so that pruning happens during the run.
See bench/soak.sh."""
import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import http.client as httpclient

from benchlib import (Agent, KafkaBroker, Mosquitto, Procs, Simulator, delivered_events, event_body, machine,
                      now_ms, status_kb, wait_until)

MINUTES = float(sys.argv[1]) if len(sys.argv) > 1 else 60
CSV = sys.argv[2] if len(sys.argv) > 2 else ""
SVG = sys.argv[3] if len(sys.argv) > 3 else ""
FAULT_EVERY_S = float(os.environ.get("SOAK_FAULT_EVERY_S", 180))
SAMPLE_S = 10
WARM_UP_S = 600 if MINUTES >= 40 else MINUTES * 60 / 6
RETENTION = ["--dead_letter_retention", "5m", "--history_retention", "10m"]
POLICIES, LEVELS, USERS = 20, 3, 10
# events per second per stream: 14/s in all; besides, 1 policy update/s and 0.6 bad payloads/s
RATES = {"ah": 3, "am": 3, "ak": 2, "bh": 2, "bm": 3, "bk": 1}
POLICY_EVERY_S = 2    # one policy update per agent every 2 s
BAD_EVERY_S = 5
COLUMNS = ["t_s", "rss_a_mb", "rss_b_mb", "heap_used_a_mb", "threads_a", "outbox_a", "dead_a", "history_a",
           "delivered_a", "outbox_b", "dead_b", "history_b", "file_a_kb", "fault"]


class Stop:
    def __init__(self):
        self.event = threading.Event()
        self.fault = "-"


def mqtt_batches(port, topic, tag, rate, stop, published, stats):
    """Publishes rate messages each second as one mosquitto_pub -l batch at QoS 1; a batch the broker refused
    (down, restarting) is sent again, so a message counts as published once its batch was acknowledged."""
    i = 0
    while not stop.event.is_set():
        t_next = time.time() + 1
        batch = list(range(i, i + rate))
        lines = "\n".join(event_body(tag, j, 40, now_ms()) for j in batch) + "\n"
        if publish(port, topic, lines):
            published.update(batch)
            i += rate
        else:
            stats["refused_batches"] = stats.get("refused_batches", 0) + 1
        stop.event.wait(max(0, t_next - time.time()))


def publish(port, topic, lines):
    try:
        p = subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-t", topic, "-l"],
                           input=lines, text=True, capture_output=True, timeout=20)
        return p.returncode == 0
    except subprocess.TimeoutExpired:
        return False


def http_stream(agent, tag, rate, stop, published):
    """rate events per second to /api/events; one counts as published once answered 202; a connection that broke
    (agent killed) is opened again and the event sent again."""
    c, i = None, 0
    while not stop.event.is_set():
        t_next = time.time() + 1 / rate
        body = event_body(tag, i, 40, now_ms())
        for _ in range(600):  # up to a minute while the agent restarts
            try:
                c = c or httpclient.HTTPConnection("127.0.0.1", agent.http_port, timeout=10)
                c.request("POST", "/api/events", body, {"Content-Type": "application/json"})
                r = c.getresponse()
                r.read()
                if r.status == 202:
                    published.add(i)
                    break
                time.sleep(0.1)  # 503 (database) or 400: try again
            except Exception:
                if c:
                    c.close()
                c = None
                time.sleep(0.1)
        i += 1
        stop.event.wait(max(0, t_next - time.time()))


def kafka_stream(kafka, topic, tag, rate, stop, published, bad_every=0):
    i, last_bad = 0, time.time()
    while not stop.event.is_set():
        t_next = time.time() + 1
        batch = list(range(i, i + rate))
        lines = [f"k{j % 40}\t{event_body(tag, j, 40, now_ms())}" for j in batch]
        if bad_every and time.time() - last_bad >= bad_every:
            lines.append('bad\t{"integrationKey": "il1api1", "eventType": "ALERT", "summary": ')
            last_bad = time.time()
        try:
            kafka.produce(topic, lines)
            published.update(batch)
            i += rate
        except Exception:
            pass
        stop.event.wait(max(0, t_next - time.time()))


def bad_stream(port, topic, stop, sent):
    rnd = random.Random(topic)
    kinds = ['{"integrationKey": "il1api1", "eventType": "ALERT", "summary": ',
             json.dumps({"integrationKey": 7, "eventType": ["ALERT"]}), "null", json.dumps({"eventType": "ALERT"})]
    while not stop.event.wait(BAD_EVERY_S):
        if publish(port, topic, rnd.choice(kinds) + "\n"):
            sent[0] += 1


def policy_stream(port, topic, policies, stop, sent, expected):
    """One update every POLICY_EVERY_S: a random user on a random level of one of this agent's policies;
    expected[(policy, level)] is the user of the latest update published for it."""
    rnd = random.Random(topic)
    while not stop.event.wait(POLICY_EVERY_S):
        p, lv, u = rnd.choice(policies), rnd.randrange(LEVELS), rnd.randrange(USERS)
        msg = json.dumps({"location": f"p{p}", "data": {"email": f"u{u}@example.com", "shift": lv}})
        for _ in range(60):
            if publish(port, topic, msg + "\n"):
                sent[0] += 1
                expected[(p, lv)] = u
                break
            time.sleep(0.5)


def table_counts(db):
    """Rows in outbox, dead_letters, policy_audit and delivered, read-only beside the running agent."""
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                    for t in ("outbox", "dead_letters", "policy_audit", "delivered")]
        finally:
            c.close()
    except sqlite3.Error:
        return [None] * 4


def file_kb(db):
    return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) // 1024


def sample(a, b, t0, stop):
    ta, tb = table_counts(a.db), table_counts(b.db)
    rss_b = status_kb(b.pid(), "VmRSS") / 1024 if b.proc.poll() is None else 0
    mb = 1024 * 1024
    try:
        heap, threads = a.metric('jvm_memory_used_bytes{area="heap"') / mb, int(a.metric("jvm_threads_live_threads"))
    except Exception:
        heap, threads = None, None
    return {"t_s": round(time.time() - t0), "rss_a_mb": round(status_kb(a.pid(), "VmRSS") / 1024, 1),
            "rss_b_mb": round(rss_b, 1), "heap_used_a_mb": None if heap is None else round(heap, 1),
            "threads_a": threads, "outbox_a": ta[0], "dead_a": ta[1], "history_a": ta[2], "delivered_a": ta[3],
            "outbox_b": tb[0], "dead_b": tb[1], "history_b": tb[2], "file_a_kb": file_kb(a.db), "fault": stop.fault}


def faults(sim, mq, b, stop, log, t0):
    """One fault every FAULT_EVERY_S, in turn, each undone before the next; log gets (start s since t0, what,
    seconds it lasted)."""
    order = ["503", "429", "kill", "broker", "slow"]
    k = 0
    while not stop.event.wait(FAULT_EVERY_S):
        what = order[k % len(order)]
        k += 1
        stop.fault = what
        t = time.time()
        if what == "503":
            sim.ctl("fail?status=503&count=100000000&path=/api/")
            stop.event.wait(30)
            sim.ctl("faults/clear")
        elif what == "429":
            sim.ctl("fail?status=429&count=100000000&path=/api/&retryAfter=5")
            stop.event.wait(20)
            sim.ctl("faults/clear")
        elif what == "kill":
            b.stop(signal.SIGKILL)
            b.start(wait_ready=False)
            wait_until(b.ready, 90, 0.2)
        elif what == "broker":
            mq.stop()
            time.sleep(5)
            mq.start()
        else:
            sim.ctl("latency?ms=2000")
            stop.event.wait(60)
            sim.ctl("latency?ms=0")
        log.append((round(t - t0), what, round(time.time() - t)))
        print(f"{time.strftime('%H:%M:%S', time.gmtime())} fault {what} for {time.time() - t:.0f} s", flush=True)
        stop.fault = "-"


def count(recv, published):
    delivered = len([i for i in published if i in recv])
    dup = sum(len(t) - 1 for i, t in recv.items())
    return delivered, dup, len(published) - delivered


def svg_plot(rows, faults_log, path, title):
    """RSS of agent A (and B) over time, as a small SVG: no plotting library needed."""
    w, h, left, bottom, top = 960, 420, 60, 40, 30
    t_max = max(r["t_s"] for r in rows) or 1
    y_max = max(max(r["rss_a_mb"], r["rss_b_mb"]) for r in rows) * 1.1
    x = lambda t: left + (w - left - 20) * t / t_max
    y = lambda v: h - bottom - (h - bottom - top) * v / y_max
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14">{title}</text>']
    for v in range(0, int(y_max) + 1, 50):
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{w - 20}" y2="{y(v):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 5}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    for m in range(0, int(t_max / 60) + 1, 5 if t_max > 900 else 1):
        out.append(f'<line x1="{x(m * 60):.1f}" y1="{h - bottom}" x2="{x(m * 60):.1f}" y2="{top}" stroke="#eee"/>'
                   f'<text x="{x(m * 60):.1f}" y="{h - bottom + 16}" text-anchor="middle">{m}</text>')
    out.append(f'<text x="{w / 2}" y="{h - 5}" text-anchor="middle">minutes</text>'
               f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" text-anchor="middle">RSS (MB)</text>')
    colours = {"503": "#d62728", "429": "#ff7f0e", "kill": "#000000", "broker": "#9467bd", "slow": "#8c564b"}
    for t, what, _ in faults_log:
        out.append(f'<line x1="{x(t):.1f}" y1="{top}" x2="{x(t):.1f}" y2="{h - bottom}" stroke="{colours[what]}" '
                   f'stroke-dasharray="3,3"/><text x="{x(t) + 2:.1f}" y="{top + 10}" fill="{colours[what]}" '
                   f'font-size="10">{what}</text>')
    for key, colour, label in (("rss_a_mb", "#1f77b4", "agent A (never killed)"),
                               ("rss_b_mb", "#2ca02c", "agent B (SIGKILLed at 'kill')")):
        pts = " ".join(f"{x(r['t_s']):.1f},{y(r[key]):.1f}" for r in rows)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
    out.append(f'<text x="{left + 10}" y="{top + 28}" fill="#1f77b4">agent A (never killed)</text>'
               f'<text x="{left + 10}" y="{top + 44}" fill="#2ca02c">agent B (SIGKILLed at each kill)</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def window(rows, start_s, end_s, key):
    vals = [r[key] for r in rows if start_s <= r["t_s"] < end_s and r[key] is not None]
    return vals


def main():
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        print(f"soak: {MINUTES:g} min, a fault every {FAULT_EVERY_S:g} s, samples every {SAMPLE_S} s", flush=True)
        sim = Simulator(procs, rate_limit=0)
        sim.seed_policies(POLICIES, LEVELS, USERS)
        mq = Mosquitto(procs, name="mq-soak", persistent=True)
        kafka = KafkaBroker(procs)
        for topic, parts in (("soak.a", 4), ("soak.b", 2), ("soak.a.policy", 1), ("soak.b.policy", 1)):
            kafka.create_topic(topic, parts)
        policy = lambda name: ["--policy_topic", f"soak.{name}.policy", "--policy_routing_keys", "location"]
        a = Agent(procs, sim, mq, "soak-a", ["--mqtt_buffer", "-vv"] + policy("a") + RETENTION, "", kafka=kafka,
                  event_topic="soak.a").start()
        b = Agent(procs, sim, mq, "soak-b", ["-vv"] + policy("b") + RETENTION, "", kafka=kafka,
                  event_topic="soak.b").start()
        stop, stats, rows, faults_log = Stop(), {}, [], []
        pub = {tag: set() for tag in RATES}
        bad_sent, pol_sent = {"a": [0], "b": [0]}, {"a": [0], "b": [0]}
        expected = {}
        t0 = time.time()
        threads = [
            threading.Thread(target=http_stream, args=(a, "ah", RATES["ah"], stop, pub["ah"])),
            threading.Thread(target=http_stream, args=(b, "bh", RATES["bh"], stop, pub["bh"])),
            threading.Thread(target=mqtt_batches, args=(mq.port, "soak.a", "am", RATES["am"], stop, pub["am"], stats)),
            threading.Thread(target=mqtt_batches, args=(mq.port, "soak.b", "bm", RATES["bm"], stop, pub["bm"], stats)),
            threading.Thread(target=kafka_stream, args=(kafka, "soak.a", "ak", RATES["ak"], stop, pub["ak"], BAD_EVERY_S)),
            threading.Thread(target=kafka_stream, args=(kafka, "soak.b", "bk", RATES["bk"], stop, pub["bk"])),
            threading.Thread(target=bad_stream, args=(mq.port, "soak.a", stop, bad_sent["a"])),
            threading.Thread(target=bad_stream, args=(mq.port, "soak.b", stop, bad_sent["b"])),
            threading.Thread(target=policy_stream, args=(mq.port, "soak.a.policy", range(0, 10), stop, pol_sent["a"],
                                                         expected)),
            threading.Thread(target=policy_stream, args=(mq.port, "soak.b.policy", range(10, 20), stop, pol_sent["b"],
                                                         expected)),
        ]
        fault_thread = threading.Thread(target=faults, args=(sim, mq, b, stop, faults_log, t0))
        for t in threads + [fault_thread]:
            t.start()
        end = t0 + MINUTES * 60
        while time.time() < end:
            try:
                rows.append(sample(a, b, t0, stop))
            except Exception as e:  # a sample lost is a gap in the CSV, not the end of the run
                print(f"sample failed: {e}", file=sys.stderr)
            time.sleep(max(0, min(SAMPLE_S, end - time.time())))
        stop.event.set()
        fault_thread.join()
        for t in threads:
            t.join()
        stream_end = time.time()
        sim.ctl("faults/clear")
        sim.ctl("latency?ms=0")
        wait_until(b.ready, 90, 0.2)

        def outstanding():
            return sum(count(delivered_events(sim, tag)[0], pub[tag])[2] for tag in RATES)

        wait_until(lambda: outstanding() == 0, 300, 5)
        drain = time.time() - stream_end
        rows.append(sample(a, b, t0, stop))
        state = sim.get_state()
        levels_wrong = 0
        for pol in state["policies"]:
            p = int(pol["routingKey"][1:])
            for lv, rule in enumerate(pol["escalationRules"]):
                if (p, lv) in expected:
                    want = f"u{expected[(p, lv)]}@example.com"
                    ids = {u["id"] for u in rule["users"]}
                    have = {u["id"] for u in state["users"] if u["email"] == want}
                    levels_wrong += 0 if ids == have else 1
        retention_lines = {}
        for name in ("soak-a", "soak-b"):
            with open(os.path.join(procs.work, name + ".err"), errors="replace") as f:
                retention_lines[name] = sum(1 for line in f if "Retention: deleted" in line)
        a_alive = a.proc.poll() is None
        a.stop()
        b.stop()
        if CSV:
            with open(CSV, "w", newline="") as f:
                w = csv.DictWriter(f, COLUMNS)
                w.writeheader()
                w.writerows(rows)
        if SVG:
            svg_plot(rows, faults_log, SVG, f"Soak: agent RSS over {MINUTES:g} minutes, a fault every "
                                            f"{FAULT_EVERY_S / 60:g} min (bench/soak.sh)")
        report(rows, faults_log, pub, sim, bad_sent, pol_sent, expected, levels_wrong, retention_lines, drain,
               a_alive, stats)
    finally:
        procs.stop_all()


def report(rows, faults_log, pub, sim, bad_sent, pol_sent, expected, levels_wrong, retention_lines, drain, a_alive,
           stats):
    labels = {"ah": "A HTTP /api/events", "am": "A MQTT QoS 1 buffered", "ak": "A Kafka (4 partitions)",
              "bh": "B HTTP /api/events", "bm": "B MQTT QoS 1 direct", "bk": "B Kafka (2 partitions)"}
    print("\n| stream | rate | published | delivered | duplicates | lost |\n|---|---|---|---|---|---|")
    total = [0, 0, 0, 0]
    for tag in RATES:
        d, dup, lost = count(delivered_events(sim, tag)[0], pub[tag])
        total = [total[0] + len(pub[tag]), total[1] + d, total[2] + dup, total[3] + lost]
        print(f"| {labels[tag]} | {RATES[tag]}/s | {len(pub[tag])} | {d} | {dup} | {lost} |")
    print(f"| all | {sum(RATES.values())}/s | {total[0]} | {total[1]} | {total[2]} | {total[3]} |")
    print(f"\ndrain after the load stopped: {drain:.0f} s; agent A alive at the end: {a_alive}; "
          f"MQTT batches refused and sent again: {stats.get('refused_batches', 0)}")
    print(f"policy updates published: A {pol_sent['a'][0]}, B {pol_sent['b'][0]}; levels updated {len(expected)}, "
          f"levels not holding the latest update's user at the end: {levels_wrong}")
    print(f"bad payloads published over MQTT: A {bad_sent['a'][0]}, B {bad_sent['b'][0]} (plus one per "
          f"{BAD_EVERY_S} s on A's Kafka topic)")
    print(f"faults ({len(faults_log)}): " + ", ".join(f"{what} at {t / 60:.0f} min ({dur} s)"
                                                     for t, what, dur in faults_log))
    print(f"'Retention: deleted' log lines: {retention_lines}")
    t_end = rows[-1]["t_s"]
    first = window(rows, WARM_UP_S, WARM_UP_S + 600, "rss_a_mb")
    last = window(rows, t_end - 1200, t_end + 1, "rss_a_mb")
    if first and last:
        m_first = sum(first) / len(first)
        print(f"\nagent A RSS: first 10 min after warm-up ({WARM_UP_S / 60:.0f}-{WARM_UP_S / 60 + 10:.0f} min) "
              f"mean {m_first:.0f} MB (min {min(first):.0f}, max {max(first):.0f}); last 20 min mean "
              f"{sum(last) / len(last):.0f} MB (min {min(last):.0f}, max {max(last):.0f}); "
              f"last 20 min within {max(abs(max(last) - m_first), abs(min(last) - m_first)) / m_first * 100:.1f} % "
              f"of the first mean")
    thirds = max(1, len(rows) // 3)
    for label, part in (("first third", rows[:thirds]), ("second third", rows[thirds:2 * thirds]),
                        ("last third", rows[2 * thirds:])):
        def mx(key):
            vals = [r[key] for r in part if r[key] is not None]
            return max(vals) if vals else "-"
        print(f"{label}: RSS A max {mx('rss_a_mb')} MB, heap used A max {mx('heap_used_a_mb')} MB, threads A max "
              f"{mx('threads_a')}; rows max: outbox A {mx('outbox_a')}, B {mx('outbox_b')}; dead letters A "
              f"{mx('dead_a')}, B {mx('dead_b')}; history A {mx('history_a')}, B {mx('history_b')}; delivered A "
              f"{mx('delivered_a')}; file A {mx('file_a_kb')} KB")
    print(f"at the end: {rows[-1]}")


if __name__ == "__main__":
    main()
