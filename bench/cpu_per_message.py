"""CPU per policy update against CPU per event on one warmed agent (the java variant, --mqtt_buffer, 0 ms API
latency): see bench/cpu_per_message.sh."""
import glob
import json
import os
import re
import subprocess
import sys
import time
import types

ROOTS = [os.path.abspath(r) for r in (sys.argv[1:] or [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))])]
sys.path.insert(0, os.path.join(ROOTS[0], "bench"))
import benchlib  # noqa: E402
from benchlib import (Agent, Mosquitto, MqttPublisher, Procs, Simulator, cpu_seconds, event_body, machine,  # noqa: E402
                      table, wait_until)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))  # measured policy rounds of POLICIES x LEVELS updates each
EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
POLICIES, LEVELS, USERS = 50, 3, 20
POLL_S = 0.5  # how often the script asks the agent's /metrics; its cost is measured on the idle agent and subtracted
PERF = os.environ.get("BENCH_PERF")  # a file prefix: record each measured phase with `perf record` (needs perf)
JFR = os.environ.get("BENCH_JFR")  # a file prefix: record each measured phase with JFR (settings=profile)


def thread_cpu(pid):
    """CPU seconds by thread name (digits folded, so delivery-1..16 count as one)."""
    out = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as f:
                name = re.sub(r"[0-9]+", "N", f.read().strip())
            with open(task + "/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        out[(name, task)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def by_thread(before, after, n):
    total = {}
    for key, cpu in after.items():
        total[key[0]] = total.get(key[0], 0) + cpu - before.get(key, 0)
    return {name: round(cpu / n * 1000, 3) for name, cpu in sorted(total.items(), key=lambda x: -x[1]) if cpu > 0}


def jcmd(pid, *args):
    subprocess.run([os.path.join(os.environ["JAVA_HOME"], "bin", "jcmd"), str(pid), *args], capture_output=True)


def record(pid, tag):
    """Starts the recorders asked for (BENCH_PERF, BENCH_JFR) for one measured phase."""
    if JFR:
        # CPU-time samples too (JDK 25): the execution samples of settings=profile miss threads in native code
        # (SQLite, sockets), where much of a delivery's CPU goes
        jcmd(pid, "JFR.start", "name=phase", "settings=profile", "jdk.CPUTimeSample#enabled=true",
             "jdk.CPUTimeSample#throttle=1ms", f"filename={JFR}-{tag}.jfr")
    rec = None
    if PERF:
        rec = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "-p", str(pid), "-o",
                                f"{PERF}-{tag}.data"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return pid, rec


def record_stop(recording):
    pid, rec = recording
    if JFR:
        jcmd(pid, "JFR.stop", "name=phase")
    if rec:
        rec.send_signal(2)
        rec.wait(60)


def knows_api_rate(root):
    """Whether the checkout's agent has --ilert_api_rate (older ones, from before pacing, refuse the flag)."""
    return subprocess.run(["grep", "-rqF", "ilert_api_rate", os.path.join(root, "src", "main")]).returncode == 0


def run(procs, sim, mq, root, tag):
    sim.reset(0)
    sim.seed_policies(POLICIES, LEVELS, USERS)
    current = {(p, lv): (p + lv) % USERS for p in range(POLICIES) for lv in range(LEVELS)}
    benchlib.ROOT = root  # the agent of this checkout: its bin/ilagent, run from there
    agent = Agent(procs, sim if knows_api_rate(root) else types.SimpleNamespace(url=sim.url, rate_limit=None), mq,
                  f"cpu-{tag}", ["--mqtt_buffer"] + os.environ.get("BENCH_AGENT_ARGS", "").split(), f"bench/{tag}").start()
    pid = agent.pid()
    done = {"policy": 0, "event": 0}

    def delivered(kind):
        return agent.metric(f'ilagent_deliveries_total{{kind="{kind}",outcome="delivered"')

    def policy_round(r):
        """One effective update of every level: never the user already there."""
        pub = MqttPublisher(procs, mq.port, f"bench/{tag}/policy", f"pp{tag}{r}")
        for p in range(POLICIES):
            for lv in range(LEVELS):
                u = (current[(p, lv)] + 1 + r) % USERS
                u = (u + 1) % USERS if u == current[(p, lv)] else u
                current[(p, lv)] = u
                pub.publish(json.dumps({"location": f"p{p}", "data": {"email": f"u{u}@example.com", "shift": lv}}))
        pub.close()
        done["policy"] += POLICIES * LEVELS
        if not wait_until(lambda: delivered("policy_update") >= done["policy"], 120, POLL_S):
            raise SystemExit(f"policy round {r} did not finish; see {procs.work}")

    def event_burst(r, n):
        pub = MqttPublisher(procs, mq.port, f"bench/{tag}/events", f"pe{tag}{r}")
        for i in range(n):
            pub.publish(event_body(f"{tag}{r}", i, 500, time.time() * 1000))
        pub.close()
        done["event"] += n
        if not wait_until(lambda: delivered("event") >= done["event"], 120, POLL_S):
            raise SystemExit(f"event burst {r} did not finish; see {procs.work}")

    def api_calls():
        return sum(1 for q in sim.requests() if q["path"].startswith("/api/"))

    # What bench/throughput.sh measures: the first burst on a fresh agent, start-up costs of the path included.
    c0 = cpu_seconds(pid)
    policy_round(0)
    cold = (cpu_seconds(pid) - c0) / (POLICIES * LEVELS)
    event_burst(0, 500)  # the event path warmed up too
    # The script's own polling of /metrics, on the idle agent: CPU seconds per second.
    c0, t0 = cpu_seconds(pid), time.time()
    wait_until(lambda: delivered("event") < 0, 5, POLL_S)
    polling = (cpu_seconds(pid) - c0) / (time.time() - t0)

    calls0 = api_calls()
    rec = record(pid, f"{tag}-policy")
    th0, c0, t0 = thread_cpu(pid), cpu_seconds(pid), time.time()
    per_round = []  # CPU ms per update of each round (polling not subtracted): does it still fall, i.e. warm up?
    per_round_net = []  # the same with the polling subtracted
    for r in range(1, ROUNDS + 1):
        c_round, t_round = cpu_seconds(pid), time.time()
        policy_round(r)
        cpu_round, wall_round = cpu_seconds(pid) - c_round, time.time() - t_round
        per_round.append(round(cpu_round / (POLICIES * LEVELS) * 1000, 2))
        per_round_net.append((cpu_round - polling * wall_round) / (POLICIES * LEVELS) * 1000)
    pol_cpu, pol_wall, th1 = cpu_seconds(pid) - c0, time.time() - t0, thread_cpu(pid)
    record_stop(rec)
    calls = api_calls() - calls0
    rec = record(pid, f"{tag}-event")
    c0, t0 = cpu_seconds(pid), time.time()
    event_burst(1, EVENTS)
    ev_cpu, ev_wall, th2 = cpu_seconds(pid) - c0, time.time() - t0, thread_cpu(pid)
    record_stop(rec)
    if PERF:  # JIT-compiled methods' names for perf report
        jcmd(pid, "Compiler.perfmap")
    agent.stop()
    n = ROUNDS * POLICIES * LEVELS
    pol_net = (pol_cpu - polling * pol_wall) / n
    ev_net = (ev_cpu - polling * ev_wall) / EVENTS
    # The later half of the rounds: the policy path warmed up (its CPU per round still falls over the first rounds,
    # while the event path has had 500 events before its burst and 2000 in it)
    later = per_round_net[ROUNDS // 2:]
    later_ms = sum(later) / len(later)
    return dict(root=root, tag=tag, pid=pid, later_rounds_ms=later_ms, later_ratio=later_ms / (ev_net * 1000), cold_ms=cold * 1000, policy_ms=pol_cpu / n * 1000, event_ms=ev_cpu / EVENTS * 1000,
                policy_net_ms=pol_net * 1000, event_net_ms=ev_net * 1000, ratio=pol_net / ev_net,
                calls_per_update=calls / n, policy_rounds_ms=per_round, policy_ms_per_call=pol_net * n / calls * 1000, polling_ms_per_s=polling * 1000,
                policy_threads=by_thread(th0, th1, n), event_threads=by_thread(th1, th2, EVENTS))


def main():
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        # the simulator of this script's checkout, which knows every call the newest agent makes (an older
        # checkout's simulator answers 405 to a policy's PUT, and the agent then writes level by level)
        benchlib.ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        sim = Simulator(procs, rate_limit=0)
        mq = Mosquitto(procs)
        results = []
        for i, root in enumerate(ROOTS):
            r = run(procs, sim, mq, root, f"c{i}")
            print(json.dumps(r), flush=True)
            results.append(r)
        print()
        print(table(["checkout", "policy ms (first 150, cold)", "policy ms/update", "event ms/event",
                     "policy/event", "later half of rounds: ms/update, /event", "ilert calls/update",
                     "policy ms/ilert call", "polling ms/s (subtracted)"],
                    [[r["root"], f'{r["cold_ms"]:.2f}', f'{r["policy_net_ms"]:.2f}', f'{r["event_net_ms"]:.2f}',
                      f'{r["ratio"]:.2f}x', f'{r["later_rounds_ms"]:.2f}, {r["later_ratio"]:.2f}x',
                      f'{r["calls_per_update"]:.2f}', f'{r["policy_ms_per_call"]:.2f}',
                      f'{r["polling_ms_per_s"]:.1f}'] for r in results]))
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
