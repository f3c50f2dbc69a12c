#!/usr/bin/env bash
# Source efficiency: with a slow real source (/dev/hwrng) and demand above supply, which share of the
# conditioned bytes reaches clients, and where the rest goes. host-agent runs through its launcher with
# the default configuration plus one `type: device` source on /dev/hwrng (min-entropy 6, as the README
# suggests for it); egdload clients, several certificate identities, keep more reads outstanding than the
# source can fill. The agent's /metrics are read at the start and end of the measured window (load
# running throughout) and once more after the clients have gone.
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests    # the launchers and jars
#   host-agent/bench/efficiency.sh                             # prints the table
# Environment: BENCH_SECONDS (180) measured, BENCH_WARMUP (15) seconds of load before the window,
#   BENCH_DEVICE (/dev/hwrng), BENCH_MIN_ENTROPY (6), BENCH_TIMEOUT_CLIENTS (128) identities reading like
#   client-agent (0x02 of 255 bytes, 8 outstanding on one connection, giving up after BENCH_REPLY_TIMEOUT_MS
#   (5000, its request-timeout) without a reply: close and reconnect), BENCH_AGENT_EXTRA (YAML lines),
#   BENCH_KEEP=1 keeps the work dir.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS_MEASURED=${BENCH_SECONDS:-180}
WARMUP=${BENCH_WARMUP:-15}
DEVICE=${BENCH_DEVICE:-/dev/hwrng}
MIN_ENTROPY=${BENCH_MIN_ENTROPY:-6}
TIMEOUT_CLIENTS=${BENCH_TIMEOUT_CLIENTS:-128}
REPLY_TIMEOUT_MS=${BENCH_REPLY_TIMEOUT_MS:-5000}

. host-agent/bench/lib.sh
bench_require
[ -r "$DEVICE" ] || { echo "cannot read $DEVICE" >&2; exit 2; }
# A second reader (rngd, another agent) would take part of the device's bytes: the rate, not the
# ratio, would suffer, but the figures would no longer describe one reader. fuser prints pids on stdout.
others=$(fuser "$DEVICE" 2>/dev/null || true)
[ -z "${others// /}" ] || { echo "$DEVICE is already open by pid(s)$others; stop them first (e.g. rngd)" >&2; exit 2; }
BIN=$ROOT/host-agent/target/bench
bench_compile "$BIN" egdload

bench_workdir efficiency   # WORK; the pids in PIDS are stopped at exit

PKI=$WORK/pki
CLIENTS="stream oneshot $(seq -f 'timeout%g' 1 "$TIMEOUT_CLIENTS" | tr '\n' ' ')"
bench_pki "$PKI" --no-clients
CA=$PKI/ca-bundle.pem
# Many client identities: signed with openssl from the same CA (a JVM per `certs issue` would take minutes),
# with the extensions `certs issue client` gives.
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >"$WORK/client.ext"
for c in $CLIENTS; do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench-$c" \
    -keyout "$PKI/issued/bench-$c.key" -out "$WORK/bench-$c.csr" 2>/dev/null
  openssl x509 -req -in "$WORK/bench-$c.csr" -CA "$PKI/ca/ca.crt" -CAkey "$PKI/ca/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 2 -extfile <(cat "$WORK/client.ext"; echo "subjectAltName=DNS:bench-$c") -out "$PKI/issued/bench-$c.crt" 2>/dev/null
done

AGENT_PORT=$(free_port) METRICS_PORT=$(free_port)
cat >"$WORK/host-agent.yaml" <<YAML
listen: 127.0.0.1:$AGENT_PORT
tls: {cert: $PKI/issued/bench-host.crt, key: $PKI/issued/bench-host.key, ca: $CA}
sources:
  - {type: device, name: hwrng, path: $DEVICE, min-entropy: $MIN_ENTROPY}
state-dir: $WORK/state
metrics: {listen: "127.0.0.1:$METRICS_PORT"}
# every client connects from 127.0.0.1: the per-address handshake cap (32) would refuse most at start
max-handshakes-per-address: $((TIMEOUT_CLIENTS + 64))
${BENCH_AGENT_EXTRA:-}
YAML
mkdir -p "$WORK/state"
host-agent/target/host-agent --config "$WORK/host-agent.yaml" >"$WORK/host-agent.log" 2>&1 &
AGENT=$!; PIDS+=("$AGENT")
bench_wait_port "$AGENT_PORT"

# metric FILE NAME [LABELS]: one sample of the Prometheus text, 0 if absent
metric() {
  awk -v n="$2" -v l="${3:-}" '$1 == n l { printf "%.0f\n", $2; found = 1; exit } END { if (!found) print 0 }' "$1"
}
snapshot() { curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" >"$WORK/metrics.$1"; }
load() { # identity mode args...
  local id=$1; shift
  "$BIN/egdload" "$@" -p "$AGENT_PORT" -c "$PKI/issued/bench-$id.crt" -k "$PKI/issued/bench-$id.key" -a "$CA" -s "$AGENT" \
    >"$WORK/load.$id" 2>"$WORK/load.$id.err" &
  PIDS+=("$!")
}

# The request mix: every client keeps reads outstanding all the time, so demand exceeds what the device gives.
LOAD_SECONDS=$((WARMUP + SECONDS_MEASURED + 3))
load stream requests -n 4 -w 8 -r 32 -t "$LOAD_SECONDS"
load oneshot handshakes -T 1 -t "$LOAD_SECONDS"
for i in $(seq "$TIMEOUT_CLIENTS"); do
  load "timeout$i" requests -n 1 -w 8 -r 255 -o "$REPLY_TIMEOUT_MS" -t "$LOAD_SECONDS"
done
echo "request mix: bench-stream 4 connections × 8 outstanding 0x02 of 32 B; bench-oneshot 1 thread of" \
  "connect + full handshake + 0x02 of 32 B + close; $TIMEOUT_CLIENTS identities bench-timeoutN, each 1 connection with 8" \
  "outstanding 0x02 of 255 B, giving up (close, reconnect) after ${REPLY_TIMEOUT_MS} ms without a reply"
echo "load average before: $(cat /proc/loadavg)"
sleep "$WARMUP"
snapshot start
sleep "$SECONDS_MEASURED"
snapshot end
echo "load average at the end: $(cat /proc/loadavg)"
LOADERS=("${PIDS[@]:1}")
for p in "${LOADERS[@]}"; do wait "$p" 2>/dev/null || true; done
sleep 0.5   # the agent sees the connections close and puts back what was set aside for them
snapshot after

SRC='{source="hwrng"}'
S=$WORK/metrics.start E=$WORK/metrics.end A=$WORK/metrics.after
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f %%", 100 * a / b }'; }
received=0 abandoned=0
for c in $CLIENTS; do
  line=$(tail -1 "$WORK/load.$c")
  b=$(sed -n 's/.* bytes=\([0-9]*\).*/\1/p' <<<"$line"); received=$((received + ${b:-0}))
  a=$(sed -n 's/.* abandoned=\([0-9]*\).*/\1/p' <<<"$line"); abandoned=$((abandoned + ${a:-0}))
  case $c in stream|oneshot|timeout1) echo "client bench-$c: $(sed 's/ negotiated=.*//' <<<"$line")" ;; esac
done

# Whole run, clients gone: what reached the clients, counted by the clients.
produced=$(metric "$A" host_source_conditioned_bytes_total "$SRC")
served=$(metric "$A" host_serve_bytes_served_total)
pooled=$(metric "$A" host_pool_level_bytes)
returned=$(metric "$A" host_pool_bytes_returned_total)
discarded=$(metric "$A" host_pool_bytes_discarded_total)
echo
echo "### whole run: agent start until every client left (${WARMUP} s + ${SECONDS_MEASURED} s of load), $DEVICE, min-entropy $MIN_ENTROPY"
echo
echo "| | bytes |"
echo "|---|---:|"
echo "| raw bytes read from the device | $(metric "$A" host_source_bytes_gathered_total "$SRC") |"
echo "| raw blocks that failed the health tests (2,500 B each, never conditioned) | $(metric "$A" host_source_health_blocks_failed_total "$SRC") |"
echo "| conditioned bytes produced | $produced |"
echo "| bytes served (agent: 0x02/0x01 replies handed to connections) | $served |"
echo "| bytes received by the clients (egdload) | $received |"
echo "| still in the pool | $pooled |"
echo "| set aside for abandoned reads, put back into the pool (host.pool.bytes-returned) | $returned |"
echo "| set aside for abandoned reads, wiped (host.pool.bytes-discarded) | $discarded |"
echo "| lost: produced − received − pooled − discarded (incl. ≤ 4 KiB staged by the source thread) | $((produced - received - pooled - discarded)) |"
echo "| reads the clients gave up on (timeout: close, reconnect) | $abandoned |"
echo
echo "**reached clients: received / (produced − pooled) = $(pct "$received" $((produced - pooled))), received / produced = $(pct "$received" "$produced")**;" \
  "agent's count: served / (produced − pooled) = $(pct "$served" $((produced - pooled)))"

# Steady state, agent counters only: the window between the two snapshots, load running throughout.
delta() { echo $(( $(metric "$E" "$@") - $(metric "$S" "$@") )); }
wproduced=$(delta host_source_conditioned_bytes_total "$SRC")
wserved=$(delta host_serve_bytes_served_total)
pooled0=$(metric "$S" host_pool_level_bytes) pooled1=$(metric "$E" host_pool_level_bytes)
echo
echo "window of ${SECONDS_MEASURED} s (agent counters): conditioned $wproduced ($((wproduced / SECONDS_MEASURED)) B/s), served $wserved," \
  "pool $pooled0 → $pooled1, returned $(delta host_pool_bytes_returned_total), discarded $(delta host_pool_bytes_discarded_total);" \
  "served / (produced − Δpooled) = $(pct "$wserved" $((wproduced - (pooled1 - pooled0))))"
echo "connections the agent closed (egd-close events, e.g. read-timeout): $(grep -c 'event=egd-close' "$WORK/host-agent.log" || true)"
