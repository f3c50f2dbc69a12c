#!/usr/bin/env bash
# Start-up: how long host-agent takes from exec to listening (a TCP connect to its EGD port succeeds), run
# through its launcher with the default configuration (a command source, as in storm.sh), and the CPU the
# process used by then (all its threads: JIT compilers and GC included). Prints each run and the medians.
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests
#   host-agent/bench/startup.sh          # BENCH_STARTUP_RUNS=3; BENCH_STARTUP_LAUNCHER=path/to/another/launcher
set -euo pipefail
cd "$(dirname "$0")/../.."
. host-agent/bench/lib.sh
RUNS=${BENCH_STARTUP_RUNS:-3}
LAUNCHER=${BENCH_STARTUP_LAUNCHER:-host-agent/target/host-agent}
WORK=$(mktemp -d /tmp/hoststartup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PKI=$WORK/pki
bench_pki "$PKI" --no-clients
PORT=$(free_port)
bench_agent_config "$WORK/host-agent.yaml" "$PORT" "$PKI" "$WORK/state"
echo "load average before: $(cat /proc/loadavg)"
python3 - "$LAUNCHER" "$WORK/host-agent.yaml" "$PORT" "$RUNS" "$WORK/host-agent.log" <<'PY'
import os, signal, socket, statistics, subprocess, sys, time
launcher, config, port, runs, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
walls, cpus = [], []
for run in range(runs):
    t0 = time.monotonic()
    p = subprocess.Popen([launcher, "--config", config], stdout=open(log, "a"), stderr=subprocess.STDOUT)
    while True:
        if p.poll() is not None or time.monotonic() - t0 > 60:
            sys.exit("host-agent did not start, see its log: " + open(log).read()[-2000:])
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.01)
        finally:
            s.close()
    wall = time.monotonic() - t0
    stat = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()   # the launcher execs java
    cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    walls.append(wall)
    cpus.append(cpu)
    print("run %d: listening %.2f s after exec, process CPU %.2f s" % (run + 1, wall, cpu), flush=True)
    p.send_signal(signal.SIGTERM)
    p.wait()
print("median of %d: listening %.2f s after exec, process CPU %.2f s" % (runs, statistics.median(walls), statistics.median(cpus)))
PY
echo "load average after: $(cat /proc/loadavg)"
