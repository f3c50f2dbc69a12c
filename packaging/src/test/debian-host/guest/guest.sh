#!/bin/bash
# The acceptance steps, run inside the booted Debian guest by entropy-acceptance.service (as root,
# systemd PID 1). Boot 1: install, two applies, services, reload/restart, then reboot. Boot 2: both
# back, the seed unit's result, purge, power off. Results go to /mnt/acceptance/results:
#   steps.log   one line per step: step=NAME result=ok|fail seconds=N [detail]
#   verdict     pass | fail | emulator-crash (a JVM died of SIGSEGV: QEMU TCG's fault, not the suite's)
#   *.txt       outputs of the steps (puppet runs, journals, status, security scores)
set -uo pipefail

share=/mnt/acceptance
res=$share/results
phase_file=/var/lib/entropy-acceptance/phase
units=(entropy-host-agent.service entropy-client-agent.service)
all_units=(entropy-host-agent.service entropy-client-agent.service entropy-client-seed.service)
mkdir -p "$res" /var/lib/entropy-acceptance
failed=0

log() { echo "acceptance: $*" | tee -a "$res/steps.log"; }

# step NAME CMD...: runs CMD, logs ok/fail with its duration; output into NAME.txt
step() {
  local name=$1; shift
  local t0=$SECONDS rc
  "$@" > "$res/$name.txt" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    log "step=$name result=ok seconds=$((SECONDS - t0))"
  else
    log "step=$name result=fail seconds=$((SECONDS - t0)) rc=$rc"
    sed 's/^/  | /' "$res/$name.txt" | tail -40 | tee -a "$res/steps.log" >/dev/null
    failed=1
    # A JVM killed by the emulator makes every later step wait for its deadline: stop here.
    check_emulator_crash "$name" || { systemctl poweroff; exit 0; }
  fi
  return $rc
}

# poll SECONDS CMD...: CMD until it succeeds or the deadline passes.
poll() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 1
  done
}

expect_rc() { # expect_rc WANT CMD...
  local want=$1; shift
  "$@"; local rc=$?
  echo "exit code $rc (want $want)"
  [ $rc -eq "$want" ]
}

# A JVM dying of SIGSEGV under TCG is the emulator's fault (see README): name it, never retry.
check_emulator_crash() {
  if journalctl -b --no-pager -o cat | grep -E 'SIGSEGV|A fatal error has been detected by the Java Runtime' > "$res/jvm-crash-$1.txt"; then
    find / -xdev -name 'hs_err_pid*.log' 2>/dev/null | while read -r f; do cp "$f" "$res/"; done
    log "step=jvm-crash-check-$1 result=fail detail=emulator-crash (JVM SIGSEGV under QEMU TCG, see jvm-crash-$1.txt)"
    echo emulator-crash > "$res/verdict"
    return 1
  fi
  rm -f "$res/jvm-crash-$1.txt"
}

finish() {
  check_emulator_crash "$1" || { systemctl poweroff; exit 0; }
  [ -f "$res/verdict" ] || { [ $failed -eq 0 ] && echo pass || echo fail; } > "$res/verdict"
  systemctl poweroff
  exit 0
}

apply() { puppet apply --detailed-exitcodes --color=false --modulepath "$share/modules:/usr/share/puppet/modules" "$share/site.pp"; }

# Metrics over plain HTTP from bash (a JVM start per poll costs tens of seconds under TCG).
http_get() { # PORT PATH
  exec 4<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&4
  timeout 10 cat <&4
  exec 4<&-
}
metric_positive() { # PORT REGEX: some sample whose name matches REGEX has a value > 0
  http_get "$1" /metrics | grep -E "^[a-z_:]*$2[a-z_]*(\{[^}]*\})? " | awk '$NF + 0 > 0 { ok = 1 } END { exit !ok }'
}
client_credited() { metric_positive 9777 'kernel_entropy_credited_bytes_total'; }
host_served() { metric_positive 9776 'host_serve_bytes_served_total'; }
# What an operator runs: the agents' own status commands (once; they start a JVM each).
client_status() {
  local out rc
  out=$(client-agent status --config /etc/entropy-fleet/client-agent.yaml); rc=$?
  echo "$out"
  [ $rc -eq 0 ] && grep -Eq '^kernel: [1-9][0-9]* bits credited' <<<"$out"
}
host_status() {
  host-agent status --metrics http://127.0.0.1:9776 | tee /dev/stderr \
    | grep -Eq '^connections: .* [1-9][0-9]* bytes served in all'
}
# EGD 0x02 (blocking read) of 32 bytes from the client's local endpoint; counts the bytes only.
egd_read() {
  local n
  exec 3<>/dev/tcp/127.0.0.1/7777 || return 1
  printf '\x02\x20' >&3
  n=$(timeout 20 head -c 32 <&3 | wc -c)
  exec 3<&-
  echo "egd read: $n bytes"
  [ "$n" -eq 32 ]
}
both_active() { systemctl is-active "${units[@]}"; }
reload_both() {
  local before after
  before=$(systemctl show -p MainPID --value "${units[@]}")
  systemctl reload "${units[@]}" || return 1
  after=$(systemctl show -p MainPID --value "${units[@]}")
  echo "main pids before $before after $after" | tr '\n' ' '; echo
  [ "$before" = "$after" ] && both_active
}
restart_both() { systemctl restart "${units[@]}" && both_active; }
# Warnings of the entropy-fleet units, less the lines documented in the README as expected.
journal_warnings() {
  local args=() u
  for u in "${all_units[@]}"; do args+=(-u "$u"); done
  journalctl -b --no-pager -p warning "${args[@]}" -o short-monotonic > "$res/warnings-all-$1.txt"
  grep -v -E -f "$share/allowed-warnings.txt" "$res/warnings-all-$1.txt" | grep -v '^-- ' > "$res/warnings-unexpected-$1.txt"
  cat "$res/warnings-unexpected-$1.txt"
  [ ! -s "$res/warnings-unexpected-$1.txt" ]
}
security() {
  local u
  for u in "${all_units[@]}"; do
    systemd-analyze security --no-pager "$u" > "$res/security-$u.txt" 2>&1
    echo "$u $(tail -1 "$res/security-$u.txt")"
  done
}
# At boot the seed starts only once the host-agent said READY (Type=notify), not at its fork.
seed_after_host() {
  journalctl -b -o short-monotonic --no-pager -u entropy-host-agent.service -u entropy-client-seed.service \
    | grep -E 'systemd\[1\]: Start(ed|ing) entropy-' | tee /dev/stderr \
    | awk '/Started entropy-host-agent.service/ && !h {h=NR} /Starting entropy-client-seed.service/ && !s {s=NR}
           END {exit !(h && s && h < s)}'
}
boot_time() { systemd-analyze time; systemd-analyze blame --no-pager | head -15; }

phase=$(cat "$phase_file" 2>/dev/null || echo 1)
log "boot phase=$phase uptime=$(cut -d' ' -f1 /proc/uptime)s"
systemctl is-system-running --wait > /dev/null 2>&1
step "boot-time-$phase" boot_time

if [ "$phase" = 1 ]; then
  # Emulation only (no KVM here): JVMs stop at C1. C2 compiles cost minutes of emulated CPU, and a
  # C1 method replaced by its C2 version has its entry patched while it may be running — the code
  # patching under which JVMs died with SIGSEGV under TCG. Kept for the reboot (a manager default,
  # so the units themselves are the package's, unchanged).
  mkdir -p /etc/systemd/system.conf.d
  printf '[Manager]\nDefaultEnvironment=JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1\n' > /etc/systemd/system.conf.d/acceptance-jvm.conf
  systemctl daemon-reexec
fi
export JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1

if [ "$phase" = 1 ]; then
  step dpkg-install dpkg -i "$share/entropy-fleet.deb" || finish 1
  dpkg -L entropy-fleet | while read -r f; do [ -f "$f" ] && echo "$f"; done > /var/lib/entropy-acceptance/package-files
  step apply-1 expect_rc 2 apply
  step apply-2 expect_rc 0 apply
  step services-active poll 60 both_active
  step seed-unit-enabled systemctl is-enabled entropy-client-seed.service
  step client-credits-kernel poll 180 client_credited
  step host-serves poll 60 host_served
  step client-status client_status
  step host-status host_status
  step local-egd-read egd_read
  step reload reload_both
  step restart restart_both
  step services-serve-after-restart poll 120 client_credited
  step journal-warnings-1 journal_warnings 1
  step security-exposure security
  check_emulator_crash 1 || finish 1
  echo 2 > "$phase_file"
  log "rebooting"
  systemctl reboot
  exit 0
fi

if [ "$phase" = 2 ]; then
  step services-active-after-reboot poll 120 both_active
  step seed-unit-succeeded bash -c 'systemctl show -p Result,ActiveState,ExecMainStatus entropy-client-seed.service; [ "$(systemctl show -p Result --value entropy-client-seed.service)" = success ] && systemctl is-active entropy-client-seed.service'
  step seed-after-host-ready seed_after_host
  # the boot's seed wrote its class-data sharing archive (CacheDirectory of the seed unit) for the next run
  step seed-cds-archive bash -c 'ls -l /var/cache/entropy-fleet/client-agent-seed-*.jsa'
  step client-credits-after-reboot poll 120 client_credited
  step journal-warnings-2 journal_warnings 2
  check_emulator_crash 2 || finish 2
  step dpkg-purge dpkg --purge entropy-fleet
  step purge-stopped bash -c '! systemctl is-active entropy-host-agent.service entropy-client-agent.service'
  step purge-disabled bash -c 'for u in entropy-host-agent entropy-client-agent entropy-client-seed; do s=$(systemctl is-enabled $u.service 2>/dev/null); echo "$u: ${s:-not-found}"; [ "$s" != enabled ] || exit 1; done'
  step purge-files-gone bash -c 'left=0; while read -r f; do [ -e "$f" ] && { echo "left: $f"; left=1; }; done < /var/lib/entropy-acceptance/package-files; for d in /etc/entropy-fleet /var/lib/entropy-fleet /var/cache/entropy-fleet; do [ -e $d ] && { echo "left: $d"; left=1; }; done; exit $left'
  step user-stays getent passwd entropy-fleet
  finish 2
fi
