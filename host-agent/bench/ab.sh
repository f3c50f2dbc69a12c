#!/usr/bin/env bash
# A/B: two host-agents (the same build with different config lines, or two builds) and stunnel4 + the C
# EGD backend, measured back to back workload by workload (A, B, stunnel4 within seconds of each other), in
# the shared placement (no pinning, the load generator on the same cores) — so background load on a
# shared machine hits all three alike. Prints each round (rate, the server's CPU per operation, the load
# generator's CPU in % of a core) and the medians of the per-round ratios to stunnel4.
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests
#   BENCH_A="io-threads: 1" BENCH_B="io-threads: 2" host-agent/bench/ab.sh
# Environment: BENCH_A / BENCH_B (YAML lines for each agent), BENCH_A_LAUNCHER / BENCH_B_LAUNCHER (another
#   build's launcher, default host-agent/target/host-agent), BENCH_A_JVM_OPTS / BENCH_B_JVM_OPTS (JVM flags after
#   the launcher's jvm.options, as its JVM_OPTS), BENCH_B_IDEAL ("LOOPS [CONDITION]": B is bench/egdideal.c
#   instead of an agent, or bench/NettyIdeal.java with BENCH_B_IDEAL_KIND=netty; see ideal.sh), BENCH_ROUNDS (5), BENCH_SECONDS (5),
#   BENCH_WARMUP (30), BENCH_WORKLOADS ("hs w1 w64"), BENCH_A_SOURCE / BENCH_B_SOURCE (a source line instead of
#   lib.sh's `cat /dev/urandom` command source).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-5}
WARMUP=${BENCH_WARMUP:-30}
WORKLOADS=${BENCH_WORKLOADS:-hs w1 w64}
. host-agent/bench/lib.sh
bench_require
command -v stunnel4 >/dev/null || { echo "stunnel4 missing (apt-get install stunnel4)" >&2; exit 2; }
bench_workdir hostab
BIN=$WORK/bin
bench_compile "$BIN" egdload egdbackend
PKI=$WORK/pki
bench_pki "$PKI"
CERT=$PKI/issued/bench-client.crt KEY=$PKI/issued/bench-client.key CA=$PKI/ca-bundle.pem
A_PORT=$(free_port) B_PORT=$(free_port) STUNNEL_PORT=$(free_port) BACKEND_PORT=$(free_port)
BENCH_SOURCE=${BENCH_A_SOURCE:-${BENCH_SOURCE:-}} bench_agent_config "$WORK/a.yaml" "$A_PORT" "$PKI" "$WORK/a-state" "${BENCH_A:-}"
BENCH_SOURCE=${BENCH_B_SOURCE:-${BENCH_SOURCE:-}} bench_agent_config "$WORK/b.yaml" "$B_PORT" "$PKI" "$WORK/b-state" "${BENCH_B:-}"
bench_stunnel_config "$WORK/stunnel.conf" "$STUNNEL_PORT" "$BACKEND_PORT" "$PKI"
"$BIN/egdbackend" "$BACKEND_PORT" >"$WORK/backend.log" 2>&1 &
PIDS+=("$!")
stunnel4 "$WORK/stunnel.conf" >"$WORK/stunnel.log" 2>&1 &
STUNNEL=$!; PIDS+=("$STUNNEL")
JVM_OPTS="${BENCH_A_JVM_OPTS:-${JVM_OPTS:-}}" "${BENCH_A_LAUNCHER:-host-agent/target/host-agent}" --config "$WORK/a.yaml" >"$WORK/a.log" 2>&1 &
A=$!; PIDS+=("$A")
# what B is: an agent, or (ideal.sh) bench/egdideal.c ("LOOPS [CONDITION]") or bench/NettyIdeal.java ("LOOPS")
B_KIND=agent
[ -n "${BENCH_B_IDEAL:-}" ] && B_KIND=${BENCH_B_IDEAL_KIND:-c}
if [ "$B_KIND" = netty ]; then
  java @host-agent/target/host-agent.jvm.options -cp host-agent/target/host-agent.jar host-agent/bench/NettyIdeal.java \
    "$B_PORT" "$PKI/issued/bench-host.crt" "$PKI/issued/bench-host.key" "$CA" ${BENCH_B_IDEAL%% *} >"$WORK/b.log" 2>&1 &
elif [ "$B_KIND" = c ]; then
  bench_compile "$BIN" egdideal
  "$BIN/egdideal" "$B_PORT" "$PKI/issued/bench-host.crt" "$PKI/issued/bench-host.key" "$CA" $BENCH_B_IDEAL >"$WORK/b.log" 2>&1 &
else
  JVM_OPTS="${BENCH_B_JVM_OPTS:-${JVM_OPTS:-}}" "${BENCH_B_LAUNCHER:-host-agent/target/host-agent}" --config "$WORK/b.yaml" >"$WORK/b.log" 2>&1 &
fi
B=$!; PIDS+=("$B")
bench_wait_port "$A_PORT" "$B_PORT" "$STUNNEL_PORT" "$BACKEND_PORT"
load() { # pid port workload seconds
  local args
  case $3 in
    hs) args="handshakes -T 2" ;;
    w1) args="requests -n 4 -w 1" ;;
    w64) args="requests -n 4 -w 64" ;;
  esac
  # shellcheck disable=SC2086
  "$BIN/egdload" $args -t "$4" -p "$2" -c "$CERT" -k "$KEY" -a "$CA" -s "$1"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
echo "A: ${BENCH_A:-(defaults)} ${BENCH_A_LAUNCHER:-}"
case $B_KIND in
  netty) echo "B: bench/NettyIdeal.java, event loops: ${BENCH_B_IDEAL%% *}" ;;
  c) echo "B: bench/egdideal.c, event loops and conditioning: ${BENCH_B_IDEAL}" ;;
  *) echo "B: ${BENCH_B:-(defaults)} ${BENCH_B_LAUNCHER:-}" ;;
esac
echo "warming up both agents (${WARMUP} s each, all workloads)"
for w in hs w64 w1; do
  load "$A" "$A_PORT" "$w" $((WARMUP / 3)) >/dev/null
  load "$B" "$B_PORT" "$w" $((WARMUP / 3)) >/dev/null
done
load "$STUNNEL" "$STUNNEL_PORT" hs 2 >/dev/null
echo "load average before: $(cat /proc/loadavg)"
RESULTS=$WORK/results.txt
: >"$RESULTS"
for r in $(seq "$ROUNDS"); do
  for w in $WORKLOADS; do
    line="round $r $w"
    for s in A B S; do
      case $s in A) pid=$A port=$A_PORT ;; B) pid=$B port=$B_PORT ;; S) pid=$STUNNEL port=$STUNNEL_PORT ;; esac
      out=$(load "$pid" "$port" "$w" "$SECONDS_EACH")
      [ "$(field failed <<<"$out")" = 0 ] || { echo "failed operations: $out" >&2; exit 1; }
      rate=$(field rate <<<"$out") us=$(field server_us_per_op <<<"$out")
      echo "$r $w $s $rate $us" >>"$RESULTS"
      line="$line  $s ${rate%.*}/s ${us}us gen $(field client_cpu_pct <<<"$out")%"
    done
    echo "$line"
  done
done
echo "load average after: $(cat /proc/loadavg)"
echo
echo "| shared, medians of $ROUNDS per-round ratios to stunnel4 | A: rate | A: server CPU per op | B: rate | B: server CPU per op |"
echo "|---|---:|---:|---:|---:|"
for w in $WORKLOADS; do
  awk -v w="$w" '$2 == w { v[$1, $3] = $4; c[$1, $3] = $5; if ($1 > n) n = $1 }
    function med(a, k, i) { k = 0; for (i in a) t[++k] = a[i]; asort(t); m = (k % 2) ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2; delete t; return m }
    END {
      for (r = 1; r <= n; r++) { ra[r] = v[r, "A"] / v[r, "S"]; ca[r] = c[r, "A"] / c[r, "S"]; rb[r] = v[r, "B"] / v[r, "S"]; cb[r] = c[r, "B"] / c[r, "S"] }
      label = (w == "hs") ? "full mTLS handshakes" : (w == "w1") ? "0x02 32 B, 4 connections, window 1" : "0x02 32 B, 4 connections, window 64"
      printf "| %s | %.2f× | %.2f× | %.2f× | %.2f× |\n", label, med(ra), med(ca), med(rb), med(cb) }' "$RESULTS"
done
