#!/usr/bin/env bash
# Real `puppet apply` of examples/temp_root.pp into a temporary root (no packages, users or
# services), then: rendered files exist with the right owners and modes, a second apply changes
# nothing, and `systemd-analyze verify` accepts the generated units (with the real launchers).
# Mode puppet runs the certs tool: needs ENTROPY_JAR_DIR (default: the repository root)/certs/target/certs.jar.
set -euo pipefail
module=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(cd "$module/.." && pwd)
certs_jar=${ENTROPY_JAR_DIR:-$repo}/certs/target/certs.jar
[ -f "$certs_jar" ] || { echo "FAIL: $certs_jar missing: build it first (mvn -B -pl certs -am package -DskipTests)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/entropy-puppet.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
ssldir=$tmp/ssl
# The skeleton every Debian root has; the module creates its own directories below it.
mkdir -p "$root"/etc/systemd/system "$root"/var/lib "$ssldir"/{certs,private_keys}

fail() { echo "FAIL: $*" >&2; exit 1; }

# A throwaway Puppet-style ssldir: CA, node certificate, CRL, and an RSA node key in PKCS#1
# ("BEGIN RSA PRIVATE KEY") as Puppet writes it, which the agents only read once converted.
make_pki() {
  local d=$1 name=$2 o="openssl"
  (
    cd "$tmp"
    $o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Test CA" \
      -keyout ca.key -out "$d/certs/ca.pem" -addext basicConstraints=critical,CA:TRUE \
      -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
    $o genrsa -traditional -out "$d/private_keys/$name.pem" 2048 2>/dev/null
    $o req -new -key "$d/private_keys/$name.pem" -subj "/CN=$name" -out node.csr 2>/dev/null
    printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$name" > ext.cnf
    $o x509 -req -in node.csr -CA "$d/certs/ca.pem" -CAkey ca.key -CAcreateserial -days 2 \
      -extfile ext.cnf -out "$d/certs/$name.pem" 2>/dev/null
    mkdir -p ca-db && : > ca-db/index.txt && echo 01 > ca-db/crlnumber
    cat > ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = $tmp/ca-db/index.txt
crlnumber = $tmp/ca-db/crlnumber
default_md = sha256
default_crl_days = 2
CNF
    $o ca -config ca.cnf -gencrl -keyfile ca.key -cert "$d/certs/ca.pem" -out "$d/crl.pem" 2>/dev/null
  )
}
make_pki "$ssldir" node1.example.net

cp -r "$module/spec/acceptance/hiera" "$tmp/hiera"   # a copy: the key rotation below edits it
apply() {  # [manifest [root]]
  FACTER_entropy_root=${2:-$root} FACTER_entropy_ssldir=$ssldir FACTER_entropy_certs="java -jar $certs_jar" \
    puppet apply --detailed-exitcodes --color=false --show_diff \
      --confdir "$tmp/puppet/etc" --vardir "$tmp/puppet/var" --codedir "$tmp/puppet/code" \
      --logdir "$tmp/puppet/log" --rundir "$tmp/puppet/run" --ssldir "$tmp/puppet/ssl" \
      --hiera_config "$tmp/hiera/hiera.yaml" \
      --modulepath "$module/spec/fixtures/modules" "$module/examples/${1:-temp_root.pp}" >"$tmp/apply.log" 2>&1
}

rc=0; apply || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/apply.log"; fail "first apply: exit $rc, expected 2 (changes, no failures)"; }

expect() {  # path type mode owner:group
  local p=$root$1 actual
  [ -e "$p" ] || fail "$1 was not created"
  actual=$(stat -c '%F %a %U:%G' "$p")
  [ "$actual" = "$2 $3 $4" ] || fail "$1: expected '$2 $3 $4', got '$actual'"
}
expect /etc/entropy-fleet                               directory    750 root:daemon
expect /etc/entropy-fleet/tls                           directory    750 root:daemon
expect /var/lib/entropy-fleet                           directory    750 daemon:daemon
expect /etc/entropy-fleet/host-agent.yaml               'regular file' 640 root:daemon
expect /etc/entropy-fleet/client-agent.yaml             'regular file' 640 root:daemon
expect /etc/entropy-fleet/tls/ca.pem                    'regular file' 644 root:daemon
expect /etc/entropy-fleet/tls/crl.pem                   'regular file' 644 root:daemon
expect /etc/entropy-fleet/tls/host.crt                  'regular file' 644 root:daemon
expect /etc/entropy-fleet/tls/host.key                  'regular file' 640 root:daemon
expect /etc/entropy-fleet/tls/client.crt                'regular file' 644 root:daemon
expect /etc/entropy-fleet/tls/client.key                'regular file' 640 root:daemon
expect /etc/systemd/system/entropy-host-agent.service   'regular file' 644 root:root
expect /etc/systemd/system/entropy-client-agent.service 'regular file' 644 root:root
expect /etc/systemd/system/entropy-client-seed.service  'regular file' 644 root:root

head -1 "$ssldir/private_keys/node1.example.net.pem" | grep -q 'BEGIN RSA PRIVATE KEY' || fail "test ssldir key is not PKCS#1"
head -1 "$root/etc/entropy-fleet/tls/host.key" | grep -qx -- '-----BEGIN PRIVATE KEY-----' || fail "host.key is not PKCS#8"
pub() { openssl pkey -pubout -in "$1" 2>/dev/null; }
[ "$(pub "$root/etc/entropy-fleet/tls/host.key")" = "$(pub "$ssldir/private_keys/node1.example.net.pem")" ] \
  || fail "host.key is not the Puppet agent's key"
cmp -s "$ssldir/certs/node1.example.net.pem" "$root/etc/entropy-fleet/tls/client.crt" || fail "client.crt is not the Puppet agent's certificate"
grep -qx 'listen: 0.0.0.0:7776' "$root/etc/entropy-fleet/host-agent.yaml" || fail "host-agent.yaml: no 'listen: 0.0.0.0:7776'"
grep -qx '  crl: "/etc/entropy-fleet/tls/crl.pem"' "$root/etc/entropy-fleet/host-agent.yaml" || fail "host-agent.yaml: no crl"
grep -qx 'ReadWritePaths=/var/lib/entropy-fleet' "$root/etc/systemd/system/entropy-client-agent.service" || fail "client unit: no ReadWritePaths for its socket"
grep -qx 'SupplementaryGroups=dialout' "$root/etc/systemd/system/entropy-host-agent.service" || fail "host unit: no SupplementaryGroups"
grep -qx 'DeviceAllow=/dev/hwrng r' "$root/etc/systemd/system/entropy-host-agent.service" || fail "host unit: no DeviceAllow for /dev/hwrng"
[ "$(grep -c '^DeviceAllow=' "$root/etc/systemd/system/entropy-host-agent.service")" = 1 ] || fail "host unit: more DeviceAllow= than device sources"
grep -q "key material\|BEGIN" "$tmp/apply.log" && fail "apply log shows file contents"

rc=0; apply || rc=$?
[ "$rc" = 0 ] || { cat "$tmp/apply.log"; fail "second apply: exit $rc, expected 0 (nothing to change)"; }

# Puppet renews the node certificate: the next run imports and places it (and restarts nothing).
( cd "$tmp" && openssl x509 -req -in node.csr -CA "$ssldir/certs/ca.pem" -CAkey ca.key -CAcreateserial -days 3 \
    -extfile ext.cnf -out "$ssldir/certs/node1.example.net.pem" 2>/dev/null )
rc=0; apply || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/apply.log"; fail "apply after certificate renewal: exit $rc, expected 2"; }
cmp -s "$ssldir/certs/node1.example.net.pem" "$root/etc/entropy-fleet/tls/host.crt" || fail "renewed certificate not placed"
grep -q 'Exec\[entropy certs import-puppet\]/returns: executed successfully' "$tmp/apply.log" || fail "import-puppet did not rerun"

# systemd-analyze verify resolves dependencies and ExecStart binaries inside --root: give the
# root the distribution's units and the package's real launchers. Warnings count as failures.
mkdir -p "$root/lib/systemd" "$root/usr/bin"
cp -a /lib/systemd/system "$root/lib/systemd/"
install -m 0755 "$repo"/packaging/src/deb/usr/bin/* "$root/usr/bin/"
install -D -m 0755 "$(readlink -f /bin/kill)" "$root/bin/kill"   # ExecReload's, from procps on a real system
for unit in entropy-host-agent.service entropy-client-agent.service entropy-client-seed.service; do
  out=$(systemd-analyze verify --man=no --generators=no --root="$root" "$unit" 2>&1) \
    || fail "systemd-analyze verify $unit: $out"
  [ -z "$out" ] || fail "systemd-analyze verify $unit warns: $out"
done
# Mode files from Hiera: the key arrives as Sensitive (module lookup_options) and never shows
# in the output, even with --show_diff.
root2=$tmp/root2
mkdir -p "$root2"/etc/systemd/system "$root2"/var/lib
rc=0; apply files_hiera.pp "$root2" || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/apply.log"; fail "files_hiera apply: exit $rc, expected 2"; }
grep -q 'SECRET-KEY-MATERIAL' "$root2/etc/entropy-fleet/tls/client.key" || fail "client.key not written from Hiera"
[ "$(stat -c '%a' "$root2/etc/entropy-fleet/tls/client.key")" = 640 ] || fail "client.key mode"
grep -q 'SECRET-KEY-MATERIAL' "$tmp/apply.log" && fail "the key appears in the apply output"
grep -q 'test CRL' "$root2/etc/entropy-fleet/tls/crl.pem" || fail "crl.pem not written from Hiera"
sed -i 's/SECRET-KEY-MATERIAL/ROTATED-KEY-MATERIAL/' "$tmp/hiera/data/common.yaml"
rc=0; apply files_hiera.pp "$root2" || rc=$?
[ "$rc" = 2 ] || { cat "$tmp/apply.log"; fail "key rotation apply: exit $rc, expected 2"; }
grep -q 'ROTATED-KEY-MATERIAL' "$root2/etc/entropy-fleet/tls/client.key" || fail "rotated key not written"
grep -q 'KEY-MATERIAL' "$tmp/apply.log" && fail "the rotated key appears in the diff output"

echo "acceptance: apply into $root ok, idempotent, units verified; files mode from Hiera, key never shown"
