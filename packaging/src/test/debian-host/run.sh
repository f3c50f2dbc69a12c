#!/usr/bin/env bash
# The Debian host acceptance test: boots a real Debian 12 (systemd PID 1, udev, virtio-rng as
# /dev/hwrng) under QEMU and runs what an operator runs there: dpkg -i the built .deb, puppet apply
# of both roles twice, services, reload/restart, reboot, purge (guest/guest.sh has the steps).
#
#   run.sh [--run] DEB|DIR [MODULE_DIR]   exit 0 pass, 1 fail, 3 a JVM crashed under the emulator
#
# Environment: ENTROPY_VM_CACHE (root file system cache), ENTROPY_VM_CPU (QEMU CPU model),
# ENTROPY_VM_SMP and ENTROPY_VM_ACCEL (vCPUs, default 1 on tcg,thread=single),
# ENTROPY_VM_TIMEOUT (seconds for the whole boot-to-poweroff run), ENTROPY_VM_KEEP=1 keeps the run dir.
#
# Beside the Maven build (scripts/test.sh does this, so the guest boots while the integration tests
# run): `run.sh --start TARGET` starts the run detached and returns at once; `run.sh --wait TARGET`
# waits for it, prints its log and exits with its code. TARGET is packaging/target; the log, pid and
# exit code are kept in TARGET/debian-host-run/. `run.sh --stop TARGET` ends a started run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
case ${1:-} in
  --start)
    state=$(readlink -f "${2:?usage: run.sh --start TARGET}")/debian-host-run
    mkdir -p "$state"
    if [ -f "$state/pid" ] && [ ! -f "$state/rc" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "debian-host: a run is still in progress in $state (pid $(cat "$state/pid")); run.sh --stop ends it" >&2
      exit 1
    fi
    rm -f "$state"/{pid,rc,run.log}
    # setsid: its own session, so --stop ends QEMU too; all three fds redirected, so the
    # caller (Maven's exec) does not wait for it.
    ENTROPY_VM_RESULTS=${ENTROPY_VM_RESULTS:-$(dirname "$state")/debian-host} \
      setsid bash -c '"$1" "$2"; echo $? > "$3/rc"' run "$here/run.sh" "$(dirname "$state")" "$state" \
      < /dev/null > "$state/run.log" 2>&1 &
    echo $! > "$state/pid"
    echo "debian-host: started in the background (pid $!, log $state/run.log)"
    exit 0 ;;
  --wait)
    state=$(readlink -f "${2:?usage: run.sh --wait TARGET}")/debian-host-run
    [ -f "$state/pid" ] || { echo "debian-host: no run was started ($state/pid missing)" >&2; exit 1; }
    pid=$(cat "$state/pid")
    t0=$(date +%s)
    echo "debian-host: waiting for the acceptance run (pid $pid) ..."
    tail --pid="$pid" -f /dev/null
    cat "$state/run.log"
    rc=$(cat "$state/rc" 2>/dev/null || echo 1)
    echo "debian-host: finished with exit code $rc ($(( $(date +%s) - t0 ))s waited after the Maven build)"
    exit "$rc" ;;
  --stop)
    state=$(readlink -f "${2:?usage: run.sh --stop TARGET}")/debian-host-run
    if [ -f "$state/pid" ] && [ ! -f "$state/rc" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      # The whole session: `timeout` puts QEMU in a process group of its own.
      pkill -TERM -s "$(cat "$state/pid")" 2>/dev/null || true
      echo "debian-host: stopped the background run"
    fi
    exit 0 ;;
  --run) shift ;;   # in the foreground (the default)
esac
deb=$(readlink -f "${1:?usage: run.sh FILE.deb|DIR [MODULE_DIR]}")
if [ -d "$deb" ]; then   # packaging/target: the one package built there
  debs=("$deb"/entropy-fleet_*_all.deb)
  [ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { echo "debian-host: expected one entropy-fleet_*_all.deb in $deb" >&2; exit 1; }
  deb=${debs[0]}
fi
module=$(readlink -f "${2:-$here/../../../../puppet}")
# No AVX: QEMU 7.2's TCG emulates AVX since that release and JVMs compiled code crashed under it
# (SIGSEGV, si_code SI_KERNEL); Nehalem gives the JVM SSE4.2 and nothing newer.
cpu=${ENTROPY_VM_CPU:-Nehalem}
# One vCPU on single-threaded TCG: with two vCPUs on multi-threaded TCG a JVM in the guest died of
# SIGSEGV at the entry of C1-compiled code (java.util.Arrays.fill, si_code SI_KERNEL) while the
# host was loaded — the JVM patches compiled code while another vCPU may run it, which is where
# MTTCG's cross-vCPU code invalidation has had races. One vCPU also leaves a host core to the
# integration tests running beside the guest.
smp=${ENTROPY_VM_SMP:-1}
accel=${ENTROPY_VM_ACCEL:-tcg,thread=single}
timeout_s=${ENTROPY_VM_TIMEOUT:-1800}

for tool in mmdebstrap qemu-system-x86_64 qemu-img mkfs.ext4; do
  command -v "$tool" >/dev/null || { echo "debian-host: $tool missing (scripts/test.sh installs it)" >&2; exit 1; }
done
[ -f "$deb" ] || { echo "debian-host: no package $deb" >&2; exit 1; }

t0=$(date +%s)
image=$("$here/build-rootfs.sh" | tail -1)
t_image=$(( $(date +%s) - t0 ))

run=$(mktemp -d "${TMPDIR:-/tmp}/entropy-debian-host.XXXXXX")
[ "${ENTROPY_VM_KEEP:-0}" = 1 ] || trap 'rm -rf "$run"' EXIT
share=$run/share
mkdir -p "$share/results" "$share/modules/entropy"
cp "$deb" "$share/entropy-fleet.deb"
cp "$here/guest/guest.sh" "$here/guest/site.pp" "$here/guest/allowed-warnings.txt" "$share/"
# The module as Puppet loads it (no test fixtures).
(cd "$module" && tar --exclude=./spec --exclude=./.fixtures.yml -cf - .) | tar -C "$share/modules/entropy" -xf -
qemu-img create -q -f qcow2 -F raw -b "$image/rootfs.img" "$run/overlay.qcow2"

echo "debian-host: image $image (ready after ${t_image}s), cpu $cpu, smp $smp, accel $accel, run dir $run"
t1=$(date +%s)
rc=0
timeout "$timeout_s" qemu-system-x86_64 \
  -accel "$accel" -cpu "$cpu" -smp "$smp" -m 2048 \
  -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
  -append "root=/dev/vda rootfstype=ext4 rw console=ttyS0 quiet systemd.show_status=0" \
  -drive "file=$run/overlay.qcow2,if=virtio,format=qcow2,cache=unsafe" \
  -device virtio-rng-pci \
  -nic none \
  -virtfs "local,path=$share,mount_tag=acceptance,security_model=none" \
  -display none -serial "file:$run/console.log" -monitor none \
  || rc=$?
t_vm=$(( $(date +%s) - t1 ))
cp "$run/console.log" "$share/results/" 2>/dev/null || true

results=${ENTROPY_VM_RESULTS:-}
if [ -n "$results" ]; then
  rm -rf "$results"; mkdir -p "$results"; cp -r "$share/results/." "$results/"
fi
cat "$share/results/steps.log" 2>/dev/null || true
verdict=$(cat "$share/results/verdict" 2>/dev/null || echo none)
echo "debian-host: verdict=$verdict image=${t_image}s vm=${t_vm}s total=$(( $(date +%s) - t0 ))s${results:+ results in $results}"
if [ $rc -eq 124 ]; then
  echo "debian-host: the guest did not power off within ${timeout_s}s; console tail:" >&2
  tail -40 "$run/console.log" >&2
  exit 1
fi
case $verdict in
  pass) exit 0 ;;
  emulator-crash) echo "debian-host: a JVM crashed with SIGSEGV under QEMU TCG (the emulator's fault, not a test failure; no retry)" >&2; exit 3 ;;
  *) tail -40 "$run/console.log" >&2; exit 1 ;;
esac
