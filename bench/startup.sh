#!/usr/bin/env bash
# Start-up of the one-shot `ilagent event`, paired with a bare `java -version` of the same JDK: the two run in
# turn (A B A B ...), so each ratio compares runs made a moment apart and holds while the machine's speed drifts.
# Prints the medians of wall time, CPU time (user + sys) and peak RSS, and the median of the per-pair ratios.
# Variants:
#   event       bin/ilagent event ... against the standalone ilert simulator (bin/ilert-simulator, plain http)
#   event-tls   the same with --ilert_url https://... to a closed local port: the JDK's TLS context is built,
#               then the connection is refused (exit 75); what https costs on top before any handshake
#   launcher    bin/ilagent with a stand-in JDK whose java exits at once: the launcher script alone
#   before      `bin/ilagent event` of another checkout (BEFORE=dir, e.g. a `git worktree` of an older commit with
#               its jar built), against the same simulator
# Usage: bench/startup.sh [rounds=20] [variant ...] (default: event event-tls launcher). Figures, not assertions.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rounds="${1:-20}"
shift || true
variants=("$@")
((${#variants[@]})) || variants=(event event-tls launcher)
cd "$root"
source bin/find-java
java_bin="$(find_java)"
export JAVA_HOME="$(dirname "$(dirname "$java_bin")")"
work="$(mktemp -d)"
sim_pid=""
cleanup() { [[ -z "$sim_pid" ]] || kill "$sim_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
bin/ilert-simulator --port "$port" --quiet >"$work/sim.log" 2>&1 &
sim_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
  kill -0 "$sim_pid" 2>/dev/null || { echo "simulator died: $(cat "$work/sim.log")" >&2; exit 1; }
  sleep 0.2
done

# A stand-in JDK for the launcher alone: the real release file, a java that exits at once.
mkdir -p "$work/jdk/bin"
cp "$JAVA_HOME/release" "$work/jdk/"
printf '#!/bin/sh\nexit 0\n' >"$work/jdk/bin/java"
chmod +x "$work/jdk/bin/java"

sim="127.0.0.1:$port"
closed="127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$java_bin" -version 2>&1 | head -1); $rounds rounds"
# Each run timed by Python from outside: wall clock, and the process's own CPU (user + sys) and peak RSS as the
# kernel accounts them at its end (wait4).
mkdir -p "$work/cache-tls"
python3 - "$rounds" "$JAVA_HOME" "$work" "$sim" "$closed" "${variants[@]}" <<'EOF_PY'
import os, statistics, subprocess, sys, time
rounds, java_home, work, sim, closed = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
variants = sys.argv[6:]
stand_in = f"{work}/jdk"
event = ["bin/ilagent", "event", "-k", "il1api-bench", "-t", "ALERT", "-s", "bench", "--ilert_url"]
commands = {
    "java -version": ([f"{java_home}/bin/java", "-version"], None),
    "event": (event + [f"http://{sim}"], None),
    # its own AOT cache, recorded on this path (TLS classes included), as an installation talking to ilert has
    "event-tls": (event + [f"https://{closed}"], dict(os.environ, ILAGENT_CACHE_DIR=f"{work}/cache-tls")),
    "launcher": (event + [f"http://{sim}"], dict(os.environ, JAVA_HOME=stand_in)),
    "before": ([os.environ.get("BEFORE", "BEFORE-not-set") + "/bin/ilagent"] + event[1:] + [f"http://{sim}"], None),
}
def run(name):
    cmd, env = commands[name]
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - start, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024
# warm-up: the launcher's first runs of event record its classes and build its AOT cache (JDK 25+)
for _ in range(3):
    for v in variants:
        run(v)
    run("java -version")
results = {v: [] for v in variants}
base = {v: [] for v in variants}
for _ in range(rounds):
    for v in variants:
        results[v].append(run(v))
        base[v].append(run("java -version"))  # its pair, a moment later
allbase = [r for v in variants for r in base[v]]
med = lambda xs: statistics.median(xs)
print(f"{'variant':14} {'wall ms':>8} {'cpu ms':>8} {'peak MB':>8} {'wall/java':>10} {'cpu/java':>9}  (medians; ratios pair by pair)")
print(f"{'java -version':14} {med(r[0] for r in allbase)*1000:8.0f} {med(r[1] for r in allbase)*1000:8.0f} {med(r[2] for r in allbase):8.0f} {1:10.1f} {1:9.1f}")
for v in variants:
    a, b = results[v], base[v]
    print(f"{v:14} {med(r[0] for r in a)*1000:8.0f} {med(r[1] for r in a)*1000:8.0f} {med(r[2] for r in a):8.0f} "
          f"{med(x[0]/y[0] for x, y in zip(a, b)):10.1f} {med(x[1]/max(y[1], 1e-3) for x, y in zip(a, b)):9.1f}")
EOF_PY
