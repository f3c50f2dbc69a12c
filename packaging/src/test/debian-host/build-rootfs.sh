#!/usr/bin/env bash
# Builds (once) the Debian 12 guest the acceptance test boots: a root file system made by mmdebstrap
# from Debian's packages, as an ext4 image, plus the kernel and initrd taken from it.
#
#   build-rootfs.sh            prints the cache directory holding rootfs.img, vmlinuz, initrd.img
#
# The mirror is the one this machine's apt already uses (its sources files, read at run time), so
# no registry host is written down here. The result is cached under $ENTROPY_VM_CACHE (default
# /var/cache/entropy-fleet/debian-host) in a directory named by a hash of this file: changing the
# recipe builds a new image, an unchanged one is reused.
set -euo pipefail
# The system's tools only (a python shim earlier in PATH would run mmdebstrap's helpers).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${ENTROPY_VM_CACHE:-/var/cache/entropy-fleet/debian-host}
key=$(cat "$here/build-rootfs.sh" "$here"/guest/{fstab,entropy-acceptance.service,initramfs-hook} | sha256sum | cut -c1-16)
out="$cache_root/$key"

# What the guest needs: systemd as PID 1 with udev (device permissions), a kernel, the agents' JVM,
# Puppet with stdlib (the module's dependency). Nothing is downloaded inside the guest (no network).
PACKAGES=(
  systemd-sysv udev dbus linux-image-amd64 kmod
  openjdk-17-jre-headless puppet puppet-module-puppetlabs-stdlib
  adduser procps
)
IMAGE_SIZE=3G

if [ -f "$out/done" ]; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$out/done" ]; then
  echo "$out"
  exit 0
fi

# This machine's Debian sources (deb822 or one-line files naming bookworm), passed to mmdebstrap
# as files: it pastes their contents into the guest's sources.list.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && grep -Eq '^[^#]*bookworm' "$f" && sources+=("$f")
done
if [ ${#sources[@]} -eq 0 ]; then
  echo "build-rootfs: no apt sources for bookworm on this machine" >&2
  exit 1
fi

work=$(mktemp -d "$cache_root/.build.XXXXXX")
# A failed build leaves its log (not the tree) for the report.
trap 'mv "$work/build.log" "$cache_root/failed-build.log" 2>/dev/null; rm -rf "$work"' EXIT
started=$(date +%s)

# The initrd only has to find a virtio disk with ext4: a short module list instead of Debian's
# "most" makes it small and its two builds (install, then trigger) quick.
# Downloaded packages are kept in $cache_root/archives (not part of the key): a changed recipe
# or a failed build does not download them again.
mkdir -p "$cache_root/archives"
mmdebstrap --mode=root --variant=apt --logfile="$work/build.log" \
  --skip=download/empty --skip=essential/unlink \
  --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
  --setup-hook="sync-in '$cache_root/archives' /var/cache/apt/archives" \
  --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/etc/initramfs-tools/hooks"' \
  --essential-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/acceptance.conf"' \
  --essential-hook="cp '$here/guest/initramfs-hook' \"\$1/etc/initramfs-tools/hooks/acceptance\"" \
  --include="$(IFS=,; echo "${PACKAGES[*]}")" \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --customize-hook='echo debian-host > "$1/etc/hostname"' \
  --customize-hook='printf "127.0.0.1 localhost\n127.0.1.1 debian-host\n" > "$1/etc/hosts"' \
  --customize-hook="cp '$here/guest/fstab' \"\$1/etc/fstab\"" \
  --customize-hook="cp '$here/guest/entropy-acceptance.service' \"\$1/etc/systemd/system/\"" \
  --customize-hook='chroot "$1" systemctl enable entropy-acceptance.service' \
  --customize-hook='chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer puppet.service' \
  --customize-hook='mkdir -p "$1/mnt/acceptance"' \
  --customize-hook='rm -f "$1/etc/machine-id"; touch "$1/etc/machine-id"' \
  --customize-hook="sync-out /var/cache/apt/archives '$cache_root/archives'" \
  --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
  bookworm "$work/root" "${sources[@]}"

cp -L "$work/root/vmlinuz" "$work/vmlinuz"
cp -L "$work/root/initrd.img" "$work/initrd.img"
mkfs.ext4 -q -L root -d "$work/root" "$work/rootfs.img" "$IMAGE_SIZE" >&2   # stdout: only the cache path
rm -rf "$work/root"
echo "rootfs built in $(( $(date +%s) - started ))s" >> "$work/build.log"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
touch "$out/done"
echo "$out"
