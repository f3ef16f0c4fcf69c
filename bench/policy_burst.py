"""Policy sync economy: a shift-change burst of escalation-policy updates over MQTT (buffered) against the
simulator enforcing ilert's 120 REST calls per minute per API key. The agent as it is ("java") and the
agent configured like ilagent 0.9.0 ("ilagent-style") run side by side, each with its own simulator and
the same burst. See bench/policy_burst.sh."""
import json
import random
import sys
import threading
import time

from benchlib import (Agent, Mosquitto, MqttPublisher, Procs, Simulator, cpu_seconds, machine, now_ms,
                      table, iso_ms)

UPDATES = int(sys.argv[1]) if len(sys.argv) > 1 else 500
LIMIT_S = int(sys.argv[2]) if len(sys.argv) > 2 else 180
POLICIES, LEVELS, USERS = 50, 3, 20
VARIANTS = {"java": [], "ilagent-style": ["--max_in_flight", "1", "--user_cache_ttl", "0"]}


def burst(seed_user):
    """500 messages: a level picked at random (some levels busier), 20% an exact repeat of the level's
    previous message, 10% a no-op (the user already on the level). Returns messages and final expectation."""
    rnd = random.Random(9)
    msgs, last = [], {}
    for _ in range(UPDATES):
        p = min(POLICIES - 1, int(rnd.expovariate(1 / 18)))
        lv = rnd.randrange(LEVELS)
        key = (p, lv)
        r = rnd.random()
        if r < 0.2 and key in last:
            u = last[key]
        elif r < 0.3:
            u = last.get(key, seed_user(p, lv))
        else:
            u = rnd.randrange(USERS)
        last[key] = u
        msgs.append(json.dumps({"location": f"p{p}", "data": {"email": f"u{u}@example.com", "shift": lv}}))
    return msgs, last


def state_users(sim):
    out = {}
    for pol in sim.get_state()["policies"]:
        p = int(pol["routingKey"][1:])
        for lv, rule in enumerate(pol.get("escalationRules", [])):
            out[(p, lv)] = [u["id"] for u in rule.get("users", [])]
    return out


def run(procs, mq, idx, variant, msgs, last, result):
    sim = Simulator(procs, rate_limit=120)
    ids = sim.seed_policies(POLICIES, LEVELS, USERS)
    seed = state_users(sim)
    expect = dict(seed)
    for (p, lv), u in last.items():
        expect[(p, lv)] = [ids[u]]
    effective = sum(1 for k in expect if expect[k] != seed[k])
    agent = Agent(procs, sim, mq, f"pb{idx}", VARIANTS[variant] + ["--mqtt_buffer"], f"burst/{idx}").start()
    cpu0 = cpu_seconds(agent.pid())
    pub = MqttPublisher(procs, mq.port, f"burst/{idx}/policy", f"bpub{idx}")
    t0 = now_ms()
    for m in msgs:
        pub.publish(m)
    pub.close()
    reached = None
    end = time.time() + LIMIT_S
    while time.time() < end:
        if state_users(sim) == expect:
            reached = (now_ms() - t0) / 1000
            break
        time.sleep(1)
    cpu = cpu_seconds(agent.pid()) - cpu0
    final = state_users(sim)
    agent.stop()
    reqs = [r for r in sim.requests() if r["path"].startswith("/api/")]
    result[variant] = dict(
        effective=effective, calls=len(reqs), r429=sum(1 for r in reqs if r["status"] == 429),
        puts=sum(1 for r in reqs if r["method"] == "PUT" and r["status"] == 200),
        policy_puts=sum(1 for r in reqs if r["method"] == "PUT" and r["status"] == 200 and "/levels/" not in r["path"]),
        searches=sum(1 for r in reqs if r["path"].startswith("/api/users")),
        reads=sum(1 for r in reqs if r["method"] == "GET" and r["path"].startswith("/api/escalation-policies")),
        reached=reached, correct=sum(1 for k in expect if final.get(k) == expect[k]), levels=len(expect),
        wrong_now=sum(1 for k in expect if final.get(k) != expect[k]), cpu=cpu)


def main():
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        mq = Mosquitto(procs)
        seed_user = lambda p, lv: (p + lv) % USERS  # as Simulator.seed_policies assigns them
        msgs, last = burst(seed_user)
        print(f"burst: {len(msgs)} policy messages over {POLICIES} policies x {LEVELS} levels "
              f"({len(last)} levels touched); rate limit 120/min per API key; bound {LIMIT_S} s per variant", flush=True)
        result = {}
        ts = [threading.Thread(target=run, args=(procs, mq, i, v, msgs, last, result)) for i, v in enumerate(VARIANTS)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        rows = []
        for v, r in result.items():
            rows.append([v, len(msgs), r["effective"], r["calls"], f'{r["calls"] / max(1, r["effective"]):.2f}',
                         r["searches"], r["reads"], f'{r["puts"]} ({r["policy_puts"]})', r["r429"], "not within %d s" % LIMIT_S if r["reached"] is None else f'{r["reached"]:.0f} s',
                         f'{r["correct"]}/{r["levels"]}', f'{r["cpu"]:.1f}'])
        print()
        print(table(["agent", "messages", "effective updates", "ilert REST calls", "calls per effective update",
                     "user searches", "policy reads", "PUTs (of the whole policy)", "429 answers", "time to final state", "levels correct at end", "agent CPU s"], rows))
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
