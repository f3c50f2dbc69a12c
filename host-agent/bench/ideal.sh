#!/usr/bin/env bash
# What the workload allows on this machine: this checkout's agent (A) against bench/egdideal.c (B: C,
# OpenSSL, epoll, answers from a fixed block — no pool, health tests or conditioning, nothing a real server
# must do) and stunnel4, paired round by round as in ab.sh, shared placement. B against stunnel4 bounds the
# ratio any server can reach here with the same TLS and the same syscalls per batch; A against B is what the
# agent's JVM, Netty and entropy work cost.
#
#   mvn -B -q -pl host-agent,certs -am package -DskipTests
#   host-agent/bench/ideal.sh
# Environment: as ab.sh (BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP, BENCH_A); BENCH_WORKLOADS defaults to
#   "w64 w1"; BENCH_IDEAL_LOOPS (1): egdideal's event loops (threads); BENCH_IDEAL_CONDITION (0): 1 makes
#   egdideal hash 72 bytes with SHA-512 for every 64 it serves, the least conditioning an honest server does;
#   BENCH_IDEAL_KIND (c): netty runs bench/NettyIdeal.java instead, the same server on the agent's own stack
#   (Netty epoll, netty-tcnative, the launcher's JVM flags; no conditioning).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH_B_IDEAL_KIND=${BENCH_IDEAL_KIND:-c} BENCH_B_IDEAL="${BENCH_IDEAL_LOOPS:-1} ${BENCH_IDEAL_CONDITION:-0}" BENCH_WORKLOADS=${BENCH_WORKLOADS:-w64 w1} exec host-agent/bench/ab.sh
