#!/usr/bin/env bash
# The full test suite: installs the Debian packages the tests use (idempotently), then `mvn -B verify`
# with the Debian host acceptance test (packaging/src/test/debian-host: a QEMU guest with systemd as
# PID 1) beside it: its root file system is built (or taken from its cache) while Maven compiles and
# runs the unit tests, the guest boots as soon as the .deb is built, and this script waits for its
# verdict after Maven. Run as root on Debian 12 with Java 17 and Maven 3.8.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  openssl libssl-dev gcc stunnel4 ekeyd-egd-linux rng-tools5 ent python3 iproute2 procps strace systemd util-linux coreutils
  prometheus munin-node
  puppet puppet-lint ruby-rspec-puppet ruby-puppetlabs-spec-helper puppet-strings
  metadata-json-lint puppet-module-puppetlabs-stdlib
  puppetserver puppetdb puppet-terminus-puppetdb postgresql curl
  mmdebstrap qemu-system-x86 qemu-utils e2fsprogs
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for a running apt or unattended-upgrades instead of failing on its lock.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
  # Their postinst starts and enables these system-wide (puppetserver alone takes a 1 GB heap); the
  # discovery test runs private instances on free ports, so the ones just installed are switched off.
  if [ -d /run/systemd/system ]; then
    for s in puppetserver puppetdb postgresql; do
      if [[ " ${missing[*]} " == *" $s "* ]]; then systemctl disable --now "$s" >/dev/null 2>&1 || true; fi
    done
  fi
fi

vm=packaging/src/test/debian-host
state=packaging/target/debian-host-run
mkdir -p "$state"; rm -f "$state/pid" "$state/rc"
# Not killed if Maven fails: a finished image is cached for the next run.
"$vm/build-rootfs.sh" > "$state/rootfs.log" 2>&1 &
trap '"$vm/run.sh" --stop packaging/target' EXIT
t0=$(date +%s)
mvn -B verify -Ddebian-host.skip=false -Ddebian-host.action=start "$@"
echo "test.sh: Maven finished after $(( $(date +%s) - t0 ))s"
if [ -f "$state/pid" ]; then
  rc=0; "$vm/run.sh" --wait packaging/target || rc=$?
  if [ $rc = 3 ]; then
    # Not the suite's failure and not retried: the run is reported as inconclusive, by name.
    echo "test.sh: debian-host INCONCLUSIVE: a JVM in the guest died of SIGSEGV under QEMU TCG (the emulator's fault); see packaging/target/debian-host/"
  elif [ $rc != 0 ]; then
    exit $rc
  fi
else
  echo "test.sh: the Debian host acceptance test was not started (packaging was not part of this build)"
fi
echo "test.sh: the whole suite took $(( $(date +%s) - t0 ))s after the package install"
