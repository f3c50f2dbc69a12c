#!/usr/bin/env bash
# Seed latency: `client-agent seed --bytes 64` through its launcher against a local host-agent (throwaway
# PKI, loopback), alternating runs without and with the class-data sharing archive the seed unit uses
# (ENTROPY_FLEET_CDS_DIR; the first run with it writes the archive and is not counted). Prints each run's
# exec → RNDADDENTROPY ioctl (as `seed` itself reports it) and wall time exec → exit, then the medians.
# Needs root (the ioctl) and a quiet machine for absolute figures.
#
#   mvn -B -q -pl host-agent,client-agent,certs -am package -DskipTests
#   client-agent/bench/seed.sh              # BENCH_SEED_RUNS (9)
set -euo pipefail
cd "$(dirname "$0")/../.."
. host-agent/bench/lib.sh
bench_require
[ -x client-agent/target/client-agent ] || { echo "missing client-agent/target/client-agent" >&2; exit 2; }
RUNS=${BENCH_SEED_RUNS:-9}
bench_workdir seedbench; [ -n "${BENCH_SEED_WORK:-}" ] && { WORK=$BENCH_SEED_WORK; mkdir -p "$WORK"; }
PKI=$WORK/pki
bench_pki "$PKI" seed-client
PORT=$(free_port)
bench_agent_config "$WORK/host-agent.yaml" "$PORT" "$PKI" "$WORK/host-state"
host-agent/target/host-agent --config "$WORK/host-agent.yaml" >"$WORK/host-agent.log" 2>&1 &
PIDS+=("$!")
bench_wait_port "$PORT"
cat >"$WORK/client.yaml" <<YAML
hosts: ["localhost:$PORT"]
tls: {cert: $PKI/issued/seed-client.crt, key: $PKI/issued/seed-client.key, ca: $PKI/ca-bundle.pem}
metrics: {listen: "127.0.0.1:$(free_port)"}
YAML
mkdir -p "$WORK/cds" "$WORK/state"
echo "load average before: $(cat /proc/loadavg)"
ENTROPY_FLEET_CDS_DIR=$WORK/cds client-agent/target/client-agent seed --bytes 64 -c "$WORK/client.yaml" \
    --state-dir "$WORK/state" >/dev/null   # writes the archive
python3 - "$WORK" "$RUNS" <<'PY'
import os, re, statistics, subprocess, sys, time
work, runs = sys.argv[1], int(sys.argv[2])
cmd = ["client-agent/target/client-agent", "seed", "--bytes", "64", "-c", work + "/client.yaml",
       "--state-dir", work + "/state"]
res = {"no archive": ([], []), "archive": ([], [])}
for run in range(runs):
    for variant in res:
        env = dict(os.environ)
        env.pop("ENTROPY_FLEET_CDS_DIR", None)
        if variant == "archive":
            env["ENTROPY_FLEET_CDS_DIR"] = work + "/cds"
        t0 = time.monotonic()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.monotonic() - t0
        m = re.search(r"\((\d+) ms from exec\)", out.stdout)
        if out.returncode != 0 or not m:
            sys.exit("seed failed (%d): %s %s" % (out.returncode, out.stdout, out.stderr))
        res[variant][0].append(int(m.group(1)) / 1000)
        res[variant][1].append(wall)
        print("run %d %-10s exec->ioctl %.2f s  wall %.2f s" % (run + 1, variant, res[variant][0][-1], wall), flush=True)
for variant, (ioctl, wall) in res.items():
    print("median of %d, %-10s exec->ioctl %.2f s (min %.2f)  wall %.2f s" % (
        runs, variant, statistics.median(ioctl), min(ioctl), statistics.median(wall)))
PY
echo "load average after: $(cat /proc/loadavg)"
