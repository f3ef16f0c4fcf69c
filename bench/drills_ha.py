"""Drills with several agents (issue 17): three agents in one Kafka consumer group under SIGKILL and a rolling
restart, with policy updates checked against the simulator's PUT log; the group's throughput with one, two and
three agents side by side (bench/drills_ha_scale.py); two agents in one MQTT shared subscription
(bench/drills_ha_mqtt.py). See bench/drills_ha.sh. Figures, not assertions."""
import json
import re
import signal
import sys
import threading
import time

from benchlib import Agent, KafkaBroker, Procs, Simulator, event_body, machine, now_ms, table, wait_until
from drills import count

POLICIES, LEVELS, USERS = 10, 3, 80  # 30 levels; a level's updates name users that differ from update to update
LEVEL_PATH = re.compile(r"^/api/escalation-policies/(\d+)/levels/(\d+)$")
POLICY_PATH = re.compile(r"^/api/escalation-policies/(\d+)$")


class PolicyStream:
    """Updates of POLICIES x LEVELS levels, numbered per level 0, 1, 2, ...; update s of a level names a user that
    no other update of that level names, so the simulator's PUT log tells which update each PUT applied."""

    def __init__(self, sim, policies=POLICIES, levels=LEVELS):
        self.policies, self.levels = policies, levels
        self.ids = sim.seed_policies(policies, levels, USERS)
        self.sent = {}  # (routing key, level) -> updates published so far

    def user(self, p, lv, s):
        return (p + lv + 1 + s) % USERS  # never the seeded user (p + lv) for s < USERS - 1

    def payload(self, p, lv, s):
        # ts: the source's time, for --map_key_timestamp ts (ignored without the flag)
        return json.dumps({"location": f"p{p}", "ts": int(now_ms()),
                           "data": {"email": f"u{self.user(p, lv, s)}@example.com", "shift": lv}})

    def round(self):
        """One update for every level: (routing key, payload) pairs; at most USERS - 2 rounds."""
        out = []
        for p in range(self.policies):
            for lv in range(self.levels):
                s = self.sent.get((f"p{p}", lv), 0)
                out.append((f"p{p}", self.payload(p, lv, s)))
                self.sent[(f"p{p}", lv)] = s + 1
        return out

    @staticmethod
    def written(request, key_of):
        """(routing key, level, user ids, carried) per level a successful PUT wrote: one for a level's PUT, every
        level for a policy's PUT (carried: it may only carry the level as it was)."""
        m = LEVEL_PATH.match(request["path"])
        if m:
            return [(key_of.get(int(m.group(1))), int(m.group(2)),
                     [u["id"] for u in json.loads(request["body"]).get("users", [])], False)]
        m = POLICY_PATH.match(request["path"])
        if not m:
            return []
        rules = json.loads(request["body"]).get("escalationRules", [])
        return [(key_of.get(int(m.group(1))), lv, [u["id"] for u in rule.get("users", [])], True)
                for lv, rule in enumerate(rules)]

    def check(self, sim):
        """From the PUT log: per level the update each successful PUT applied, in the order the simulator answered.
        Answers (PUTs, older-after-newer PUTs, repeated PUTs, levels not at their latest update, examples)."""
        state = sim.get_state()
        key_of = {pol["id"]: pol.get("routingKey") for pol in state["policies"]}
        seq_of = {}
        for (rk, lv), n in self.sent.items():
            p = int(rk[1:])
            for s in range(n):
                seq_of[(rk, lv, self.ids[self.user(p, lv, s)])] = s
        applied, puts, older, repeated, examples = {}, 0, 0, 0, []
        for r in sim.requests():
            if r["method"] != "PUT" or r["status"] != 200:
                continue
            for rk, lv, users, carried in self.written(r, key_of):
                s = seq_of.get((rk, lv, users[0])) if len(users) == 1 else None
                seen = applied.setdefault((rk, lv), [])
                if s is None or (carried and seen and s == seen[-1]):
                    continue  # a policy's PUT carries the levels it does not change as they are
                puts += 1
                if seen and s < max(seen):
                    older += 1
                    if len(examples) < 5:
                        examples.append(f"{rk}/{lv}: update {s} after {max(seen)} (PUTs so far {seen[-6:]})")
                elif s in seen:
                    repeated += 1
                seen.append(s)
        stale = 0
        for pol in state["policies"]:
            for lv, rule in enumerate(pol.get("escalationRules", [])):
                n = self.sent.get((pol.get("routingKey"), lv))
                if n:
                    want = self.ids[self.user(int(pol["routingKey"][1:]), lv, n - 1)]
                    stale += [u["id"] for u in rule.get("users", [])] != [want]
        return puts, older, repeated, stale, examples


def retried(produce, tries=20):
    """True once the broker acknowledged; a policy round that is never acknowledged counts as published anyway."""
    for _ in range(tries):
        try:
            produce()
            return True
        except Exception:
            time.sleep(0.2)
    return False


def group_agents(procs, sim, kafka, n, group, policy_topic, event_topic, extra=()):
    flags = ["--policy_topic", policy_topic, "--policy_routing_keys", "location"] + list(extra)
    agents = [Agent(procs, sim, None, f"{group}{i}", flags, "", kafka=kafka, group=group, event_topic=event_topic)
              for i in range(n)]
    for a in agents:
        a.start(wait_ready=False)
    if not wait_until(lambda: all(a.ready() for a in agents), 90, 0.2):
        raise SystemExit(f"agents of group {group} not ready; see {procs.work}")
    return agents


def drill_kafka_group(procs, sim, kafka, latency_ms=20, event_rate=20, round_s=2.0):
    """Three agents, one group, 12 partitions (policy records keyed by routing key, events by alert key): SIGKILL
    of one agent and its restart, then a rolling restart of all three with SIGTERM, while updates and events flow."""
    sim.reset()
    stream = PolicyStream(sim)
    sim.ctl(f"latency?ms={latency_ms}")
    kafka.create_topic("ha.policy", 12)
    kafka.create_topic("ha.events", 12)
    agents = group_agents(procs, sim, kafka, 3, "ha", "ha.policy", "ha.events")
    done, published, log = threading.Event(), set(), []
    t0 = time.time()

    def note(what):
        log.append(f"{time.time() - t0:5.1f} s {what}")
        print(f"kafka-group: {log[-1]}", flush=True)

    def produce():
        i, next_round = 0, time.time()
        while not done.is_set():
            if time.time() >= next_round and max(stream.sent.values(), default=0) < USERS - 2:
                retried(lambda: kafka.produce("ha.policy", [f"{rk}\t{v}" for rk, v in stream.round()]))
                next_round += round_s
            if retried(lambda: kafka.produce("ha.events", [f"k{i % 200}\t" + event_body("ha", i, 200, now_ms())])):
                published.add(i)
            i += 1
            time.sleep(1 / event_rate)

    producer = threading.Thread(target=produce)
    producer.start()
    time.sleep(10)
    note("SIGKILL agent ha1")
    agents[1].stop(signal.SIGKILL)
    time.sleep(5)
    agents[1].start()
    note("agent ha1 restarted and ready")
    time.sleep(8)
    for a in agents:
        note(f"SIGTERM agent {a.name}")
        a.stop()
        a.start()
        note(f"agent {a.name} restarted and ready")
        time.sleep(3)
    time.sleep(5)
    done.set()
    producer.join()
    note("stream ended")
    wait_until(lambda: count(sim, "ha", published)[2] == 0 and stream.check(sim)[3] == 0, 90, 1)
    note("drained")
    d, dup, lost = count(sim, "ha", published)
    puts, older, repeated, stale, examples = stream.check(sim)
    updates = sum(stream.sent.values())
    dead = sum(a.metric("ilagent_dead_letters") for a in agents)
    for a in agents:
        a.stop()
    rows = [["3 agents, 1 group, 12 partitions: SIGKILL + restart, rolling SIGTERM restart of all 3",
             len(published), d, dup, lost, f"{updates} to {len(stream.sent)} levels", puts, older, repeated, stale]]
    notes = ["kafka-group timeline: " + "; ".join(log), f"kafka-group: dead letters at the end {dead:.0f}"]
    notes += [f"kafka-group older-after-newer example: {e}" for e in examples]
    return rows, notes


HEADERS = ["drill", "events published", "delivered", "duplicates", "lost", "policy updates published", "PUTs applied",
           "older after newer", "repeated PUTs", "levels not at latest"]


def main():
    which = sys.argv[1].split(",") if len(sys.argv) > 1 else ["kafka-group", "kafka-scale", "mqtt-shared"]
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        sim = Simulator(procs, rate_limit=0)
        kafka = KafkaBroker(procs) if any(w.startswith("kafka") for w in which) else None
        for w in which:
            t0 = time.time()
            if w == "kafka-group":
                rows, notes = drill_kafka_group(procs, sim, kafka)
                print(table(HEADERS, rows))
            elif w == "kafka-scale":
                import drills_ha_scale
                rows, notes = drills_ha_scale.scale(procs, sim, kafka)
            elif w == "mqtt-shared":
                import drills_ha_mqtt
                rows, notes = drills_ha_mqtt.shared(procs, sim)
            else:
                raise SystemExit(f"unknown drill {w}")
            for n in notes:
                print(n)
            print(f"{w}: {time.time() - t0:.0f} s", flush=True)
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
