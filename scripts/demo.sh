#!/usr/bin/env bash
# The demo: builds the suite, makes a throwaway PKI with the certs tool, starts a host-agent on
# /dev/hwrng (or, if absent, a clearly labelled NON-HARDWARE source), starts a client-agent that
# feeds the kernel if it may, and a local EGD reader on the client; shows a live one-line status for
# DEMO_SECONDS, then shuts everything down by itself. Files are named as the .deb installs them
# (host-agent.yaml, client-agent.yaml, tls/ca.pem, tls/host.*, tls/client.*), under a temp dir.
# When something failed, the logs and configs are kept there (the keys are removed).
#   DEMO_SECONDS=N   how long to show the status line (default 20; Ctrl-C stops earlier)
#   DEMO_SKIP_BUILD=1  reuse the jars already built
# The agents run through the build's launchers (<module>/target/<module>): the .deb's JVM flags.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_TO_RUN=${DEMO_SECONDS:-20}

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
CERTS="$ROOT/certs/target/certs"

WORK=$(mktemp -d /tmp/entropy-fleet-demo.XXXXXX)
PIDS=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  echo
  echo "==> shutting down"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$rc" = 0 ] || [ "$rc" = 130 ]; then   # 130: stopped with Ctrl-C
    rm -rf "$WORK"
    echo "==> done (logs were in $WORK, now removed)"
  else
    rm -rf "$WORK/pki" "$WORK/tls"   # private keys; the logs and configs are what tell what failed
    echo "==> FAILED (exit $rc): logs and configs kept in $WORK:"
    ls "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for p in $(seq "$1" $(( $1 + 200 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    echo "$p"; return 0
  done
  return 1
}
HOST_PORT=$(free_port 17776); HOST_METRICS=$(free_port 19776)
CLIENT_METRICS=$(free_port 19877); LOCAL_EGD=$(free_port 17877)

echo "==> throwaway PKI in $WORK/pki, installed into $WORK/tls as the .deb lays it out"
PKI=$WORK/pki
TLS=$WORK/tls
$CERTS init-ca --dir "$PKI" >/dev/null
$CERTS issue host rng1.example.net --san localhost --san 127.0.0.1 --dir "$PKI" >/dev/null
$CERTS issue client vm1.example.net --dir "$PKI" >/dev/null
mkdir -m 0700 "$TLS"
install -m 0644 "$PKI/ca-bundle.pem" "$TLS/ca.pem"
install -m 0644 "$PKI/issued/rng1.example.net.crt" "$TLS/host.crt"
install -m 0600 "$PKI/issued/rng1.example.net.key" "$TLS/host.key"
install -m 0644 "$PKI/issued/vm1.example.net.crt" "$TLS/client.crt"
install -m 0600 "$PKI/issued/vm1.example.net.key" "$TLS/client.key"

if [ -c /dev/hwrng ] && timeout 5 head -c 8 /dev/hwrng >/dev/null 2>&1; then
  SOURCE="  - type: device
    path: /dev/hwrng
    min-entropy: 6"
  echo "==> source: hardware RNG /dev/hwrng (assessed 6 bits of min-entropy per byte)"
else
  SOURCE="  - type: command
    command: [\"/bin/sh\", \"-c\", \"exec cat /dev/urandom\"]
    min-entropy: 1"
  echo "==> source: NOT HARDWARE — no readable /dev/hwrng; using /dev/urandom via a command source (demo only)"
fi

cat > "$WORK/host-agent.yaml" <<YAML
listen: 127.0.0.1:$HOST_PORT
tls:
  cert: $TLS/host.crt
  key: $TLS/host.key
  ca: $TLS/ca.pem
  allow: ["vm*.example.net"]
sources:
$SOURCE
metrics:
  listen: 127.0.0.1:$HOST_METRICS
YAML

if [ "$(id -u)" = 0 ]; then MODE=auto; else MODE=off; fi
cat > "$WORK/client-agent.yaml" <<YAML
hosts: ["localhost:$HOST_PORT"]
tls:
  cert: $TLS/client.crt
  key: $TLS/client.key
  ca: $TLS/ca.pem
kernel:
  mode: $MODE
  top-up-interval: 5s     # the demo tops up often so the credit is visible; the default is 60s
  reseed: true
local-egd:
  listen: 127.0.0.1:$LOCAL_EGD
metrics:
  listen: 127.0.0.1:$CLIENT_METRICS
YAML
[ "$MODE" = off ] && echo "==> not root: the client-agent will not credit the kernel (kernel.mode: off); it shows what it would credit"

"$ROOT/host-agent/target/host-agent" --config "$WORK/host-agent.yaml" >"$WORK/host-agent.log" 2>&1 &
PIDS+=($!)
"$ROOT/client-agent/target/client-agent" --config "$WORK/client-agent.yaml" >"$WORK/client-agent.log" 2>&1 &
PIDS+=($!)

scrape() { # port → Prometheus text of an agent's /metrics
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && cat <&3) 2>/dev/null || true
}
value() { # text name → sum of the samples of one metric ("?" when absent)
  awk -v n="$2" '$1 == n { v += $2; found = 1 } END { if (found) printf "%.0f", v; else print "?" }' <<<"$1"
}
healthy() { # port → 0 when /healthz answers 200
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && head -1 <&3) 2>/dev/null | grep -q ' 200'
}

agents_alive() { # 0 while both agents run; otherwise says which one exited and shows its log
  local name pid
  for name in host-agent client-agent; do
    pid=${AGENT_PID[$name]}
    kill -0 "$pid" 2>/dev/null && continue
    echo; echo "==> $name exited early; its log ($WORK/$name.log):"; tail -n 20 "$WORK/$name.log"
    return 1
  done
}
declare -A AGENT_PID=([host-agent]=${PIDS[0]} [client-agent]=${PIDS[1]})

echo "==> host-agent on 127.0.0.1:$HOST_PORT, client-agent local EGD on 127.0.0.1:$LOCAL_EGD"
started=0
for _ in $(seq 1 150); do
  healthy "$HOST_METRICS" && healthy "$CLIENT_METRICS" && { started=1; break; }
  agents_alive || exit 1
  sleep 0.2
done
[ "$started" = 1 ] || { echo "==> the agents did not report healthy within 30 s"; exit 1; }

# A local program speaking EGD to the client-agent, as OpenSSL or QEMU's rng-egd would: 64 bytes a
# second. It counts what it really received (never the bytes themselves) in reader.count.
READ_COUNT=$WORK/reader.count
echo 0 >"$READ_COUNT"
(
  exec 3<>"/dev/tcp/127.0.0.1/$LOCAL_EGD" || { echo "cannot connect" >"$WORK/reader.log"; exit 1; }
  total=0
  while :; do
    printf '\x02\x40' >&3
    n=$(head -c 64 <&3 | wc -c)
    total=$(( total + n ))
    echo "$total" >"$READ_COUNT"
    [ "$n" = 64 ] || { echo "short read ($n of 64 bytes): connection closed" >"$WORK/reader.log"; exit 1; }
    sleep 1
  done
) 2>>"$WORK/reader.log" &
PIDS+=($!)

echo "==> live status for ${SECONDS_TO_RUN}s, then the demo stops by itself (DEMO_SECONDS=N to change; Ctrl-C stops earlier)"
prev=$(value "$(scrape "$HOST_METRICS")" host_serve_bytes_served_total); prev=${prev/\?/0}
end=$(( $(date +%s) + SECONDS_TO_RUN ))
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 1
  agents_alive || exit 1
  host=$(scrape "$HOST_METRICS"); client=$(scrape "$CLIENT_METRICS")
  served=$(value "$host" host_serve_bytes_served_total); served=${served/\?/0}
  sources=$(awk '$1 ~ /^host_source_health_state[{]/ { t++; if ($2 == 0) h++ } END { printf "%d/%d", h, t }' <<<"$host")
  printf '\r%s  served %5s B/s | sources healthy %s | pool %s B | clients %s | kernel credited %s B | local reader got %s B | stops in %2ss ' \
    "$(date +%T)" $(( served - prev )) "$sources" "$(value "$host" host_pool_level_bytes)" \
    "$(value "$host" host_serve_connections)" "$(value "$client" kernel_entropy_credited_bytes_total)" \
    "$(cat "$READ_COUNT")" $(( end > $(date +%s) ? end - $(date +%s) : 0 ))
  prev=$served
done
echo
got=$(cat "$READ_COUNT")
if [ -s "$WORK/reader.log" ] || [ "$got" -eq 0 ]; then
  echo "==> the local EGD reader failed after $got bytes: $(cat "$WORK/reader.log" 2>/dev/null)"
  exit 1
fi
echo "==> the local EGD reader received $got bytes through host-agent -> mTLS -> client-agent"
