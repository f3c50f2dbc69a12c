#!/usr/bin/env bash
# pki_mode `suite` for real: `puppet apply` of examples/suite_pki.pp runs the suite's certs tool
# (init-ca, issue host, issue client, list --expiring), renders both agents' configs with every
# option set, and the agents' own `check-config` must accept them (TLS files included). A second
# apply must change nothing (nothing expires, so `certs renew` stays skipped); a third, after a CRL
# was published with 1 hour of validity, must republish it (`certs crl`). Finally both
# agents run from the rendered files: client-agent fetches from host-agent over mTLS and serves
# bytes on its local EGD endpoint.
# Needs the built jars: ENTROPY_JAR_DIR (default: the repository root) /{certs,host-agent,client-agent}/target/*.jar
set -euo pipefail
module=$(cd "$(dirname "$0")/../.." && pwd)
jars=${ENTROPY_JAR_DIR:-$module/..}
fail() { echo "FAIL: $*" >&2; exit 1; }
for j in certs host-agent client-agent; do
  [ -f "$jars/$j/target/$j.jar" ] || fail "$jars/$j/target/$j.jar missing: build it first (mvn -B -pl $j -am package -DskipTests)"
done
tmp=$(mktemp -d /tmp/entropy-suite.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
base=$tmp/base
mkdir -p "$base/units"

# Four free loopback ports (host EGD, host metrics, client local EGD, client metrics).
read -r host_port host_metrics local_egd client_metrics < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
)

apply() {
  FACTER_entropy_base=$base FACTER_entropy_certs="java -jar $jars/certs/target/certs.jar" \
  FACTER_entropy_host_port=$host_port FACTER_entropy_host_metrics=$host_metrics \
  FACTER_entropy_local_egd=$local_egd FACTER_entropy_client_metrics=$client_metrics \
    puppet apply --detailed-exitcodes --color=false \
      --confdir "$tmp/puppet/etc" --vardir "$tmp/puppet/var" --codedir "$tmp/puppet/code" \
      --logdir "$tmp/puppet/log" --rundir "$tmp/puppet/run" --ssldir "$tmp/puppet/ssl" \
      --modulepath "$module/spec/fixtures/modules" "$module/examples/suite_pki.pp" >"$tmp/apply.log" 2>&1
}
rc=0; apply || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/apply.log"; fail "first apply: exit $rc, expected 2"; }
for e in 'Exec[entropy certs init-ca]' 'Exec[entropy certs issue host localhost]' 'Exec[entropy certs issue client client-vm1]'; do
  grep -qF "$e/returns: executed successfully" "$tmp/apply.log" || { cat "$tmp/apply.log"; fail "$e did not run"; }
done
grep -qF 'Exec[entropy certs renew]' "$tmp/apply.log" && fail "certs renew ran although nothing expires"
grep -qF 'Exec[entropy certs crl]' "$tmp/apply.log" && fail "certs crl ran although the CRL is fresh (7 days)"

cmp -s "$base/pki/issued/localhost.key" "$base/etc/tls/host.key" || fail "host.key is not the issued key"
cmp -s "$base/pki/ca-bundle.pem" "$base/etc/tls/ca.pem" || fail "ca.pem is not the suite's CA bundle"
[ "$(stat -c '%a %U:%G' "$base/etc/tls/client.key")" = "640 root:daemon" ] || fail "client.key mode/owner: $(stat -c '%a %U:%G' "$base/etc/tls/client.key")"
openssl x509 -in "$base/etc/tls/host.crt" -noout -ext subjectAltName | grep -q 'IP Address:127.0.0.1' \
  || fail "host certificate lacks the IP SAN asked for"

out=$(java -jar "$jars/host-agent/target/host-agent.jar" check-config "$base/etc/host-agent.yaml" 2>&1) \
  || fail "host-agent check-config rejected the Puppet-rendered config: $out"
out=$(java -jar "$jars/client-agent/target/client-agent.jar" check-config "$base/etc/client-agent.yaml" 2>&1) \
  || fail "client-agent check-config rejected the Puppet-rendered config: $out"

rc=0; apply || rc=$?
[ "$rc" = 0 ] || { cat "$tmp/apply.log"; fail "second apply: exit $rc, expected 0 (nothing to change)"; }

# CRL renewal: a CRL that ends within entropy::crl_renew_before (3d) -- here one published with a
# validity of 1 hour -- is republished by the next apply for crl_next_update (7d), with a higher CRL
# number, and the copy the agents read (tls.crl) follows.
crl_field() { openssl crl -in "$1" -noout "-$2" | cut -d= -f2; }
java -jar "$jars/certs/target/certs.jar" crl --dir "$base/pki" --next-update 1h >/dev/null
short=$(crl_field "$base/pki/ca.crl" crlnumber)
rc=0; apply || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/apply.log"; fail "apply with a CRL due within 3d: exit $rc, expected 2"; }
grep -qF 'Exec[entropy certs crl]/returns: executed successfully' "$tmp/apply.log" \
  || { cat "$tmp/apply.log"; fail "Puppet did not republish a CRL due within 3d"; }
renewed=$(crl_field "$base/pki/ca.crl" crlnumber)
[ $((renewed)) -gt $((short)) ] || fail "republished CRL number $renewed is not above $short"
next=$(date -d "$(crl_field "$base/pki/ca.crl" nextupdate)" +%s)
[ "$next" -gt $(($(date +%s) + 6 * 86400)) ] || fail "republished CRL ends $(crl_field "$base/pki/ca.crl" nextupdate), expected in 7 days"
cmp -s "$base/pki/ca.crl" "$base/etc/tls/crl.pem" || fail "tls/crl.pem is not the republished CRL"
# Run both agents from what Puppet rendered (as the test user, not through the units).
"$jars/host-agent/target/host-agent" --config "$base/etc/host-agent.yaml" >"$tmp/host.log" 2>&1 &
pids+=($!)
"$jars/client-agent/target/client-agent" --config "$base/etc/client-agent.yaml" >"$tmp/client.log" 2>&1 &
pids+=($!)
# Poll (deadline 60 s) the client's local EGD endpoint: 0x02 32 must return exactly 32 bytes.
if ! python3 - "$local_egd" <<'PY'
import socket, sys, time
port, deadline, last = int(sys.argv[1]), time.monotonic() + 60, "no attempt"
while time.monotonic() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.settimeout(10)
            s.sendall(b"\x02\x20")
            data = b""
            while len(data) < 32:
                chunk = s.recv(32 - len(data))
                if not chunk:
                    raise OSError("closed after %d bytes" % len(data))
                data += chunk
            if len(set(data)) < 8:
                sys.exit("32 bytes with fewer than 8 distinct values: not entropy")
            sys.exit(0)
    except OSError as e:
        last = str(e)
        time.sleep(0.2)
sys.exit("no 32 bytes from the local EGD endpoint within 60 s: " + last)
PY
then
  echo "--- host-agent log"; tail -30 "$tmp/host.log"; echo "--- client-agent log"; tail -30 "$tmp/client.log"
  fail "client-agent did not serve host-agent entropy with the Puppet-rendered configs"
fi
echo "acceptance: pki_mode suite ok (certs tool ran, agents' check-config accepted both configs, idempotent,"
echo "            a CRL due within 3 days republished);"
echo "            both agents ran from the rendered configs: 32 bytes host-agent → mTLS → client-agent → local EGD"
