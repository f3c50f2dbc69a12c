#!/usr/bin/env bash
# Fleet discovery for real, with Debian 12's packages on loopback: puppetserver, PuppetDB on a
# private PostgreSQL cluster, puppet-terminus-puppetdb. Three agent identities (rng1.test,
# rng2.test hosts; vm1.test, vm2.test clients), each `puppet agent -t` with its own certname,
# ssldir and vardir, applying into its own temporary root (no packages, users or services):
#   1. the clients' rendered client-agent.yaml lists rng1, exported by its run;
#   2. rng2 appears in both clients' lists after its own agent run;
#   3. `puppet node deactivate rng1.test` removes rng1 on the clients' next run.
# Every service is started here (once, for all three steps) and stopped on exit; nothing is
# enabled or left running. Needs root (PostgreSQL runs as user postgres) and the built certs jar
# (ENTROPY_JAR_DIR, default the repository root). Prints its duration.
set -euo pipefail
module=$(cd "$(dirname "$0")/../.." && pwd)
certs_jar=${ENTROPY_JAR_DIR:-$module/..}/certs/target/certs.jar
started=$(date +%s)
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (PostgreSQL runs as user postgres), as scripts/test.sh does"
[ -f "$certs_jar" ] || fail "$certs_jar missing: build it first (mvn -B -pl certs -am package -DskipTests)"
for f in /usr/share/puppetserver/puppetserver.jar /usr/share/puppetdb/puppetdb.jar \
  /usr/lib/ruby/vendor_ruby/puppet/indirector/resource/puppetdb.rb; do
  [ -f "$f" ] || fail "$f missing: install puppetserver puppetdb puppet-terminus-puppetdb (scripts/test.sh does)"
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$pg_bin/initdb" ] || fail "PostgreSQL server missing: install postgresql"

tmp=$(mktemp -d /tmp/entropy-discovery.XXXXXX)
chmod 755 "$tmp"   # PostgreSQL (user postgres) works below it
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$tmp/pg/postmaster.pid" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$tmp/pg" stop -m immediate >/dev/null 2>&1 || true
  if [ "$rc" != 0 ]; then
    for log in "$tmp"/logs/* "$tmp/pgsock/postgresql.log"; do echo "--- $log (tail)" >&2; tail -n 30 "$log" >&2 || true; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/logs"

read -r pg_port pdb_port pdb_ssl_port server_port < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
)

# Polls "$@" (a command) every 0.5 s until it succeeds, at most $1 seconds.
poll() {
  local deadline=$(( $(date +%s) + $1 )) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$what: not within the deadline"
    sleep 0.5
  done
}

# --- PostgreSQL: a private cluster, no fsync (thrown away afterwards) ---------------------------
install -d -o postgres -g postgres -m 700 "$tmp/pg" "$tmp/pgsock"
runuser -u postgres -- "$pg_bin/initdb" -D "$tmp/pg" -A trust -U postgres --no-sync >"$tmp/logs/initdb.log" 2>&1
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$tmp/pg" -w -l "$tmp/pgsock/postgresql.log" start \
  -o "-p $pg_port -k $tmp/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=16MB" >/dev/null
psql() { runuser -u postgres -- "$pg_bin/psql" -h "$tmp/pgsock" -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql -c "CREATE ROLE puppetdb LOGIN PASSWORD 'puppetdb'" -c "CREATE DATABASE puppetdb OWNER puppetdb"
psql -d puppetdb -c "CREATE EXTENSION pg_trgm"

# --- Puppet server configuration: CA, its certificate (also PuppetDB's), code ----------------------
srv=$tmp/server
mkdir -p "$srv"/{etc,conf.d,code/environments/production/manifests,code/environments/production/modules,var,run,log,gems}
cat > "$srv/etc/puppet.conf" <<EOF
[main]
certname = localhost
server = localhost
serverport = $server_port
ssldir = $srv/ssl
cadir = $srv/ca
vardir = $srv/var
# only this environment's modules (entropy, stdlib): agents then have no other plugins to sync
basemodulepath = $srv/code/modules
# the code does not change during the test: parse and load it once, not for every catalogue
environment_timeout = unlimited
[server]
storeconfigs = true
storeconfigs_backend = puppetdb
reports = none
autosign = true
dns_alt_names = localhost
EOF
cat > "$srv/etc/puppetdb.conf" <<EOF
[main]
server_urls = https://localhost:$pdb_ssl_port
soft_write_failure = false
EOF
ln -s "$module" "$srv/code/environments/production/modules/entropy"
ln -s /usr/share/puppet/modules/stdlib "$srv/code/environments/production/modules/stdlib"
cat > "$srv/code/environments/production/manifests/site.pp" <<'EOF'
# Every identity applies into its own root ($facts from the agent's environment): no packages,
# users or services, the Puppet PKI of its own ssldir.
$pki = {
  root_dir        => $facts['entropy_root'],
  manage_package  => false,
  manage_java     => false,
  manage_user     => false,
  user            => 'daemon',
  group           => 'daemon',
  local_egd_group => 'daemon',
  pki_mode        => 'puppet',
  ssldir          => $facts['entropy_ssldir'],
  certs_command   => $facts['entropy_certs'],
}
node /^rng\d\.test$/ {
  class { 'entropy': * => $pki }
  class { 'entropy::host':
    manage_service => false,
    export_address => '127.0.0.1',
    listen_port    => 7800 + Integer($trusted['certname'][3]),
    sources        => [{ 'type' => 'device', 'path' => '/dev/urandom', 'min-entropy' => 8 }],
  }
}
node /^vm\d\.test$/ {
  class { 'entropy': * => $pki }
  class { 'entropy::client':
    manage_service => false,
  }
}
EOF
mkdir -p "$srv/ca" "$srv/ssl"
ruby /usr/share/puppetserver/cli/apps/ca setup --config "$srv/etc/puppet.conf" >"$tmp/logs/ca-setup.log" 2>&1 \
  || fail "puppetserver ca setup: $(cat "$tmp/logs/ca-setup.log")"
ssl=$srv/ssl
cat > "$tmp/logback.xml" <<'EOF'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %-5p [%c{2}] %m%n</pattern></encoder>
  </appender>
  <root level="warn"><appender-ref ref="OUT"/></root>
</configuration>
EOF
for f in auth.conf ca.conf web-routes.conf metrics.conf; do cp "/etc/puppet/puppetserver/conf.d/$f" "$srv/conf.d/"; done
cat > "$srv/conf.d/global.conf" <<EOF
global: { logging-config: $tmp/logback.xml }
EOF
cat > "$srv/conf.d/webserver.conf" <<EOF
webserver: { client-auth: want, ssl-host: 127.0.0.1, ssl-port: $server_port }
EOF
# One JRuby, no JIT compilation of Ruby: this server compiles a handful of catalogues.
cat > "$srv/conf.d/puppetserver.conf" <<EOF
jruby-puppet: {
  ruby-load-path: [/usr/lib/puppetserver/ruby/vendor_ruby]
  gem-home: $srv/gems
  gem-path: [$srv/gems, /usr/lib/puppetserver/vendored-jruby-gems]
  server-conf-dir: $srv/etc
  server-code-dir: $srv/code
  server-var-dir: $srv/var
  server-run-dir: $srv/run
  server-log-dir: $srv/log
  max-active-instances: 1
  compile-mode: off
}
http-client: {}
profiler: { enabled: false }
EOF

# --- PuppetDB ---------------------------------------------------------------------------------------
pdb=$tmp/puppetdb
mkdir -p "$pdb/conf.d" "$pdb/var"
cp /etc/puppetdb/conf.d/auth.conf "$pdb/conf.d/"
cat > "$pdb/conf.d/config.ini" <<EOF
[global]
vardir = $pdb/var
logging-config = $tmp/logback.xml
[puppetdb]
disable-update-checking = true
[command-processing]
threads = 1
EOF
cat > "$pdb/conf.d/database.ini" <<EOF
[database]
subname = //127.0.0.1:$pg_port/puppetdb
username = puppetdb
password = puppetdb
EOF
cat > "$pdb/conf.d/jetty.ini" <<EOF
[jetty]
host = 127.0.0.1
port = $pdb_port
ssl-host = 127.0.0.1
ssl-port = $pdb_ssl_port
ssl-cert = $ssl/certs/localhost.pem
ssl-key = $ssl/private_keys/localhost.pem
ssl-ca-cert = $ssl/certs/ca.pem
EOF

# Both JVMs at once, small heaps, C1 only: they start in well under a minute even on a busy machine.
jvm_quick=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss2m)
java -Xmx256m "${jvm_quick[@]}" -cp /usr/share/puppetdb/puppetdb.jar clojure.main -m puppetlabs.puppetdb.core services \
  --config "$pdb/conf.d" --bootstrap-config /etc/puppetdb/bootstrap.cfg >"$tmp/logs/puppetdb.log" 2>&1 &
pids+=($!)
java -Xms192m -Xmx512m "${jvm_quick[@]}" -Djruby.lib=/usr/share/jruby/lib -jar /usr/share/puppetserver/puppetserver.jar \
  --config "$srv/conf.d" --bootstrap-config /etc/puppet/puppetserver/services.d >"$tmp/logs/puppetserver.log" 2>&1 &
pids+=($!)
pdb_query() { curl -sf -G "http://127.0.0.1:$pdb_port/pdb/query/v4/$1" ${2:+--data-urlencode "query=$2"}; }
pdb_running() { curl -sf "http://127.0.0.1:$pdb_port/status/v1/services/puppetdb-status" | grep -q '"state":"running"'; }
server_running() { curl -sf --cacert "$ssl/certs/ca.pem" "https://localhost:$server_port/status/v1/simple" | grep -qx running; }
poll 300 "PuppetDB to start" pdb_running
poll 300 "puppetserver to start" server_running
echo "services up after $(( $(date +%s) - started )) s"

# --- agent runs ---------------------------------------------------------------------------------------
agent() {  # certname: one `puppet agent -t`, applying into the identity's own root
  local d=$tmp/agents/$1 rc=0 t0
  t0=$(date +%s)
  if [ ! -d "$d" ]; then
    mkdir -p "$d/root/etc/systemd/system" "$d/root/var/lib" "$d/etc" "$d/var/lib"
    # What pluginsync would fetch file by file (every module's lib/), already in place: it then
    # compares checksums only, in one request.
    cp -r /usr/share/puppet/modules/stdlib/lib/. "$module/lib/." "$d/var/lib/"
  fi
  FACTER_entropy_root=$d/root FACTER_entropy_ssldir=$d/ssl FACTER_entropy_certs="java -jar $certs_jar" \
    puppet agent -t --color=false --certname "$1" --server localhost --serverport "$server_port" \
      --confdir "$d/etc" --vardir "$d/var" --ssldir "$d/ssl" --logdir "$d/log" --rundir "$d/run" \
      --codedir "$d/code" --waitforcert 0 --no-report >"$tmp/logs/agent-$1.log" 2>&1 || rc=$?
  # --detailed-exitcodes: 0 nothing changed, 2 changes; 1, 4 and 6 are failures
  [ "$rc" = 0 ] || [ "$rc" = 2 ] || { cat "$tmp/logs/agent-$1.log" >&2; fail "puppet agent -t --certname $1: exit $rc"; }
  echo "  puppet agent -t --certname $1: $(( $(date +%s) - t0 )) s"
}
clients() {  # both clients' runs at once
  local p1 p2 rc=0
  agent vm1.test & p1=$!
  agent vm2.test & p2=$!
  wait "$p1" || rc=1
  wait "$p2" || rc=1
  [ "$rc" = 0 ] || fail "a client run failed"
}
# The hosts a client's rendered client-agent.yaml names, one "name@address" per line, in its order.
listed() {
  ruby -ryaml -e 'YAML.safe_load(File.read(ARGV[0]))["hosts"].each { |h| puts h.is_a?(Hash) ? "#{h["name"]}@#{h["address"]}" : h }' \
    "$tmp/agents/$1/root/etc/entropy-fleet/client-agent.yaml"
}
expect_hosts() {  # client expected...: the client's list holds exactly these, in any order
  local c=$1 got want
  shift
  got=$(listed "$c" | sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "$c lists '$got', expected '$want'"
  echo "$c lists: $(listed "$c" | tr '\n' ' ')"
}
exported_by() {  # certname: PuppetDB holds that node's exported endpoint (PuppetDB stores commands asynchronously)
  pdb_query resources "[\"and\", [\"=\", \"type\", \"Entropy::Host_endpoint\"], [\"=\", \"certname\", \"$1\"], [\"=\", \"exported\", true]]" | grep -q "\"title\":\"$1\""
}
not_exported_by() {  # certname: PuppetDB answers, and no longer with that node's endpoint
  local r
  r=$(pdb_query resources "[\"and\", [\"=\", \"type\", \"Entropy::Host_endpoint\"], [\"=\", \"certname\", \"$1\"]]") && ! grep -q "\"title\":\"$1\"" <<<"$r"
}

t=$(date +%s)
agent rng1.test
poll 60 "PuppetDB to store rng1's catalogue" exported_by rng1.test
clients
expect_hosts vm1.test rng1.test@127.0.0.1:7801
expect_hosts vm2.test rng1.test@127.0.0.1:7801
echo "step 1 (rng1 exported, both clients list it): $(( $(date +%s) - t )) s"

t=$(date +%s)
agent rng2.test
poll 60 "PuppetDB to store rng2's catalogue" exported_by rng2.test
clients
expect_hosts vm1.test rng1.test@127.0.0.1:7801 rng2.test@127.0.0.1:7802
expect_hosts vm2.test rng1.test@127.0.0.1:7801 rng2.test@127.0.0.1:7802
echo "step 2 (rng2 appears after its run): $(( $(date +%s) - t )) s"

t=$(date +%s)
puppet node deactivate rng1.test --confdir "$srv/etc" --color=false >"$tmp/logs/deactivate.log" 2>&1 \
  || fail "puppet node deactivate: $(cat "$tmp/logs/deactivate.log")"
poll 60 "PuppetDB to deactivate rng1" not_exported_by rng1.test
clients
expect_hosts vm1.test rng2.test@127.0.0.1:7802
expect_hosts vm2.test rng2.test@127.0.0.1:7802
echo "step 3 (rng1 deactivated, gone on the next run): $(( $(date +%s) - t )) s"

echo "discovery acceptance passed in $(( $(date +%s) - started )) s"
