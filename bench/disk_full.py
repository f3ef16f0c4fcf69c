"""Disk-full drill: the agents' SQLite files live on a 3 MiB tmpfs that fills up while ilert answers 503 and
messages keep arriving (MQTT buffered, MQTT direct, HTTP). Reports ilert calls per second and log lines while
full, what /ready said, then frees the space, lets ilert recover and counts lost / duplicated. See
bench/disk_full.sh."""
import json
import os
import subprocess
import sys
import threading
import time

from benchlib import (Agent, Mosquitto, MqttPublisher, Procs, Simulator, count_lines, delivered_events, event_body,
                      http, machine, table, wait_until)

FULL_S = int(sys.argv[1]) if len(sys.argv) > 1 else 60   # seconds with a full disk and ilert answering 503
RATE = 10                                                # messages per second per stream
LEVELS = 50


def fill(path):
    """Writes zeros until the filesystem is full; returns the bytes written."""
    written = 0
    with open(path, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
                written += 65536
        except OSError:
            pass
    return written


def ready_codes(agent):
    try:
        return http("GET", f"http://127.0.0.1:{agent.http_port}/ready", timeout=2)[0]
    except Exception:
        return None


def main():
    procs = Procs()
    mnt = os.path.join(procs.work, "disk")
    os.makedirs(mnt)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt], check=True)
    try:
        print(f"machine: {machine()}", flush=True)
        sim = Simulator(procs, rate_limit=0)
        mq = Mosquitto(procs)
        sim.ctl("reset")
        ids = sim.seed_policies(LEVELS, 1, 10)
        verbose = ["-v"] if os.environ.get("BENCH_VERBOSE") else []
        buffered = Agent(procs, sim, mq, "dfb", ["--mqtt_buffer"] + verbose, "df/b", db=os.path.join(mnt, "b.db3")).start()
        direct = Agent(procs, sim, mq, "dfd", verbose, "df/d", db=os.path.join(mnt, "d.db3")).start()
        sim.ctl("fail?status=503&count=100000000&path=/api/")
        filler = os.path.join(mnt, "filler")
        print(f"filled {fill(filler)} bytes", flush=True)
        calls0, logs0 = len(sim.requests()), count_lines(procs.work)
        expect, accepted, codes = {}, set(), {"dfb": set(), "dfd": set()}
        pubs = {a.name: (MqttPublisher(procs, mq.port, f"df/{a.name[-1]}/events", a.name + "e"),
                         MqttPublisher(procs, mq.port, f"df/{a.name[-1]}/policy", a.name + "p")) for a in (buffered, direct)}
        n, t0 = 0, time.time()
        while time.time() - t0 < FULL_S:
            t_next = time.time() + 1 / RATE
            for a in (buffered, direct):
                events, policy = pubs[a.name]
                events.publish(event_body(a.name, n, 100, time.time() * 1000))
                u = (n * 7 + len(a.name)) % 10
                expect[f"p{n % LEVELS}"] = ids[u]
                policy.publish(json.dumps({"location": f"p{n % LEVELS}", "data": {"email": f"u{u}@example.com", "shift": 0}}))
                codes[a.name].add(ready_codes(a))
            status, _ = http("POST", f"http://127.0.0.1:{buffered.http_port}/api/events",
                             event_body("dfh", n, 100, time.time() * 1000))
            if status == 202:
                accepted.add(n)
            n += 1
            time.sleep(max(0, t_next - time.time()))
        for events, policy in pubs.values():
            events.close()
            policy.close()
        calls, logs = len(sim.requests()) - calls0, count_lines(procs.work) - logs0
        alive = [a.name for a in (buffered, direct) if a.proc.poll() is None]
        os.remove(filler)
        sim.ctl("faults/clear")
        t_free = time.time()

        def levels_right():
            st = sim.get_state()
            right = sum(1 for p in st["policies"] if [u["id"] for u in p["escalationRules"][0].get("users", [])]
                        == [expect.get(p["routingKey"])])
            return right
        published = set(range(n))
        done = lambda: (levels_right() == LEVELS and all(
            not [i for i in published if i not in delivered_events(sim, tag)[0]] for tag in ("dfb", "dfd"))
            and not [i for i in accepted if i not in delivered_events(sim, "dfh")[0]])
        wait_until(done, 180, 2)
        recover = time.time() - t_free
        rows = []
        for tag, pub in (("dfb", published), ("dfd", published), ("dfh", accepted)):
            recv, _ = delivered_events(sim, tag)
            lost = len([i for i in pub if i not in recv])
            dup = sum(len(t) - 1 for i, t in recv.items() if i in pub)
            rows.append([{"dfb": "MQTT buffered", "dfd": "MQTT direct", "dfh": "HTTP"}[tag], len(pub), lost, dup])
        print()
        print(f"full for {FULL_S} s with ilert answering 503: {calls} ilert calls ({calls / FULL_S:.1f}/s), "
              f"{logs} log lines, agents alive: {alive}, /ready answers while full: "
              f"buffered {sorted(c for c in codes['dfb'] if c)}, direct {sorted(c for c in codes['dfd'] if c)}; "
              f"HTTP accepted {len(accepted)} of {n}")
        print(f"after space returned and ilert recovered: {levels_right()}/{LEVELS} levels right, "
              f"everything delivered after {recover:.0f} s")
        print(table(["path", "published (HTTP: accepted)", "lost", "dup"], rows))
        buffered.stop()
        direct.stop()
    finally:
        for p in reversed(procs.started):
            procs.stop(p, timeout=10)
        subprocess.run(["umount", "-l", mnt])
        procs.stop_all()


if __name__ == "__main__":
    main()
