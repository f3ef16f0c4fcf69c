"""Two agents in one MQTT shared subscription ($share/G/...): SIGKILL of one while it holds unacknowledged
messages, restart after 10 s. Measures where Mosquitto sends what the dead member held and what was published
while it was away, events lost and duplicated, and the order of policy updates per level across the two members
(with and without --map_key_timestamp). See bench/drills_ha.sh (mqtt-shared). Figures, not assertions."""
import signal
import threading
import time

from benchlib import Agent, Mosquitto, MqttPublisher, delivered_events, event_body, now_ms, table, wait_until
from drills import count
from drills_ha import PolicyStream

LATENCY_MS = 500     # each ilert call: messages stay unacknowledged that long in direct mode
EVENT_RATE = 20      # events/s, shared by the two members
KILL_AT, DOWN_S, STREAM_S = 8, 10, 28

VARIANTS = [("direct", []), ("buffered", ["--mqtt_buffer"]), ("direct, --map_key_timestamp", ["--map_key_timestamp", "ts"])]


def run(procs, sim, mq, n, label, flags):
    sim.reset()
    # 9 levels: an odd number per round, so with the broker's turn-taking a level's updates alternate between members
    stream = PolicyStream(sim, policies=3, levels=3)
    sim.ctl(f"latency?ms={LATENCY_MS}")
    prefix, group = f"ha/m{n}", f"hm{n}"
    agents = [Agent(procs, sim, mq, f"hm{n}{x}", ["--mqtt_shared_group", group] + flags, prefix).start() for x in "ab"]
    a, b = agents
    ev_pub = MqttPublisher(procs, mq.port, f"{prefix}/events", f"hm{n}ev")
    pol_pub = MqttPublisher(procs, mq.port, f"{prefix}/policy", f"hm{n}pol")
    sent_at, stop = {}, threading.Event()

    def policies():
        while not stop.wait(1.0):
            for _, payload in stream.round():
                pol_pub.publish(payload)

    t = threading.Thread(target=policies)
    t0 = time.time()
    t.start()
    i, killed, held, tk, tr = 0, False, None, None, None
    while time.time() - t0 < STREAM_S:
        if not killed and time.time() - t0 >= KILL_AT:
            held = b.metric("ilagent_messages_received_total") - b.metric('ilagent_deliveries_total{kind="event"') \
                - b.metric('ilagent_deliveries_total{kind="policy_update"')
            b.stop(signal.SIGKILL)
            tk, killed = time.time(), True
            print(f"mqtt-shared {label}: SIGKILL of member b at {tk - t0:.1f} s", flush=True)
        if killed and tr is None and time.time() - tk >= DOWN_S:
            b.start()
            tr = time.time()
            print(f"mqtt-shared {label}: member b back at {tr - t0:.1f} s", flush=True)
        sent_at[i] = time.time()
        ev_pub.publish(event_body(f"hm{n}", i, 200, now_ms()))
        i += 1
        time.sleep(1 / EVENT_RATE)
    stop.set()
    t.join()
    ev_pub.close()
    pol_pub.close()
    tag, published = f"hm{n}", set(sent_at)
    drained = wait_until(lambda: count(sim, tag, published)[2] == 0 and stream.check(sim)[3] == 0, 60, 1)
    d, dup, lost = count(sim, tag, published)
    puts, older, repeated, stale, examples = stream.check(sim)
    for x in agents:
        x.stop()
    recv, _ = delivered_events(sim, tag)
    first = {k: min(v) / 1000 for k, v in recv.items()}
    before_kill = [k for k, s in sent_at.items() if s < tk]
    open_at_kill = [k for k in before_kill if first.get(k, 1e18) > tk]
    kept = [k for k in open_at_kill if first.get(k, 1e18) > tr]            # waited for b's return
    during = [k for k, s in sent_at.items() if tk <= s < tr - 1]
    queued = [k for k in during if first.get(k, 1e18) > tr]                 # published while b was away, sent to b
    copies = [t / 1000 for v in recv.values() for t in sorted(v)[1:]]       # second and later copies of an event
    copies_down, copies_back = sum(tk <= c < tr for c in copies), sum(c >= tr for c in copies)
    row = [label, len(published), d, f"{dup} ({copies_down} while b was away, {copies_back} after)", lost, f"{held:.0f}",
           len(open_at_kill), len(kept), f"{len(queued)} of {len(during)}",
           f"{sum(stream.sent.values())}", puts, older, stale]
    notes = [f"mqtt-shared {label}: drained within 60 s: {drained}"]
    notes += [f"mqtt-shared {label} older-after-newer example: {e}" for e in examples]
    return row, notes


def shared(procs, sim):
    mq = Mosquitto(procs, name="mq-ha")
    rows, notes = [], []
    for n, (label, flags) in enumerate(VARIANTS):
        row, more = run(procs, sim, mq, n, label, flags)
        rows.append(row)
        notes += more
        print(f"mqtt-shared {label}: {row}", flush=True)
    print(table(["mode", "events published", "delivered", "duplicates", "lost",
                 "b's messages received, not yet delivered at the kill (metrics)", "events open at the kill (either member)",
                 "of those, delivered only after b returned", "events published while b was away that waited for b",
                 "policy updates published", "PUTs applied", "older after newer", "levels not at latest"], rows),
          flush=True)
    return rows, notes
