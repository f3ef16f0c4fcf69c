"""Scaling of one Kafka consumer group: events/s delivered by one, two and three agents at 100 ms API latency,
one after the other in the same run, with the CPU each part used. See bench/drills_ha.sh (kafka-scale)."""
import os
import time

from benchlib import Agent, cpu_seconds, delivered_events, event_body, machine_busy, now_ms, table, wait_until

N = int(os.environ.get("HA_SCALE_EVENTS", "3000"))
# HA_SCALE_IN_FLIGHT: the --max_in_flight values to run, each with its event count ("64:3000,4:1200" by default:
# the default of --max_in_flight, and 4, where each agent is bound by the API latency, 40 calls/s, not by CPU).
IN_FLIGHT = [tuple(int(x) for x in v.split(":")) for v in
             os.environ.get("HA_SCALE_IN_FLIGHT", f"64:{N},4:{N * 2 // 5}").split(",")]
# HA_SCALE_WARM=N: each group first delivers N events (not counted) once its agents are ready, so the measured part
# finds every agent's JIT, connections and threads warm instead of N fresh JVMs compiling on the same cores.
WARM = int(os.environ.get("HA_SCALE_WARM", "0"))
LATENCY_MS = 100
PARTITIONS = 12
KEYS = 500


def one(procs, sim, kafka, agents_n, in_flight, n):
    tag, topic, group = f"sc{in_flight}x{agents_n}", f"ha.scale{in_flight}x{agents_n}", f"hs{in_flight}x{agents_n}"
    kafka.create_topic(topic, PARTITIONS)
    agents = [Agent(procs, sim, None, f"{group}a{i}", ["--max_in_flight", str(in_flight)], "", kafka=kafka, group=group,
                    event_topic=topic)
              for i in range(agents_n)]
    for a in agents:
        a.start(wait_ready=False)
    if not wait_until(lambda: all(a.ready() for a in agents), 90, 0.2):
        raise SystemExit(f"agents of group {group} not ready; see {procs.work}")
    time.sleep(3)  # the last join's rebalance settles
    delivered = lambda: sum(a.metric('ilagent_deliveries_total{kind="event",outcome="delivered"') for a in agents)
    if WARM:
        for start in range(0, WARM, 100):
            kafka.produce(topic, [f"k{i % KEYS}\t" + event_body(tag + "w", i, KEYS, now_ms())
                                  for i in range(start, min(WARM, start + 100))])
        wait_until(lambda: delivered() >= WARM, 120, 0.2)
    before = [a.metric('ilagent_deliveries_total{kind="event",outcome="delivered"') for a in agents]
    others = {"simulator": sim.proc.pid, "kafka broker": kafka.proc.pid}
    cpu0 = {a.name: cpu_seconds(a.pid()) for a in agents} | {k: cpu_seconds(p) for k, p in others.items()}
    busy0, wall0 = machine_busy(), time.time()
    t0 = now_ms()
    for start in range(0, n, 100):
        kafka.produce(topic, [f"k{i % KEYS}\t" + event_body(tag, i, KEYS, now_ms()) for i in range(start, min(n, start + 100))])
    produced_s = time.time() - wall0
    wait_until(lambda: delivered() >= sum(before) + n, 120, 0.2)
    busy, wall = machine_busy() - busy0, time.time() - wall0
    cpu = {a.name: cpu_seconds(a.pid()) - cpu0[a.name] for a in agents} | {k: cpu_seconds(p) - cpu0[k] for k, p in others.items()}
    per_agent = [a.metric('ilagent_deliveries_total{kind="event",outcome="delivered"') - b for a, b in zip(agents, before)]
    for a in agents:
        a.stop()
    recv, _ = delivered_events(sim, tag)
    firsts = sorted(min(t) for t in recv.values())
    span = (firsts[-1] - t0) / 1000 if firsts else float("nan")
    # steady state: the middle 80% of the deliveries, without the start (consumers' first fetch, cold JITs) and the tail
    lo, hi = (firsts[len(firsts) // 10], firsts[len(firsts) * 9 // 10]) if firsts else (0, 0)
    steady = (len(firsts) * 9 // 10 - len(firsts) // 10) / ((hi - lo) / 1000) if firsts and hi > lo else 0
    return dict(agents=agents_n, in_flight=in_flight, n=n, delivered=len(recv), dup=sum(len(t) - 1 for t in recv.values()), span=span,
                rate=len(recv) / span if firsts else 0, steady=steady, first_s=(firsts[0] - t0) / 1000 if firsts else 0,
                produced_s=produced_s, per_agent=per_agent,
                cpu_agents=sum(v for k, v in cpu.items() if k not in others), cpu_sim=cpu["simulator"],
                cpu_kafka=cpu["kafka broker"], busy=busy / wall, cores=os.cpu_count())


def scale(procs, sim, kafka):
    sim.reset(LATENCY_MS)
    results = [one(procs, sim, kafka, agents, in_flight, n) for in_flight, n in IN_FLIGHT for agents in (1, 2, 3)]
    base = {r["in_flight"]: r["rate"] for r in results if r["agents"] == 1}
    base_steady = {r["in_flight"]: r["steady"] for r in results if r["agents"] == 1}
    rows = [[r["agents"], r["in_flight"], f'{r["delivered"]}/{r["n"]}', r["dup"], f'{r["span"]:.1f}', f'{r["first_s"]:.1f}',
             f'{r["rate"]:.0f}', f'{r["rate"] / base[r["in_flight"]]:.2f}x', f'{r["steady"]:.0f}',
             f'{r["steady"] / base_steady[r["in_flight"]]:.2f}x' if base_steady[r["in_flight"]] else "-",
             "/".join(f"{x:.0f}" for x in r["per_agent"]),
             f'{r["cpu_agents"]:.1f}', f'{r["cpu_agents"] / max(1, r["delivered"]) * 1000:.2f}',
             f'{r["cpu_sim"]:.1f}', f'{r["cpu_kafka"]:.1f}', f'{r["busy"]:.2f} of {r["cores"]}'] for r in results]
    print(table(["agents in the group", "--max_in_flight", "delivered/sent", "dup", "s (first produce to last delivery)",
                 "s to first delivery", "events/s", "vs 1 agent", "steady events/s (middle 80%)", "steady vs 1 agent",
                 "delivered per agent", "CPU s agents", "agents' CPU s per 1000 events", "CPU s simulator", "CPU s broker",
                 "machine busy (cores)"], rows), flush=True)
    took = ", ".join(f"{r['produced_s']:.1f} s" for r in results)
    notes = [f"kafka-scale: {PARTITIONS} partitions, {KEYS} alert keys, API latency {LATENCY_MS} ms; "
             f"produce took {took}"]
    return rows, notes
