#!/usr/bin/env bash
# Where host-agent's CPU goes under one workload: the agent (its launcher, default configuration, the
# `cat /dev/urandom` source of run.sh) runs with a JFR recording from its start; the C load generator warms
# it up with every workload of run.sh first (so the JIT's profiles are those of a mixed load, as on a real
# host), then drives the measured one for BENCH_SECONDS. Prints the agent's CPU per thread over the
# measured window, user and kernel time apart (from /proc), its write/read system calls per request
# (strace -c over 3 s), where the busiest event loop's time goes (perf over 3 s: kernel, JIT-compiled Java,
# BoringSSL, libc, the JVM, then its hottest symbols, Java methods named through the JVM's perf map), and
# the hottest frames of JFR's execution samples. JFR samples Java code and names a thread inside a native
# method by that method, so its view puts the JNI calls' user-space work and the kernel's together; perf
# tells them apart (with JFR alone the Java share of the event loop looked like 8-12 %; perf: 38 %).
# Needs strace and perf (apt-get install strace linux-perf).
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests
#   host-agent/bench/profile.sh                     # window 64; BENCH_WORKLOAD="-w 1" for window 1
# Environment: BENCH_SECONDS (20, at least 14), BENCH_WARMUP (60) seconds of the measured workload before it,
#   BENCH_WORKLOAD ("-w 64"), BENCH_KEEP=1 keeps the work dir (p.jfr for `jfr print`), BENCH_LAUNCHER
#   (host-agent/target/host-agent; another build's launcher, for before/after).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-60}
WORKLOAD=${BENCH_WORKLOAD:--w 64}
[ "$SECONDS_EACH" -ge 14 ] || { echo "BENCH_SECONDS must be at least 14 (5 s per thread, then 3 s of strace and 3 of perf)" >&2; exit 2; }
. host-agent/bench/lib.sh
bench_require
for tool in strace perf; do
  command -v "$tool" >/dev/null || { echo "$tool missing (apt-get install strace linux-perf)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/hostprofile.XXXXXX)
bench_compile "$WORK" egdload
BIN=$WORK/egdload
AGENT=
cleanup() {
  [ -n "$AGENT" ] && kill "$AGENT" 2>/dev/null; wait 2>/dev/null
  rm -f "/tmp/perf-$AGENT_PID.map"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
AGENT_PID=
trap cleanup EXIT
PKI=$WORK/pki
bench_pki "$PKI"
PORT=$(free_port)
bench_agent_config "$WORK/host-agent.yaml" "$PORT" "$PKI" "$WORK/state"
# 1 ms sampling instead of the profile settings' 10/20 ms
jh=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed -E 's|(control="method-sampling-(java\|native)-interval">)[^<]*<|\11 ms<|' "$jh/lib/jfr/profile.jfc" >"$WORK/1ms.jfc"
LAUNCHER=${BENCH_LAUNCHER:-host-agent/target/host-agent}
# DumpPerfMapAtExit: /tmp/perf-PID.map names the JIT-compiled methods in perf's samples
JVM_OPTS="-XX:StartFlightRecording=settings=$WORK/1ms.jfc,filename=$WORK/p.jfr,dumponexit=true -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" \
  "$LAUNCHER" --config "$WORK/host-agent.yaml" >"$WORK/agent.log" 2>&1 &
AGENT=$! AGENT_PID=$!
bench_wait_port "$PORT"
load() { "$BIN" "$@" -p "$PORT" -c "$PKI/issued/bench-client.crt" -k "$PKI/issued/bench-client.key" -a "$PKI/ca-bundle.pem" -s "$AGENT"; }
load handshakes -T 2 -t 10 >/dev/null
load requests -n 4 -w 1 -t 5 >/dev/null
load requests -n 4 -w 64 -t 10 >/dev/null
load handshakes -T 2 -t 5 >/dev/null
# shellcheck disable=SC2086
load requests -n 4 $WORKLOAD -t "$WARMUP" >/dev/null
# thread name/tid, user and kernel clock ticks
cpu() { for t in /proc/"$AGENT"/task/*; do echo "$(tr ' ' _ <"$t/comm")/${t##*/} $(awk '{print $14, $15}' "$t/stat")"; done | sort; }
start=$(date -u +%H:%M:%S)
# shellcheck disable=SC2086
load requests -n 4 $WORKLOAD -t "$SECONDS_EACH" >"$WORK/measured" &
gen=$!
# the per-thread window first (JFR only: neither strace nor perf attached), then strace and perf, 3 s each,
# before the load ends
sleep 2; cpu >"$WORK/cpu0"
sleep $((SECONDS_EACH - 9)); cpu >"$WORK/cpu1"
timeout 3 strace -f -c -e trace=sendto,write,writev,recvfrom,read -p "$AGENT" 2>"$WORK/strace" || true
loop=$(join "$WORK/cpu0" "$WORK/cpu1" | awk '$1 ~ /^host-io-/ { d = $4 + $5 - $2 - $3; if (d > most) { most = d; name = $1 } } END { print name }')
[ -n "$loop" ] || { echo "no host-io thread ran during the window" >&2; exit 1; }
perf record -q -t "${loop##*/}" -o "$WORK/perf.data" -- sleep 3 2>/dev/null
wait "$gen"
end=$(date -u +%H:%M:%S)
echo "measured: $(cat "$WORK/measured")"
echo "load average: $(cat /proc/loadavg)"
echo "agent CPU by thread over $((SECONDS_EACH - 9)) s of it (clock ticks of 10 ms; threads named by Netty/JVM, /tid):"
join "$WORK/cpu0" "$WORK/cpu1" | awk '{ u = $4 - $2; k = $5 - $3; if (u + k > 0) { su += u; sk += k; printf "  %-26s %5d  (user %d, kernel %d)\n", $1, u + k, u, k } }
  END { printf "  %-26s %5d  (user %d, kernel %d)\n", "all", su + sk, su, sk }' | sort -k2 -rn
echo "system calls over 3 s of it (strace -c; strace slows the agent, compare the counts with the rate):"
grep -E "sendto|write|recvfrom|read|total" "$WORK/strace" | sed 's/^/  /'
kill "$AGENT"; wait "$AGENT" 2>/dev/null || true; AGENT=
echo "event loop $loop over 3 s (perf; user-space code by library):"
perf report -i "$WORK/perf.data" --sort dso --stdio 2>/dev/null | awk '/^ +[0-9.]+%/ {
    share = $1; sub(/%/, "", share); d = $2
    what = d ~ /kernel/ ? "kernel" : d ~ /^\[JIT\]/ ? "Java, JIT-compiled" : d ~ /tcnative/ ? "BoringSSL (netty-tcnative)" : d ~ /^libc/ ? "libc (system call wrappers, malloc)" : d ~ /libjvm/ ? "JVM (runtime, GC, interpreter)" : d ~ /epoll/ ? "Netty epoll (JNI)" : "other"
    s[what] += share }
  END { for (w in s) printf "  %5.1f %%  %s\n", s[w], w }' | sort -rn
echo "its hottest symbols:"
perf report -i "$WORK/perf.data" --sort sym --stdio 2>/dev/null | awk '/^ +[0-9.]+%/ && ++n <= 20 { sub(/^ */, "  "); print substr($0, 1, 150) }'
jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$WORK/p.jfr" >"$WORK/samples.txt"
python3 - "$WORK/samples.txt" "$start" "$end" <<'PY'
import collections, re, sys
text, start, end = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
idle = ('epollWait', 'waitForProcessExit0', 'FileInputStream.readBytes', 'Unsafe.park', 'Object.wait', 'Thread.sleep')
top, incl, threads, n = collections.Counter(), collections.Counter(), collections.Counter(), 0
for ev in re.split(r'\n(?=jdk\.(?:ExecutionSample|NativeMethodSample) )', text):
    when = re.search(r'startTime = (\d\d:\d\d:\d\d)', ev)
    frames = re.findall(r'^\s+([\w.$<>/]+)\(', ev, re.M)
    if not when or not frames or not (start < when.group(1) < end):
        continue
    native = ev.startswith('jdk.NativeMethodSample')
    if native and any(i in frames[0] for i in idle):
        continue
    thread = re.search(r'(?:sampledThread|eventThread) = "([^"]*)"', ev)
    n += 1
    threads[re.sub(r'\d+', 'N', thread.group(1) if thread else '?') + (' (native)' if native else '')] += 1
    top[('native ' if native else '') + frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
print(f"JFR samples in the window: {n} (on-CPU Java frames, plus threads inside native methods other than waits)")
print("by thread:", ", ".join(f"{t} {c * 100 / n:.0f} %" for t, c in threads.most_common(6)))
print("hottest frames (self):")
for f, c in top.most_common(15):
    print(f"  {c * 100 / n:5.1f} %  {f}")
print("hottest of our code (inclusive):")
for f, c in [x for x in incl.most_common(200) if x[0].startswith('org.entropyfleet')][:12]:
    print(f"  {c * 100 / n:5.1f} %  {f}")
PY
