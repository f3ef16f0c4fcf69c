"""One integration key answering 503 for two minutes while 50 others flow, MQTT QoS 1 direct mode (the agent with
its defaults): the others' throughput and latency beside a phase without the fault, in the same run with the same
agent; the failing key's events all delivered, each alert key's in order, after it heals; lost and duplicates.
See bench/drills.sh (drill "one-key-503")."""
import json
import os
import time

from benchlib import Agent, MqttPublisher, delivered_events, now_ms, pct, wait_until

RATE = int(os.environ.get("BENCH_ONE_KEY_RATE", "100"))  # messages per second, all 51 keys together
CLEAN_S = 60       # the phase without the fault
FAULT_S = 120      # the phase with one key answering 503
LATENCY_MS = 20    # API latency in both phases
KEYS = 51          # 50 flowing integration keys and the failing one
ALERTS = 510       # 10 alert keys (lanes) per integration key
BROKEN = "il1broken"
DRAIN_S = 150      # longest wait for the failing key's events after it heals (the outbox backs off up to 60 s)


def body(tag, i):
    key = BROKEN if i % KEYS == KEYS - 1 else f"il1api{i % KEYS}"
    return json.dumps({"integrationKey": key, "eventType": "ALERT", "summary": f"{tag} {i} {now_ms():.3f}",
                       "alertKey": f"k{i % ALERTS}"})


def broken(i):
    return i % KEYS == KEYS - 1


def stream(pub, tag, seconds):
    """Publishes at RATE/s for `seconds`; answers how many were published."""
    n, t0 = 0, time.time()
    while time.time() - t0 < seconds:
        pub.publish(body(tag, n))
        n += 1
        time.sleep(max(0.0, t0 + n / RATE - time.time()))
    return n


def phase_figures(sim, tag, n, t0_ms, seconds):
    """Of the flowing keys: delivered within the phase per second, and latency percentiles; of all: order per lane."""
    recv, sent = delivered_events(sim, tag)
    others = [i for i in range(n) if not broken(i)]
    in_phase = [i for i in others if i in recv and min(recv[i]) <= t0_ms + seconds * 1000]
    lat = [min(recv[i]) - sent[i] for i in others if i in recv]
    return dict(published=len(others), delivered_in_phase=len(in_phase), rate=len(in_phase) / seconds,
                p50=pct(lat, 50), p99=pct(lat, 99))


def lanes_out_of_order(sim, tag):
    """Lanes (alert keys) whose events' first arrivals are not in publish order."""
    st = sim.get_state()
    seen, bad = {}, set()
    for e in st["events"]:  # in arrival order
        parts = str(e["body"].get("summary", "")).split(" ")
        if len(parts) == 3 and parts[0] == tag:
            i = int(parts[1])
            lane = i % ALERTS
            if i in seen.setdefault(lane, []):
                continue  # a duplicate
            if seen[lane] and seen[lane][-1] > i:
                bad.add(lane)
            seen[lane].append(i)
    return len(bad)


def drill_one_key_503(procs, sim, mq):
    sim.reset(LATENCY_MS)
    agent = Agent(procs, sim, mq, "ok5", [], "drill/ok5").start()
    pub = MqttPublisher(procs, mq.port, "drill/ok5/events", "ok5pub")
    t_a = now_ms()
    n_a = stream(pub, "oka", CLEAN_S)
    sim.ctl(f"fail?status=503&count=100000000&path=/api/v1/events/mqtt/{BROKEN}")
    t_b = now_ms()
    n_b = stream(pub, "okb", FAULT_S)
    pub.close()
    sim.ctl("faults/clear")  # the key heals; the latency goes with the other faults, so set it again
    sim.ctl(f"latency?ms={LATENCY_MS}")
    t_heal = time.time()
    want_b = set(range(n_b))

    def missing():
        recv, _ = delivered_events(sim, "okb")
        return len(want_b - set(recv))

    wait_until(lambda: missing() == 0, DRAIN_S, 1)
    drain = time.time() - t_heal
    calls_503 = sum(1 for r in sim.requests() if r["status"] == 503)
    spilled = agent.metric("ilagent_deliveries_total{kind=\"event\",outcome=\"retry\"")
    agent.stop()
    a = phase_figures(sim, "oka", n_a, t_a, CLEAN_S)
    b = phase_figures(sim, "okb", n_b, t_b, FAULT_S)
    rows, lost_dup = [], []
    for tag, n in (("oka", n_a), ("okb", n_b)):
        recv, _ = delivered_events(sim, tag)
        lost_dup.append((len(set(range(n)) - set(recv)), sum(len(t) - 1 for t in recv.values())))
    recv_b, _ = delivered_events(sim, "okb")
    broken_b = [i for i in range(n_b) if broken(i)]
    broken_in_fault = sum(1 for i in broken_b if i in recv_b and min(recv_b[i]) <= t_b + FAULT_S * 1000)
    rows.append([f"one key 503 for {FAULT_S} s, 50 others flow ({RATE}/s, {LATENCY_MS} ms API latency), MQTT QoS 1 "
                 "direct", 0, n_a + n_b, n_a + n_b, n_a + n_b - lost_dup[0][0] - lost_dup[1][0],
                 lost_dup[0][1] + lost_dup[1][1], lost_dup[0][0] + lost_dup[1][0], f"{drain:.0f} s after healing"])
    notes = [
        f"one-key-503: the 50 flowing keys delivered {a['rate']:.1f}/s without the fault ({a['delivered_in_phase']}"
        f"/{a['published']} within its {CLEAN_S} s, latency p50 {a['p50']:.0f} ms, p99 {a['p99']:.0f} ms) and "
        f"{b['rate']:.1f}/s with it ({b['delivered_in_phase']}/{b['published']} within its {FAULT_S} s, p50 "
        f"{b['p50']:.0f} ms, p99 {b['p99']:.0f} ms): {b['rate'] / a['rate'] * 100 if a['rate'] else 0:.0f}% of "
        "their throughput without the fault",
        f"one-key-503: the failing key's {len(broken_b)} events: {broken_in_fault} reached ilert during the fault, "
        f"{sum(1 for i in broken_b if i in recv_b)} in all; lanes out of order: {lanes_out_of_order(sim, 'okb')} "
        f"(of {ALERTS}); 503 answers {calls_503}; failed attempts retried later (metric) {spilled:.0f}",
    ]
    return rows, notes
