# Sourced by the benchmark scripts in this directory (run from the repository root): the build's tools,
# the C programs, a throwaway PKI, free ports and the agent's benchmark configuration, written once.

# bench_require: the launchers the scripts run (never built here: the caller's build is what is measured)
bench_require() {
  local f
  for f in host-agent/target/host-agent certs/target/certs; do
    [ -x "$f" ] || { echo "missing $f: mvn -B -q -pl host-agent,certs -am package -DskipTests" >&2; exit 2; }
  done
}

# bench_compile DIR PROGRAM...: host-agent/bench/PROGRAM.c → DIR/PROGRAM (egdload needs OpenSSL's headers)
bench_compile() {
  local dir=$1 p; shift
  mkdir -p "$dir"
  for p in "$@"; do
    gcc -O2 -Wall -o "$dir/$p" "host-agent/bench/$p.c" -lssl -lcrypto -lpthread
  done
}

# bench_pki DIR [CLIENT...|--no-clients]: a CA, the host certificate bench-host (SAN localhost) and client
# certificates (bench-client if none are named)
bench_pki() {
  local dir=$1 c; shift
  certs/target/certs init-ca --dir "$dir" >/dev/null
  certs/target/certs issue host bench-host --san localhost --dir "$dir" >/dev/null
  [ "${1:-}" = --no-clients ] && return 0
  for c in "${@:-bench-client}"; do
    certs/target/certs issue client "$c" --dir "$dir" >/dev/null
  done
}

# bench_workdir NAME: WORK=/tmp/NAME.XXXXXX, removed at exit (kept with BENCH_KEEP=1) after the processes
# whose pids the script put in PIDS were stopped
bench_workdir() {
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  PIDS=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}

# bench_wait_port PORT...: until each loopback PORT accepts a connection, at most 60 s each; 1 (and a message
# naming the port) if one never does
bench_wait_port() {
  local port _
  for port in "$@"; do
    for _ in $(seq 600); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue 2
      sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$port after 60 s" >&2
    return 1
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# bench_agent_config FILE PORT PKI_DIR STATE_DIR [YAML_LINE...]: the default configuration plus what a
# benchmark must set — listen, tls, one `cat /dev/urandom` command source (min-entropy 8, so health tests
# and SHA-512 conditioning run; $BENCH_SOURCE replaces it, e.g. "{type: device, path: /dev/urandom, min-entropy: 8}"),
# a state directory, metrics on a free port (another agent may hold the
# default 9776 on a shared machine) — and the caller's lines.
bench_agent_config() {
  local file=$1 port=$2 pki=$3 state=$4; shift 4
  mkdir -p "$state"
  {
    echo "listen: 127.0.0.1:$port"
    echo "tls: {cert: $pki/issued/bench-host.crt, key: $pki/issued/bench-host.key, ca: $pki/ca-bundle.pem}"
    echo "sources:"
    local source='{type: command, name: urandom, command: ["/bin/sh", "-c", "exec cat /dev/urandom"], min-entropy: 8}'
    echo "  - ${BENCH_SOURCE:-$source}"
    echo "state-dir: $state"
    echo "metrics: {listen: \"127.0.0.1:$(free_port)\"}"
    local line
    for line in "$@"; do echo "$line"; done
  } >"$file"
}

# bench_stunnel_config FILE PORT BACKEND_PORT PKI_DIR: stunnel4 in front of egdbackend, with the agent's host
# certificate and the same client verification (verify = 2: a client certificate from the CA is required)
bench_stunnel_config() {
  cat >"$1" <<CONF
foreground = yes
pid =
debug = 3
[egd]
accept = 127.0.0.1:$2
connect = 127.0.0.1:$3
cert = $4/issued/bench-host.crt
key = $4/issued/bench-host.key
CAfile = $4/ca-bundle.pem
verify = 2
CONF
}
