#!/usr/bin/env bash
# The serving path's ceiling: what window 64 and window 1 reach when the source path costs nothing. A
# throwaway worktree of HEAD gets ceiling.patch (raw bytes go to the pool untested and unconditioned: an
# experiment, never a release) and is built; ab.sh then runs this checkout's agent (A) against it (B) and
# stunnel4, paired round by round. The gap between A and B is what the health tests and SHA-512 cost the
# rate; B against stunnel4 is what the event loop, TLS and the kernel allow. BENCH_PATCH runs the same A/B
# for another patch (e.g. host-agent/bench/takeinto.patch, an experiment the README reports).
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests
#   host-agent/bench/ceiling.sh
# Environment: as ab.sh (BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP); BENCH_WORKLOADS defaults to "w64 w1";
#   BENCH_PATCH (host-agent/bench/ceiling.patch), relative to the repository root; BENCH_IDEAL_LOOPS (and
#   BENCH_IDEAL_CONDITION) run the patched build as A against bench/egdideal.c as B instead (see ideal.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=$(mktemp -d /tmp/ceiling.XXXXXX)
trap 'git worktree remove --force "$TREE"' EXIT
git worktree add -q --detach "$TREE" HEAD
git -C "$TREE" apply "$PWD/${BENCH_PATCH:-host-agent/bench/ceiling.patch}"
mvn -B -q -f "$TREE/pom.xml" -pl host-agent -am package -DskipTests
if [ -n "${BENCH_IDEAL_LOOPS:-}" ]; then   # the patched build (A) against bench/egdideal.c (B), see ideal.sh
  BENCH_A_LAUNCHER=$TREE/host-agent/target/host-agent BENCH_B_IDEAL_KIND=${BENCH_IDEAL_KIND:-c} BENCH_B_IDEAL="$BENCH_IDEAL_LOOPS ${BENCH_IDEAL_CONDITION:-0}" \
    BENCH_WORKLOADS=${BENCH_WORKLOADS:-w64 w1} host-agent/bench/ab.sh
else
  BENCH_B_LAUNCHER=$TREE/host-agent/target/host-agent BENCH_WORKLOADS=${BENCH_WORKLOADS:-w64 w1} host-agent/bench/ab.sh
fi
