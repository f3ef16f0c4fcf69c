"""Does memory stay bounded under a long stream of bad input? One agent with the HTTP server, MQTT QoS 1
buffered and Kafka takes broken payloads (3 per good one, the same kinds as the bad-input drill) on all three
for several minutes while its RSS, heap and dead letters are sampled every few seconds into a CSV.
See bench/memory.sh."""
import csv
import os
import random
import subprocess
import sys
import threading
import time

from benchlib import Mosquitto, Procs, Simulator, machine, status_kb, wait_until
from drills import bad_payloads, count, paced_http, paced_mqtt
from drills_kafka import kafka_agent, paced_kafka

MINUTES = float(sys.argv[1]) if len(sys.argv) > 1 else 9
CSV = sys.argv[2] if len(sys.argv) > 2 else ""
RATE = 5       # good messages per second on each path
PER = 3        # broken payloads before each good one
SAMPLE_S = 5
COLUMNS = ["t_s", "rss_mb", "hwm_mb", "heap_used_mb", "heap_committed_mb", "nonheap_used_mb", "threads",
           "dead_letters", "delivered"]


def sample(a, t0):
    pid = a.pid()
    mb = 1024 * 1024
    return {"t_s": round(time.time() - t0, 1), "rss_mb": round(status_kb(pid, "VmRSS") / 1024, 1),
            "hwm_mb": round(status_kb(pid, "VmHWM") / 1024, 1),
            "heap_used_mb": round(a.metric('jvm_memory_used_bytes{area="heap"') / mb, 1),
            "heap_committed_mb": round(a.metric('jvm_memory_committed_bytes{area="heap"') / mb, 1),
            "nonheap_used_mb": round(a.metric('jvm_memory_used_bytes{area="nonheap"') / mb, 1),
            "threads": int(a.metric("jvm_threads_live_threads")),
            "dead_letters": int(a.metric("ilagent_dead_letters")),
            "delivered": int(a.metric('ilagent_deliveries_total{kind="event",outcome="delivered"'))}


def slope_mb_per_min(rows, key):
    """Least-squares slope of key over t, in MB per minute."""
    n = len(rows)
    if n < 2:
        return float("nan")
    mt = sum(r["t_s"] for r in rows) / n
    mv = sum(r[key] for r in rows) / n
    num = sum((r["t_s"] - mt) * (r[key] - mv) for r in rows)
    den = sum((r["t_s"] - mt) ** 2 for r in rows)
    return num / den * 60 if den else float("nan")


def jcmd(pid, *what):
    java_home = os.environ.get("JAVA_HOME", "")
    out = subprocess.run([os.path.join(java_home, "bin", "jcmd"), str(pid), *what], capture_output=True,
                         text=True, timeout=60)
    return (out.stdout + out.stderr) if out.returncode == 0 else f"jcmd failed ({out.returncode}): {out.stdout} {out.stderr}"


def main():
    procs = Procs()
    try:
        print(f"machine: {machine()}", flush=True)
        sim = Simulator(procs, rate_limit=0)
        mq = Mosquitto(procs)
        topic = "mem.events"  # one event topic for MQTT and Kafka alike
        a = kafka_agent(procs, sim, "mem", topic, 4, ["--mqtt_buffer"], mq=mq)
        n = int(RATE * MINUTES * 60)
        rows, t0, done = [], time.time(), threading.Event()

        def sampler():
            while not done.is_set():
                try:
                    rows.append(sample(a, t0))
                except Exception as e:  # a sample lost is a gap in the CSV, not the end of the run
                    print(f"sample failed: {e}", file=sys.stderr)
                done.wait(SAMPLE_S)

        accepted, pub_k, bad_k = set(), set(), []
        streams = [threading.Thread(target=sampler),
                   threading.Thread(target=paced_http, args=(a.http_port, "mh", n, accepted, threading.Event(),
                                                             bad_payloads(random.Random(1), PER)), kwargs={"rate": RATE}),
                   threading.Thread(target=lambda: bad_k.append(paced_kafka(
                       a.kafka, topic, "mk", n, pub_k, RATE, bad_payloads(random.Random(3), PER))))]
        for t in streams:
            t.start()
        paced_mqtt(procs, mq.port, topic, "mm", n, "mempub", bad_payloads(random.Random(2), PER), rate=RATE)
        for t in streams[1:]:
            t.join()
        pub_m = set(range(n))
        wait_until(lambda: all(count(sim, tag, pub)[2] == 0 for tag, pub in
                               (("mh", accepted), ("mm", pub_m), ("mk", pub_k))), 120, 2)
        time.sleep(2 * SAMPLE_S)
        done.set()
        streams[0].join()
        alive = a.proc.poll() is None
        histogram = jcmd(a.pid(), "GC.class_histogram") if alive else ""
        nmt = jcmd(a.pid(), "VM.native_memory", "summary") if alive and os.environ.get("BENCH_NMT") else ""
        a.stop()
        if CSV:
            with open(CSV, "w", newline="") as f:
                w = csv.DictWriter(f, COLUMNS)
                w.writeheader()
                w.writerows(rows)
        print(f"broken payloads sent: {3 * n * PER} ({n * PER} per path; HTTP answers 400 and stores none)")
        for label, tag, pub in (("HTTP", "mh", accepted), ("MQTT buffered", "mm", pub_m), ("Kafka", "mk", pub_k)):
            d, dup, lost = count(sim, tag, pub)
            print(f"{label}: good published {len(pub)}, delivered {d}, duplicates {dup}, lost {lost}")
        print(f"agent alive at the end: {alive}; dead letters {rows[-1]['dead_letters']}; samples {len(rows)}"
              + (f" written to {CSV}" if CSV else ""))
        q = max(1, len(rows) // 4)
        for label, part in (("first quarter", rows[:q]), ("second quarter", rows[q:2 * q]),
                            ("third quarter", rows[2 * q:3 * q]), ("last quarter", rows[3 * q:])):
            if part:
                print(f"{label}: RSS mean {sum(r['rss_mb'] for r in part) / len(part):.0f} MB, "
                      f"max {max(r['rss_mb'] for r in part):.0f} MB, heap used max {max(r['heap_used_mb'] for r in part):.0f} MB, "
                      f"heap committed max {max(r['heap_committed_mb'] for r in part):.0f} MB")
        half = rows[len(rows) // 2:]
        print(f"second half slope: RSS {slope_mb_per_min(half, 'rss_mb'):+.2f} MB/min, "
              f"heap committed {slope_mb_per_min(half, 'heap_committed_mb'):+.2f} MB/min, "
              f"non-heap {slope_mb_per_min(half, 'nonheap_used_mb'):+.2f} MB/min")
        if histogram:
            lines = histogram.splitlines()
            print("class histogram at the end (live objects after a full GC; top 12):\n" + "\n".join(lines[:15] + lines[-1:]))
        if nmt:
            print(nmt)
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
