#!/usr/bin/env bash
# The full test suite: installs the Debian packages the tests use (idempotently), then `mvn -B verify`.
# Run as root on Debian 12 with Java 17 and Maven 3.8.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  openssl libssl-dev gcc stunnel4 ekeyd-egd-linux rng-tools5 ent python3 iproute2 procps strace systemd util-linux coreutils
  prometheus munin-node
  puppet puppet-lint ruby-rspec-puppet ruby-puppetlabs-spec-helper puppet-strings
  metadata-json-lint puppet-module-puppetlabs-stdlib
  mmdebstrap qemu-system-x86 qemu-utils e2fsprogs
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi

exec mvn -B verify "$@"
