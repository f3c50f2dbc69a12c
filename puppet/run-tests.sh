#!/usr/bin/env bash
# Every offline check of the Puppet module `entropy`, with Debian's tooling only:
#   puppet parser/epp validate, puppet-lint, metadata-json-lint, rspec-puppet, REFERENCE.md
#   freshness (puppet-strings), a real `puppet apply` into a temporary root (twice: the second
#   must change nothing) with `systemd-analyze verify` of the generated units, and a real
#   `puppet apply` in pki_mode suite driving the certs tool, whose rendered configs the agents'
#   own `check-config` must accept and with which both agents then exchange entropy (needs the
#   built jars, see spec/acceptance/suite.sh), and fleet discovery through a real puppetserver and
#   PuppetDB (spec/acceptance/discovery.sh: root, Debian's puppetserver, puppetdb, postgresql).
# Run by `mvn verify` (module packaging) or by hand: puppet/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")"
export RUBYOPT="${RUBYOPT:-} -W0"   # Ruby 3.1 deprecation noise from puppet-strings/yard

step() { printf '\n==> %s\n' "$*"; }

step "fixtures (symlinks: this module, Debian's stdlib)"
mkdir -p spec/fixtures/modules spec/fixtures/manifests
ln -sfn "$PWD" spec/fixtures/modules/entropy   # absolute: rspec-puppet compares it with the module dir
ln -sfn /usr/share/puppet/modules/stdlib spec/fixtures/modules/stdlib
: > spec/fixtures/manifests/site.pp

step "puppet parser validate"
mapfile -t pp < <(find manifests functions types examples -name '*.pp' | sort)
puppet parser validate "${pp[@]}"
for t in templates/*.epp; do puppet epp validate "$t"; done

step "puppet-lint"
puppet-lint manifests functions types examples   # options in .puppet-lint.rc (--fail-on-warnings)

step "metadata-json-lint"
metadata-json-lint --strict-dependencies --strict-puppet-version metadata.json

step "rspec-puppet"
ENTROPY_COVERAGE=100 rspec --format progress spec/classes spec/type_aliases spec/functions

step "REFERENCE.md is up to date (puppet-strings)"
ref=$(mktemp)
trap 'rm -f "$ref"' EXIT
strings_out=$(puppet strings generate --format markdown --out "$ref" \
  'manifests/**/*.pp' 'functions/**/*.pp' 'types/**/*.pp' 'lib/puppet/functions/**/*.rb' 2>&1)
if grep -i '\[warn\]' <<<"$strings_out"; then
  echo "puppet-strings warns (undocumented parameter or tag?)" >&2
  exit 1
fi
if ! diff -u REFERENCE.md "$ref" >/dev/null; then
  echo "REFERENCE.md is stale; regenerate it with:" >&2
  echo "  cd puppet && puppet strings generate --format markdown --out REFERENCE.md 'manifests/**/*.pp' 'functions/**/*.pp' 'types/**/*.pp' 'lib/puppet/functions/**/*.rb'" >&2
  diff -u REFERENCE.md "$ref" | head -40 >&2 || true
  exit 1
fi

step "puppet apply into a temporary root"
spec/acceptance/apply.sh

step "puppet apply, pki_mode suite, agents' check-config"
spec/acceptance/suite.sh

step "fleet discovery: puppetserver + PuppetDB, exported host endpoints reach the clients"
spec/acceptance/discovery.sh

printf '\nAll puppet module checks passed.\n'
