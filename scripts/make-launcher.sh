#!/bin/sh
# Build step (every agent module's package phase): writes <module>/target/<module>, the .deb's launcher
# pointed at the jar beside it, and <module>/target/<module>.jvm.options from the module's
# src/main/dist/jvm.options, so a checkout runs with the package's JVM flags.
# Usage: make-launcher.sh DEB_LAUNCHER MODULE_DIR MODULE
set -eu
deb_launcher=$1 module_dir=$2 module=$3
target=$module_dir/target
mkdir -p "$target"
grep -q '^dir=/usr/share/entropy-fleet$' "$deb_launcher" || { echo "$deb_launcher: no dir= line" >&2; exit 1; }
sed 's|^dir=/usr/share/entropy-fleet$|dir=$(cd "$(dirname "$0")" \&\& pwd)|' "$deb_launcher" >"$target/$module.tmp"
chmod 755 "$target/$module.tmp"
mv "$target/$module.tmp" "$target/$module"
if [ -f "$module_dir/src/main/dist/jvm.options" ]; then
    cp "$module_dir/src/main/dist/jvm.options" "$target/$module.jvm.options"
else
    rm -f "$target/$module.jvm.options"
fi
