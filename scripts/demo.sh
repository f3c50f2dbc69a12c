#!/usr/bin/env bash
# The demo: builds the suite, makes a throwaway PKI with the certs tool, starts a host-agent on
# /dev/hwrng (or, if absent, a clearly labelled NON-HARDWARE source), starts a client-agent that
# feeds the kernel if it may, shows a live one-line status, then shuts everything down cleanly.
#   DEMO_SECONDS=N   how long to show the status line (default 20; Ctrl-C stops earlier)
#   DEMO_SKIP_BUILD=1  reuse the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_TO_RUN=${DEMO_SECONDS:-20}

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
JAVA=${JAVA:-java}
CERTS="$JAVA -jar $ROOT/certs/target/certs.jar"

WORK=$(mktemp -d /tmp/entropy-fleet-demo.XXXXXX)
PIDS=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "==> shutting down"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  echo "==> done (logs were in $WORK, now removed)"
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

echo "==> throwaway PKI in $WORK/pki"
$CERTS init-ca --dir "$WORK/pki" >/dev/null
$CERTS issue host demo-host --san localhost --san 127.0.0.1 --dir "$WORK/pki" >/dev/null
$CERTS issue client demo-client --dir "$WORK/pki" >/dev/null
PKI=$WORK/pki

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

cat > "$WORK/host.yaml" <<YAML
listen: 127.0.0.1:$HOST_PORT
tls:
  cert: $PKI/issued/demo-host.crt
  key: $PKI/issued/demo-host.key
  ca: $PKI/ca-bundle.pem
  allow: ["demo-client"]
sources:
$SOURCE
metrics:
  listen: 127.0.0.1:$HOST_METRICS
YAML

if [ "$(id -u)" = 0 ]; then MODE=auto; else MODE=off; fi
cat > "$WORK/client.yaml" <<YAML
hosts: ["localhost:$HOST_PORT"]
tls:
  cert: $PKI/issued/demo-client.crt
  key: $PKI/issued/demo-client.key
  ca: $PKI/ca-bundle.pem
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

JOPTS="-XX:+UseSerialGC -Xmx64m"
$JAVA $JOPTS -jar "$ROOT/host-agent/target/host-agent.jar" --config "$WORK/host.yaml" >"$WORK/host.log" 2>&1 &
PIDS+=($!)
$JAVA $JOPTS -jar "$ROOT/client-agent/target/client-agent.jar" --config "$WORK/client.yaml" >"$WORK/client.log" 2>&1 &
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

echo "==> host-agent on 127.0.0.1:$HOST_PORT, client-agent local EGD on 127.0.0.1:$LOCAL_EGD; Ctrl-C to stop"
for _ in $(seq 1 150); do
  healthy "$HOST_METRICS" && healthy "$CLIENT_METRICS" && break
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "an agent exited early:"; cat "$WORK"/*.log; exit 1; }; done
  sleep 0.2
done

# A local program speaking EGD to the client-agent, as OpenSSL or QEMU's rng-egd would: 64 bytes a second.
(
  exec 3<>"/dev/tcp/127.0.0.1/$LOCAL_EGD" || exit 0
  while :; do printf '\x02\x40' >&3; head -c 64 <&3 >/dev/null; sleep 1; done
) 2>/dev/null &
PIDS+=($!)

prev=$(value "$(scrape "$HOST_METRICS")" host_serve_bytes_served_total); prev=${prev/\?/0}
end=$(( $(date +%s) + SECONDS_TO_RUN ))
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 1
  host=$(scrape "$HOST_METRICS"); client=$(scrape "$CLIENT_METRICS")
  served=$(value "$host" host_serve_bytes_served_total); served=${served/\?/0}
  sources=$(awk '$1 ~ /^host_source_health_state[{]/ { t++; if ($2 == 0) h++ } END { printf "%d/%d", h, t }' <<<"$host")
  printf '\r%s  served %5s B/s | sources healthy %s | pool %s B | clients %s | gathered %s B | kernel credited %s B   ' \
    "$(date +%T)" $(( served - prev )) "$sources" "$(value "$host" host_pool_level_bytes)" \
    "$(value "$host" host_serve_connections)" "$(value "$host" host_pool_bytes_in_total)" \
    "$(value "$client" kernel_entropy_credited_bytes_total)"
  prev=$served
done
echo
