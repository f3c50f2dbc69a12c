#!/usr/bin/env bash
# The source thread's cost per raw byte (health tests + SHA-512 conditioning, bench/SourcePath.java) for one
# or more builds, alternating: each jar runs BENCH_RUNS (2) times in turn, each run prints 5 rounds (MB/s on
# one core; the last rounds are the warmed-up ones).
#
#   mvn -B -q -pl host-agent -am package -DskipTests
#   host-agent/bench/sourcepath.sh [OTHER/host-agent.jar ...]     # default: this build's jar only
set -euo pipefail
cd "$(dirname "$0")/../.."
jars=("host-agent/target/host-agent.jar" "$@")
for run in $(seq "${BENCH_RUNS:-2}"); do
  for jar in "${jars[@]}"; do
    echo "== $jar (run $run)"
    # the SourceHealth log lines (a random block fails FIPS now and then) are not the output
    java -XX:+UseSerialGC -cp "$jar" host-agent/bench/SourcePath.java 5 2>/dev/null | grep '^round' | tail -2
  done
done
