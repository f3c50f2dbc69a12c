#!/usr/bin/env bash
# Checks the built entropy-fleet .deb: control fields, conffiles, file modes, maintainer script
# syntax, that the packaged launchers really start the packaged jars, and that the packaged
# systemd units pass `systemd-analyze verify` inside the extracted root (warnings fail too).
set -euo pipefail
# Argument: the .deb, or the directory holding exactly one entropy-fleet_*_all.deb.
arg=${1:?usage: verify-deb.sh FILE.deb|DIR}
if [ -d "$arg" ]; then
  debs=("$arg"/entropy-fleet_*_all.deb)
  [ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: expected one entropy-fleet_*_all.deb in $arg, found: ${debs[*]}" >&2; exit 1; }
  deb=${debs[0]}
else
  deb=$arg
fi
[ -f "$deb" ] || { echo "FAIL: $deb not built" >&2; exit 1; }
tmp=$(mktemp -d /tmp/entropy-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = entropy-fleet ] || fail "Package: $(field Package)"
[ "$(field Architecture)" = all ] || fail "Architecture: $(field Architecture)"
field Depends | grep -q 'openjdk-17-jre-headless' || fail "Depends lacks Java 17: $(field Depends)"
case "$(basename "$deb")" in entropy-fleet_*_all.deb) ;; *) fail "file name $(basename "$deb")";; esac

mkdir -p "$tmp/ctl"; dpkg-deb -e "$deb" "$tmp/ctl"
for f in /etc/entropy-fleet/host-agent.yaml /etc/entropy-fleet/client-agent.yaml; do
  grep -qx "$f" "$tmp/ctl/conffiles" || fail "$f is not a conffile"
done
for s in postinst prerm postrm; do
  [ -x "$tmp/ctl/$s" ] || fail "$s missing or not executable"
  sh -n "$tmp/ctl/$s" || fail "$s: syntax error"
done

listing=$(dpkg-deb --contents "$deb")
expect_entry() {  # mode owner path
  echo "$listing" | awk -v m="$1" -v o="$2" -v p="./${3#/}" '$1 == m && $2 == o && $NF == p { found = 1 } END { exit !found }' \
    || fail "no '$1 $2 $3' in the package: $(echo "$listing" | grep -F "${3#/}" || echo absent)"
}
for x in host-agent client-agent entropy-certs; do expect_entry -rwxr-xr-x root/root "/usr/bin/$x"; done
for j in host-agent client-agent certs; do expect_entry -rw-r--r-- root/root "/usr/share/entropy-fleet/$j.jar"; done
for u in entropy-host-agent entropy-client-agent entropy-client-seed; do
  expect_entry -rw-r--r-- root/root "/lib/systemd/system/$u.service"
done
# client-agent's measured JVM flags (client-agent/src/main/dist/jvm.options) ship next to its jar.
expect_entry -rw-r--r-- root/root /usr/share/entropy-fleet/client-agent.jvm.options
expect_entry -rw-r--r-- root/root /lib/udev/rules.d/60-entropy-fleet.rules
expect_entry -rw-r--r-- root/root /usr/share/entropy-fleet/monitoring/entropy-fleet.rules.yml
expect_entry -rw-r--r-- root/root /usr/share/entropy-fleet/monitoring/entropy-fleet-dashboard.json
expect_entry -rwxr-xr-x root/root /usr/share/munin/plugins/entropy_fleet_
expect_entry -rw-r----- root/root /etc/entropy-fleet/host-agent.yaml
expect_entry -rw-r----- root/root /etc/entropy-fleet/client-agent.yaml
expect_entry drwxr-x--- root/root /etc/entropy-fleet/
expect_entry drwxr-x--- root/root /etc/entropy-fleet/tls/

root=$tmp/root
dpkg-deb -x "$deb" "$root"
grep -Eq '^KERNEL=="hw_random", SUBSYSTEM=="misc", GROUP="entropy-fleet", MODE="0640"$' "$root/lib/udev/rules.d/60-entropy-fleet.rules" \
  || fail "udev rule for /dev/hwrng missing or changed"

# The monitoring files as shipped: the Munin plugin compiles, the dashboard is JSON, the rules pass promtool.
perl -c "$root/usr/share/munin/plugins/entropy_fleet_" 2>/dev/null || fail "the Munin plugin does not compile"
python3 -m json.tool "$root/usr/share/entropy-fleet/monitoring/entropy-fleet-dashboard.json" >/dev/null \
  || fail "the Grafana dashboard is not JSON"
if command -v promtool >/dev/null; then
  promtool check rules "$root/usr/share/entropy-fleet/monitoring/entropy-fleet.rules.yml" >/dev/null \
    || fail "promtool check rules rejects the shipped rules"
fi

# The launchers, pointed at the extracted jars, must pass arguments and JVM_OPTS through.
for pair in host-agent:host-agent client-agent:client-agent entropy-certs:certs; do
  launcher=${pair%%:*}
  out=$(sed "s|/usr/share/entropy-fleet|$root/usr/share/entropy-fleet|" "$root/usr/bin/$launcher" \
        | JVM_OPTS="-Xmx64m -Dentropy.test=1" sh -s -- --help 2>&1) || fail "$launcher --help failed: $out"
  grep -qi 'usage' <<<"$out" || fail "$launcher --help printed no usage: $out"
done
# ... and the client launcher really applies the packaged flags, with $JVM_OPTS winning.
flags=$(sed -e "s|/usr/share/entropy-fleet|$root/usr/share/entropy-fleet|" -e 's|-jar "$jar" "$@"|-XX:+PrintFlagsFinal -version|' \
        "$root/usr/bin/client-agent" | JVM_OPTS="-XX:CICompilerCount=2" sh -s 2>&1) || fail "client-agent launcher with -version: $flags"
# A here-string, not `echo | grep -q`: under pipefail, grep -q leaving early makes echo die of
# SIGPIPE on this long output and the pipeline fail although the flag is there.
grep -Eq 'UseSerialGC +=[ ]*true' <<<"$flags" || fail "client-agent launcher ignores client-agent.jvm.options"
grep -Eq 'CICompilerCount +=[ ]*2 ' <<<"$flags" || fail "client-agent launcher: JVM_OPTS does not override the packaged flags"


# The default configs (conffiles) must pass the packaged agents' own check-config. The agents
# also load the TLS files, so point copies at a PKI made with the packaged certs tool.
share=$root/usr/share/entropy-fleet
pki=$tmp/pki
java -jar "$share/certs.jar" init-ca --dir "$pki" >/dev/null
java -jar "$share/certs.jar" issue host host-test --san localhost --dir "$pki" >/dev/null
java -jar "$share/certs.jar" issue client client-test --dir "$pki" >/dev/null
for agent in host client; do
  sed -e "s|/etc/entropy-fleet/tls/$agent.crt|$pki/issued/$agent-test.crt|" \
      -e "s|/etc/entropy-fleet/tls/$agent.key|$pki/issued/$agent-test.key|" \
      -e "s|/etc/entropy-fleet/tls/ca.pem|$pki/ca-bundle.pem|" \
      "$root/etc/entropy-fleet/$agent-agent.yaml" > "$tmp/$agent-agent.yaml"
  out=$(java -jar "$share/$agent-agent.jar" check-config "$tmp/$agent-agent.yaml" 2>&1) \
    || fail "$agent-agent check-config rejects the packaged $agent-agent.yaml: $out"
done

# systemd-analyze resolves units and ExecStart binaries inside --root: add the distribution's
# units (without overwriting the package's) next to the extracted files.
cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
# ExecReload's /bin/kill comes from procps on a real system.
install -D -m 0755 "$(readlink -f /bin/kill)" "$root/bin/kill"
for u in entropy-host-agent entropy-client-agent entropy-client-seed; do
  out=$(systemd-analyze verify --man=no --generators=no --root="$root" "$u.service" 2>&1) \
    || fail "systemd-analyze verify $u.service: $out"
  [ -z "$out" ] || fail "systemd-analyze verify $u.service warns: $out"
done
# `systemctl reload` must reach the agents' SIGHUP handler (without ExecReload= it is refused).
for u in entropy-host-agent entropy-client-agent; do
  grep -qxF 'ExecReload=/bin/kill -HUP $MAINPID' "$root/lib/systemd/system/$u.service" || fail "$u.service has no ExecReload="
done
echo "verify-deb: $(basename "$deb") ok ($(echo "$listing" | wc -l) entries)"
