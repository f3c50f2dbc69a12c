#!/usr/bin/env bash
# host-agent against stunnel4 + a C EGD backend, driven by the C/OpenSSL load generator egdload, in the
# same run, in two placements:
#   pinned  the server alone on core 0 (taskset), the load generator (and stunnel's backend) on core 1
#   shared  no pinning: server, its source, the load generator and the backend share all cores
# host-agent runs through its launcher (host-agent/target/host-agent: the package's JVM flags) with the
# default configuration: only listen, tls and a source are set, plus BENCH_AGENT_EXTRA (YAML lines).
# Rounds alternate server by server so background load hits both alike; medians of BENCH_ROUNDS.
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests    # the launchers and jars
#   host-agent/bench/run.sh                                    # prints the tables
# Environment: BENCH_SECONDS (5) per measurement, BENCH_ROUNDS (3), BENCH_IDLE (1000) idle connections,
#   BENCH_PLACEMENTS ("pinned shared"), BENCH_AGENT_EXTRA (e.g. "busy-poll: 0"), JVM_OPTS (the agent's,
#   after its jvm.options), BENCH_WARMUP (8) seconds of agent warm-up, BENCH_KEEP=1 keeps the work dir,
#   BENCH_IDLE_ONLY=1 (only the idle connections, on a fresh agent), BENCH_IDLE_SERVERS ("host-agent
#   stunnel4"), BENCH_IDLE_OPENERS (2) threads opening them.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS_EACH=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
IDLE=${BENCH_IDLE:-1000}
PLACEMENTS=${BENCH_PLACEMENTS:-pinned shared}
WARMUP=${BENCH_WARMUP:-8}
NCPU=$(nproc)
ALL_CPUS=0-$((NCPU - 1))

. host-agent/bench/lib.sh
bench_require
command -v stunnel4 >/dev/null || { echo "stunnel4 missing (apt-get install stunnel4)" >&2; exit 2; }
BIN=$ROOT/host-agent/target/bench
bench_compile "$BIN" egdload egdbackend

bench_workdir hostbench   # WORK; the pids in PIDS are stopped at exit

PKI=$WORK/pki
bench_pki "$PKI"
CERT=$PKI/issued/bench-client.crt KEY=$PKI/issued/bench-client.key CA=$PKI/ca-bundle.pem

AGENT_PORT=$(free_port) STUNNEL_PORT=$(free_port) BACKEND_PORT=$(free_port)

# One identity and one address open every connection here: the per-identity cap (a machine's own
# connections) must be lifted for the idle runs; everything else keeps its default.
bench_agent_config "$WORK/host-agent.yaml" "$AGENT_PORT" "$PKI" "$WORK/state" \
  "max-connections-per-identity: $((IDLE + 64))" "${BENCH_AGENT_EXTRA:-}"
bench_stunnel_config "$WORK/stunnel.conf" "$STUNNEL_PORT" "$BACKEND_PORT" "$PKI"

# LimitNOFILE of the units; the launcher execs java, so $! is the agent's JVM.
ulimit -n 20000
"$BIN/egdbackend" "$BACKEND_PORT" >"$WORK/backend.log" 2>&1 &
BACKEND=$!; PIDS+=("$BACKEND")
stunnel4 "$WORK/stunnel.conf" >"$WORK/stunnel.log" 2>&1 &
STUNNEL=$!; PIDS+=("$STUNNEL")
host-agent/target/host-agent --config "$WORK/host-agent.yaml" >"$WORK/host-agent.log" 2>&1 &
AGENT=$!; PIDS+=("$AGENT")
bench_wait_port "$AGENT_PORT" "$STUNNEL_PORT" "$BACKEND_PORT"

# place PLACEMENT: the servers (with their children: the agent's source) and the backend move to their cores
place() {
  local server_cpus client_cpus
  if [ "$1" = pinned ]; then server_cpus=0 client_cpus=1; else server_cpus=$ALL_CPUS client_cpus=$ALL_CPUS; fi
  for p in "$AGENT" "$STUNNEL" $(pgrep -P "$AGENT" || true); do taskset -a -p -c "$server_cpus" "$p" >/dev/null; done
  taskset -a -p -c "$client_cpus" "$BACKEND" >/dev/null
  LOADGEN="taskset -c $client_cpus $BIN/egdload"
}
load() { # server-pid port mode args...
  local pid=$1 port=$2 mode=$3; shift 3
  $LOADGEN "$mode" -p "$port" -c "$CERT" -k "$KEY" -a "$CA" -s "$pid" "$@"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

place shared
if [ "${BENCH_IDLE_ONLY:-0}" != 1 ]; then
  echo "warming up host-agent (${WARMUP} s handshakes, $((WARMUP / 2)) s window 64, $((WARMUP / 4)) s window 1) and stunnel4"
  load "$AGENT" "$AGENT_PORT" handshakes -T 2 -t "$WARMUP" >/dev/null
  load "$AGENT" "$AGENT_PORT" requests -n 4 -w 64 -t $((WARMUP / 2)) >/dev/null
  load "$AGENT" "$AGENT_PORT" requests -n 4 -w 1 -t $((WARMUP / 4)) >/dev/null
  load "$STUNNEL" "$STUNNEL_PORT" handshakes -T 2 -t 2 >/dev/null
else
  ROUNDS=0 PLACEMENTS=""
fi
RESULTS=$WORK/results.txt
: >"$RESULTS"
echo "load average before: $(cat /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  for placement in $PLACEMENTS; do
    place "$placement"
    for server in host-agent stunnel4; do
      if [ "$server" = host-agent ]; then pid=$AGENT port=$AGENT_PORT; else pid=$STUNNEL port=$STUNNEL_PORT; fi
      hs=$(load "$pid" "$port" handshakes -T 2 -t "$SECONDS_EACH")
      w1=$(load "$pid" "$port" requests -n 4 -w 1 -t "$SECONDS_EACH")
      w64=$(load "$pid" "$port" requests -n 4 -w 64 -t "$SECONDS_EACH")
      for kind in hs w1 w64; do
        line=${!kind}
        echo "$placement $server $kind $(field rate <<<"$line") $(field server_us_per_op <<<"$line") $(field client_cpu_pct <<<"$line") $(field failed <<<"$line") $(field resumed <<<"$line")" >>"$RESULTS"
      done
      printf 'round %d %-6s %-10s handshakes/s %7.1f (%s ms CPU each)  w1 req/s %9.1f  w64 req/s %10.1f\n' "$r" "$placement" "$server" \
        "$(field rate <<<"$hs")" "$(awk -v u="$(field server_us_per_op <<<"$hs")" 'BEGIN{printf "%.2f", u/1000}')" \
        "$(field rate <<<"$w1")" "$(field rate <<<"$w64")"
    done
  done
done
[ -n "${hs:-}" ] && echo "negotiated: $(field negotiated <<<"$hs")"
place shared
# While the idle connections are open: the agent's heap after a full GC (live data vs. heap pages that
# merely count in RSS because the young generation was used while the connections were being opened).
census="jcmd $AGENT GC.heap_info | grep -E 'generation|space' | sed 's/^/  before GC: /'; jcmd $AGENT GC.run >/dev/null; jcmd $AGENT GC.heap_info | grep -E 'generation' | sed 's/^/  after GC:  /'"
idle_agent=$(load "$AGENT" "$AGENT_PORT" idle -n "$IDLE" -T "${BENCH_IDLE_OPENERS:-2}" -P 200 --hold-cmd "$census" || true)
echo "idle host-agent: $idle_agent"
idle_stunnel=
if [[ " ${BENCH_IDLE_SERVERS:-host-agent stunnel4} " == *" stunnel4 "* ]]; then
  idle_stunnel=$(load "$STUNNEL" "$STUNNEL_PORT" idle -n "$IDLE" -T "${BENCH_IDLE_OPENERS:-2}" -P 200 || true)
  echo "idle stunnel4:   $idle_stunnel"
fi
idle_agent=$(tail -1 <<<"$idle_agent")
echo "load average after: $(cat /proc/loadavg)"

# median placement server kind column(4 rate, 5 server us/op, 6 client cpu %)
median() {
  awk -v p="$1" -v s="$2" -v k="$3" -v c="$4" '$1 == p && $2 == s && $3 == k { v[n++] = $c }
    END { if (!n) { print "nan"; exit } asort(v); print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }' "$RESULTS"
}
row() { # label value-agent value-stunnel higher-is-better(1/0) format
  awk -v l="$1" -v a="$2" -v s="$3" -v h="$4" -v f="$5" 'BEGIN {
    r = (s + 0 == 0) ? "n/a" : sprintf("%.2f×", a / s); if (!h && s + 0 != 0) r = r " (lower wins)"
    printf "| %s | " f " | " f " | %s |\n", l, a, s, r }'
}
for placement in $PLACEMENTS; do
  echo
  echo "### $placement: $( [ "$placement" = pinned ] && echo "server alone on core 0, load generator on core 1" || echo "no pinning, all on cores $ALL_CPUS") — medians of $ROUNDS"
  echo
  echo "| | host-agent | stunnel4 | ratio |"
  echo "|---|---:|---:|---:|"
  row "full mTLS handshakes/s (TLS 1.3, P-256, 2 client threads)" "$(median "$placement" host-agent hs 4)" "$(median "$placement" stunnel4 hs 4)" 1 "%.0f"
  row "server CPU per handshake (ms)" "$(median "$placement" host-agent hs 5 | awk '{print $1/1000}')" "$(median "$placement" stunnel4 hs 5 | awk '{print $1/1000}')" 0 "%.2f"
  row "0x02 32 B req/s, 4 connections, window 1" "$(median "$placement" host-agent w1 4)" "$(median "$placement" stunnel4 w1 4)" 1 "%.0f"
  row "server CPU per request, window 1 (µs)" "$(median "$placement" host-agent w1 5)" "$(median "$placement" stunnel4 w1 5)" 0 "%.1f"
  row "0x02 32 B req/s, 4 connections, window 64" "$(median "$placement" host-agent w64 4)" "$(median "$placement" stunnel4 w64 4)" 1 "%.0f"
  row "server CPU per request, window 64 (µs)" "$(median "$placement" host-agent w64 5)" "$(median "$placement" stunnel4 w64 5)" 0 "%.2f"
  echo "| load generator CPU, % of a core (handshakes / w1 / w64) | $(median "$placement" host-agent hs 6) / $(median "$placement" host-agent w1 6) / $(median "$placement" host-agent w64 6) | $(median "$placement" stunnel4 hs 6) / $(median "$placement" stunnel4 w1 6) / $(median "$placement" stunnel4 w64 6) | |"
done
echo
row "RSS per idle mTLS connection at $IDLE (KB)" "$(field rss_kb_per_conn <<<"$idle_agent")" "$(field rss_kb_per_conn <<<"$idle_stunnel")" 0 "%.1f"
row "server CPU while $IDLE connections idle (ms/s)" "$(field server_idle_cpu_ms_per_s <<<"$idle_agent")" "$(field server_idle_cpu_ms_per_s <<<"$idle_stunnel")" 0 "%.1f"
row "legitimate client p99, handshake + 0x02 32 (ms)" "$(field probe_handshake_ms_p99 <<<"$idle_agent")" "$(field probe_handshake_ms_p99 <<<"$idle_stunnel")" 0 "%.2f"
echo "failed operations (must be 0): $(awk '{ f += $7 } END { print f + 0 }' "$RESULTS"); resumed handshakes (must be 0): $(awk '$3 == "hs" { f += $8 } END { print f + 0 }' "$RESULTS")"
