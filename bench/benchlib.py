"""Shared helpers of the bench/ scripts: start the simulator, mosquitto and the agent on free loopback
ports, drive them, read /proc figures, and stop exactly the processes started here (by PID).
Every wait is bounded in time. Figures, not assertions."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client as httpclient
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = "sim-api-key"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def now_ms():
    return time.time() * 1000.0


def wait_until(pred, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if pred():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False


def http(method, url, body=None, timeout=10):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def machine_busy():
    """Seconds of CPU the whole machine spent busy so far (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return (sum(v[:8]) - idle) / CLK_TCK


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(p / 100.0 * len(v) + 0.5)) - 1))]


def java_version():
    out = subprocess.run([os.path.join(ROOT, "bin", "ilagent"), "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def machine():
    mem = 0
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), {mem} MB, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"


class Procs:
    """Processes started here; stop() ends each by its PID, never by name."""

    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="ilagent-bench-")
        self.started = []

    def spawn(self, args, name, env=None, stdin=None):
        out = open(os.path.join(self.work, name + ".out"), "ab")
        err = open(os.path.join(self.work, name + ".err"), "ab")
        p = subprocess.Popen(args, stdout=out, stderr=err, stdin=stdin, env=env, cwd=ROOT)
        self.started.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM, timeout=40):
        if p.poll() is None:
            try:
                p.send_signal(sig)
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def stop_all(self):
        for p in reversed(self.started):
            if p.poll() is None:
                self.stop(p, timeout=10)
        if os.environ.get("BENCH_KEEP"):
            print(f"logs and databases kept in {self.work}", file=sys.stderr)
        else:
            import shutil
            shutil.rmtree(self.work, ignore_errors=True)


class Simulator:
    def __init__(self, procs, rate_limit=0):
        self.rate_limit = rate_limit
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = procs.spawn([os.path.join(ROOT, "bin", "ilert-simulator"), "--port", str(self.port),
                                 "--quiet", "--rate_limit", str(rate_limit)], "sim")
        if not wait_until(lambda: self.get_state() is not None, 120, 0.2):
            raise SystemExit("simulator did not start; see " + procs.work)

    def ctl(self, path, body=None):
        status, text = http("POST", self.url + "/_sim/" + path, body or "")
        if status >= 300:
            raise RuntimeError(f"/_sim/{path}: {status} {text}")
        return json.loads(text) if text else {}

    def get_state(self):
        status, text = http("GET", self.url + "/_sim/state", timeout=30)
        return json.loads(text) if status == 200 else None

    def requests(self):
        return json.loads(http("GET", self.url + "/_sim/requests", timeout=60)[1])

    def reset(self, latency_ms=0):
        self.ctl("reset")
        if latency_ms:
            self.ctl(f"latency?ms={latency_ms}")

    def seed_policies(self, policies, levels, users):
        ids = [self.ctl("users", json.dumps({"email": f"u{u}@example.com", "firstName": "U", "lastName": str(u)}))["id"]
               for u in range(users)]
        for p in range(policies):
            rules = [{"escalationTimeout": 5 + lv, "users": [{"id": ids[(p + lv) % users]}]} for lv in range(levels)]
            self.ctl("policies", json.dumps({"name": f"bench policy {p}", "routingKey": f"p{p}", "escalationRules": rules}))
        return ids


# Mosquitto's window of unacknowledged messages per client (its default, 20, unless BENCH_MQ_INFLIGHT says otherwise):
# what bounds the agent's MQTT direct mode, which acknowledges a message only once it is settled.
MQ_INFLIGHT = int(os.environ.get("BENCH_MQ_INFLIGHT", "20"))


class Mosquitto:
    def __init__(self, procs, port=None, name="mosquitto", persistent=False):
        self.procs = procs
        self.persistent = persistent
        self.port = port or free_port()
        self.name = name
        self.start()

    def start(self):
        conf = os.path.join(self.procs.work, self.name + ".conf")
        with open(conf, "w") as f:
            f.write(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n"
                    f"max_queued_messages 100000\nmax_inflight_messages {MQ_INFLIGHT}\n")
            if self.persistent:
                # mosquitto started as root drops to its own user, which must be able to write the store
                data = os.path.join(self.procs.work, self.name + "-data")
                os.makedirs(data, exist_ok=True)
                os.chmod(data, 0o777)
                os.chmod(self.procs.work, 0o755)
                f.write(f"persistence true\npersistence_location {data}/\nautosave_interval 1\n")
            else:
                f.write("persistence false\n")
        self.proc = self.procs.spawn(["mosquitto", "-c", conf], self.name)
        wait_until(lambda: socket.create_connection(("127.0.0.1", self.port), 0.2).close() is None, 10)

    def stop(self):
        self.procs.stop(self.proc)


class Agent:
    """bin/ilagent daemon with the HTTP server and, when given, MQTT (mq) and Kafka (kafka: a KafkaBroker);
    extra flags pick the variant. A Kafka agent consumes event_topic (a Kafka topic name, which with MQTT
    as well is also its MQTT event topic) in consumer group `group` (default: its name)."""

    def __init__(self, procs, sim, mq, name, extra, topic_prefix, db=None, heap_note=None, kafka=None,
                 group=None, event_topic=None):
        self.procs, self.sim, self.mq, self.name, self.extra = procs, sim, mq, name, list(extra)
        self.topic_prefix = topic_prefix
        self.kafka, self.group = kafka, group or name
        self.event_topic = event_topic or topic_prefix + "/events"
        self.db = db or os.path.join(procs.work, name + ".db3")
        self.http_port = free_port()
        self.proc = None

    def start(self, wait_ready=True):
        env = dict(os.environ, ILERT_API_KEY=API_KEY)
        args = [os.path.join(ROOT, "bin", "ilagent"), "-f", self.db, "daemon", "-p", str(self.http_port),
                "--http_host", "127.0.0.1", "-e", self.event_topic, "--ilert_url", self.sim.url,
                "--ilert_beat_url", self.sim.url]
        if self.sim.rate_limit == 0:  # no limit to keep to: measure the agent, not its call budget
            args += ["--ilert_api_rate", "0"]
        if self.mq:
            args += ["-m", "127.0.0.1", "-q", str(self.mq.port), "-n", self.name, "--mqtt_qos", "1"]
            if not self.kafka:  # a Kafka agent would subscribe to this name too, and '/' is no Kafka topic name
                args += ["--policy_topic", self.topic_prefix + "/policy", "--policy_routing_keys", "location"]
        if self.kafka:
            args += ["--kafka_brokers", self.kafka.bootstrap, "--kafka_group_id", self.group]
        self.proc = self.procs.spawn(args + self.extra, self.name, env=env)
        if wait_ready and not wait_until(self.ready, 60, 0.05):
            raise SystemExit(f"agent {self.name} not ready; see {self.procs.work}/{self.name}.err")
        return self

    def ready(self):
        if self.proc.poll() is not None:
            raise SystemExit(f"agent {self.name} exited {self.proc.returncode}; see {self.procs.work}/{self.name}.err")
        try:
            return http("GET", f"http://127.0.0.1:{self.http_port}/ready", timeout=1)[0] == 204
        except Exception:
            return False

    def metrics(self):
        return http("GET", f"http://127.0.0.1:{self.http_port}/metrics", timeout=5)[1]

    def metric(self, prefix):
        total = 0.0
        for line in self.metrics().splitlines():
            if line.startswith(prefix):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def pid(self):
        return self.proc.pid

    def stop(self, sig=signal.SIGTERM):
        self.procs.stop(self.proc, sig)


class KafkaBroker:
    """bin/kafka-broker (a single-node KRaft broker from the test kit) and its HTTP control, so no Kafka
    client is needed here: create topics, produce records, read a group's committed offsets."""

    def __init__(self, procs, name="kafka"):
        self.procs, self.name = procs, name
        self.proc = procs.spawn([os.path.join(ROOT, "bin", "kafka-broker")], name)
        out = os.path.join(procs.work, name + ".out")
        found = {}

        def started():
            if self.proc.poll() is not None:
                raise SystemExit(f"kafka broker exited {self.proc.returncode}; see {procs.work}/{name}.err")
            with open(out, errors="replace") as f:
                for line in f:
                    if line.startswith(("bootstrap=", "control=")):
                        k, v = line.strip().split("=", 1)
                        found[k] = v
            return len(found) == 2

        if not wait_until(started, 180, 0.2):  # the first start may compile the test code
            raise SystemExit("kafka broker did not start; see " + procs.work)
        self.bootstrap, self.control = found["bootstrap"], found["control"]

    def create_topic(self, name, partitions=1):
        self._ok(http("POST", f"{self.control}/topics?name={name}&partitions={partitions}", ""))

    def produce(self, topic, lines, partition=None, base64=False):
        """Each line one record (`key<TAB>value` for a key; with base64 the value is Base64 of the bytes);
        answers once every record is acknowledged, with how many were sent."""
        q = f"{self.control}/produce?topic={topic}" + (f"&partition={partition}" if partition is not None else "")
        body = "\n".join(lines) + "\n"
        return int(self._ok(http("POST", q + ("&encoding=base64" if base64 else ""), body, timeout=60)))

    def committed(self, group, topic):
        """Sum of the group's committed offsets on topic (0 when none)."""
        return int(self._ok(http("GET", f"{self.control}/committed?group={group}&topic={topic}")))

    def count(self, topic):
        """Records the topic holds (sum of its partitions' end offsets)."""
        return int(self._ok(http("GET", f"{self.control}/count?topic={topic}")))

    def stop_broker(self):
        """Shuts the broker down (controller and data stay); answers once it is down."""
        self._ok(http("POST", f"{self.control}/broker/stop", "", timeout=120))

    def start_broker(self):
        """Starts the broker stopped by stop_broker again, on the same port; answers once it is ready."""
        self._ok(http("POST", f"{self.control}/broker/start", "", timeout=180))

    @staticmethod
    def _ok(answer):
        status, text = answer
        if status != 200:
            raise RuntimeError(f"kafka control: {status} {text}")
        return text

    def stop(self):
        self.procs.stop(self.proc)


class HttpSender:
    """POSTs bodies to the agent's /api/events over `conns` persistent connections; records statuses."""

    def __init__(self, port, conns=8):
        self.port, self.conns = port, conns
        self.statuses = {}
        self.lock = threading.Lock()

    def send(self, make_body, n, deadline):
        """make_body(i) -> str, called right before sending message i (so it can embed the send time)."""
        counter = iter(range(n))
        lock = threading.Lock()

        def worker():
            c = httpclient.HTTPConnection("127.0.0.1", self.port, timeout=10)
            while time.time() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    break
                body = make_body(i)
                for _ in range(50):  # reconnect when the agent was restarted under us
                    try:
                        c.request("POST", "/api/events", body, {"Content-Type": "application/json"})
                        r = c.getresponse()
                        r.read()
                        status = r.status
                        break
                    except Exception:
                        c.close()
                        c = httpclient.HTTPConnection("127.0.0.1", self.port, timeout=10)
                        status = -1
                        time.sleep(0.1)
                        if time.time() > deadline:
                            break
                with self.lock:
                    self.statuses[status] = self.statuses.get(status, 0) + 1
            c.close()

        ts = [threading.Thread(target=worker) for _ in range(self.conns)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


class MqttPublisher:
    """mosquitto_pub -l at QoS 1: each line written is one message, published as it is written."""

    def __init__(self, procs, port, topic, name="pub"):
        self.proc = procs.spawn(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-t", topic,
                                 "-l", "-i", name + str(os.getpid())], name, stdin=subprocess.PIPE)

    def publish(self, line):
        self.proc.stdin.write((line if isinstance(line, bytes) else line.encode()) + b"\n")
        self.proc.stdin.flush()

    def close(self, timeout=30):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def event_body(tag, i, keys, sent_ms, key_prefix="il1api"):
    return json.dumps({"integrationKey": f"{key_prefix}{i % 50}", "eventType": "ALERT",
                       "summary": f"{tag} {i} {sent_ms:.3f}", "alertKey": f"k{i % keys}"})


def delivered_events(sim, tag):
    """{i: [receive times ms]} and send times {i: ms} for events whose summary starts with tag."""
    st = sim.get_state()
    recv, sent = {}, {}
    for e in st["events"]:
        parts = str(e["body"].get("summary", "")).split(" ")
        if len(parts) == 3 and parts[0] == tag:
            i = int(parts[1])
            t = iso_ms(e["time"])
            recv.setdefault(i, []).append(t)
            sent[i] = float(parts[2])
    return recv, sent


def iso_ms(s):
    # 2026-11-24T02:46:56.123456Z
    from datetime import datetime, timezone
    s = s.rstrip("Z")
    if "." in s:
        head, frac = s.split(".")
        s = head + "." + (frac + "000000")[:6]
        dt = datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%f")
    else:
        dt = datetime.strptime(s, "%Y-%m-%dT%H:%M:%S")
    return dt.replace(tzinfo=timezone.utc).timestamp() * 1000.0


def count_lines(folder):
    """Lines written so far to the .out and .err files of the processes started in folder."""
    total = 0
    for name in os.listdir(folder):
        if name.endswith((".out", ".err")):
            with open(os.path.join(folder, name), "rb") as f:
                total += sum(1 for _ in f)
    return total


def thread_cpu(pid):
    """CPU seconds (utime + stime) per thread group of a process: thread names with their numbers taken off
    ("delivery-12" counts as "delivery-"), for a breakdown of where an agent's CPU went. Threads that already
    ended are missing (their time is in cpu_seconds only)."""
    groups = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue  # the thread ended meanwhile
        name = head.split("(", 1)[1].rstrip("0123456789 ")
        fields = rest.split()
        groups[name] = groups.get(name, 0) + (int(fields[11]) + int(fields[12])) / CLK_TCK
    return groups


def thread_cpu_delta(before, after, top=8):
    """The thread groups that used the most CPU between two thread_cpu() snapshots, as 'name=s' text."""
    delta = {k: v - before.get(k, 0) for k, v in after.items()}
    return ", ".join(f"{k}={v:.2f}" for k, v in sorted(delta.items(), key=lambda kv: -kv[1])[:top] if v > 0)
