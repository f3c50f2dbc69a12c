#!/usr/bin/env bash
# Reconnect storm: N clients (egdload, one address, one certificate) hold mTLS connections to a host-agent
# (its launcher, default configuration plus the per-identity override one certificate needs); the agent
# is restarted (SIGTERM, then started again at once, as systemd's restart does); every client reconnects
# and is served again. Four variants: session resumption or full handshakes, each with client-agent's
# jittered backoff schedule (simulated) or immediate retries. Prints when all were served again, counted
# from the moment the old agent closed the first connection (so the new JVM's start-up is included).
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests
#   host-agent/bench/storm.sh            # BENCH_STORM=10000 clients, BENCH_STORM_THREADS=8 client threads,
#                                        # BENCH_STORM_VARIANTS="resume,jitter full,jitter resume, full,"
#                                        # BENCH_AGENT_EXTRA: YAML lines added to the agent's config
set -euo pipefail
cd "$(dirname "$0")/../.."
. host-agent/bench/lib.sh
N=${BENCH_STORM:-10000}
THREADS=${BENCH_STORM_THREADS:-8}
VARIANTS=${BENCH_STORM_VARIANTS:-resume,jitter full,jitter resume, full,}
BIN=$PWD/host-agent/target/bench
bench_compile "$BIN" egdload
WORK=$(mktemp -d /tmp/hoststorm.XXXXXX)
AGENT=
cleanup() {
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null && wait "$AGENT" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
PKI=$WORK/pki
bench_pki "$PKI"
PORT=$(free_port)
bench_agent_config "$WORK/host-agent.yaml" "$PORT" "$PKI" "$WORK/state" "max-connections-per-identity: $((N + 64))" "${BENCH_AGENT_EXTRA:-}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
start_agent() {
  host-agent/target/host-agent --config "$WORK/host-agent.yaml" >>"$WORK/host-agent.log" 2>&1 &
  AGENT=$!
  bench_wait_port "$PORT" || { echo "host-agent did not start" >&2; exit 1; }
}
echo "load average before: $(cat /proc/loadavg)"
for variant in $VARIANTS; do
  mode=${variant%%,*} schedule=${variant#*,}
  start_agent
  out=$WORK/storm.out
  "$BIN/egdload" storm -p "$PORT" -c "$PKI/issued/bench-client.crt" -k "$PKI/issued/bench-client.key" -a "$PKI/ca-bundle.pem" \
    -n "$N" -T "$THREADS" -s "$AGENT" ${mode:+$([ "$mode" = resume ] && echo --resume)} ${schedule:+--jitter} >"$out" 2>&1 &
  load=$!
  for _ in $(seq 3000); do grep -q '^opened' "$out" && break; kill -0 "$load" 2>/dev/null || break; sleep 0.1; done
  head -1 "$out"
  restart_at=$(date +%s.%N)
  kill -TERM "$AGENT"; wait "$AGENT" 2>/dev/null || true
  stopped_at=$(date +%s.%N)
  start_agent
  echo "  agent listening again $(awk -v a="$restart_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s after SIGTERM" \
    "(old agent gone after $(awk -v a="$restart_at" -v b="$stopped_at" 'BEGIN { printf "%.1f", b - a }') s)"
  wait "$load" || true
  tail -1 "$out"
  kill -TERM "$AGENT"; wait "$AGENT" 2>/dev/null || true
  AGENT=
done
echo "load average after: $(cat /proc/loadavg)"
