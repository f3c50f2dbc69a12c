#!/usr/bin/env bash
# pki_mode `suite` for real: `puppet apply` of examples/suite_pki.pp runs the suite's certs tool
# (init-ca, issue host, issue client, list --expiring), renders both agents' configs with every
# option set, and the agents' own `check-config` must accept them (TLS files included). A second
# apply must change nothing (nothing expires, so `certs renew` stays skipped).
# Needs the built jars: ENTROPY_JAR_DIR (default: the repository root) /{certs,host-agent,client-agent}/target/*.jar
set -euo pipefail
module=$(cd "$(dirname "$0")/../.." && pwd)
jars=${ENTROPY_JAR_DIR:-$module/..}
fail() { echo "FAIL: $*" >&2; exit 1; }
for j in certs host-agent client-agent; do
  [ -f "$jars/$j/target/$j.jar" ] || fail "$jars/$j/target/$j.jar missing: build it first (mvn -B -pl $j -am package -DskipTests)"
done
tmp=$(mktemp -d /tmp/entropy-suite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
base=$tmp/base
mkdir -p "$base/units"

apply() {
  FACTER_entropy_base=$base FACTER_entropy_certs="java -jar $jars/certs/target/certs.jar" \
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
echo "acceptance: pki_mode suite ok (certs tool ran, agents' check-config accepted both configs), idempotent"
