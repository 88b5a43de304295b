#!/usr/bin/env bash
# The test command (README "Tests", .ci/run): every test, in two runs of one build.
#
# 1. Everything but the outbox and gateway suites, in parallel.
# 2. The outbox and gateway suites, one test at a time. They check deadlines, heartbeats,
#    leases and fast 503s against real time, with in-process servers on the concurrency pool.
#    That pool has one thread per core: on a two-core machine a CPU-bound suite elsewhere (QR
#    codes at version 40, RDF canonicalisation, RSA key generation) held both threads for tens of
#    seconds, and timers and servers of those suites could not run. Serial, they take about
#    2.5 minutes here; nothing is skipped.
#
# Extra arguments go to both runs (e.g. --ignore-lock).
set -euo pipefail
cd "$(dirname "$0")/.."
timed='^(OutboxTests|GatewayTests)\.'
swift build --build-tests "$@"
swift test --skip-build "$@" --skip "$timed"
# The PostgreSQL outage test stops the throwaway cluster for seconds, so it runs only here, where
# nothing else uses the cluster at the same time (it needs CERTBRIDGE_TEST_POSTGRES_DIR as well).
CERTBRIDGE_PG_OUTAGE_TEST=1 swift test --skip-build "$@" --no-parallel --filter "$timed"
