#!/usr/bin/env bash
# Sanitizer runs, kept out of CI (each is an extra full build, 20–40 minutes on two cores):
# ThreadSanitizer over the concurrent modules (the outbox and its delivery worker, the
# destinations, the gateway), AddressSanitizer over every test.
#
# Usage: scripts/sanitizers.sh [thread|address|all]   (default all)
#
# Each sanitizer builds in a scratch folder of its own (.build-tsan, .build-asan), so the normal
# .build is never touched. The PostgreSQL tests run against the server named by
# CERTBRIDGE_TEST_POSTGRES_URL; without one, the script starts a throwaway cluster
# (scripts/postgres-test-cluster.sh) and stops it at the end, so they run too. Prefix with
# `nice -n 15` on a shared machine. Record each run's date and result in docs/SANITIZERS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
case "$which" in
  thread | address | all) ;;
  *) echo "usage: $0 [thread|address|all]" >&2; exit 2 ;;
esac

# Swift's backtracer can hang on the abort a sanitizer raises; the sanitizer's own report is
# the one we want.
export SWIFT_BACKTRACE=enable=no

cluster=""
if [ -z "${CERTBRIDGE_TEST_POSTGRES_URL:-}" ]; then
  if exports=$(scripts/postgres-test-cluster.sh start); then
    eval "$exports"
    cluster="$CERTBRIDGE_TEST_POSTGRES_DIR"
    trap 'scripts/postgres-test-cluster.sh stop "$cluster"' EXIT
  else
    echo "== no PostgreSQL server: the PostgreSQL suites will be skipped" >&2
  fi
fi
# A configured server that does not answer fails its tests instead of skipping them.
[ -n "${CERTBRIDGE_TEST_POSTGRES_URL:-}" ] && export CERTBRIDGE_REQUIRE_POSTGRES_TESTS=1

failed=0
run() {
  local sanitizer="$1" short="$2" parallel="$3"
  local scratch=".build-$short"
  # Reports go to files, one per process, so a report from a child process (the tests start
  # the built certbridge binary) is not lost in a test's captured stderr.
  local reports="$PWD/$scratch/sanitizer-reports"
  rm -rf "$reports" && mkdir -p "$reports"
  local started=$SECONDS
  echo "== $sanitizer: build (scratch $scratch)"
  swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
  local built=$SECONDS
  # Two runs, as in scripts/test.sh: the outbox and gateway suites check deadlines, heartbeats
  # and leases against real time, so they run one test at a time; the rest in parallel.
  local timed='^(OutboxTests|GatewayTests)\.'
  local args=(--skip-build --sanitize="$sanitizer" --scratch-path "$scratch")
  local status=0
  # halt_on_error: the first race or memory error ends the process, with its report.
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 log_path=$reports/tsan"
  export ASAN_OPTIONS="halt_on_error=1 detect_leaks=0 log_path=$reports/asan"
  echo "== $sanitizer: tests ${parallel:-(all but the timed suites)}, in parallel"
  if [ -n "$parallel" ]; then
    swift test "${args[@]}" --filter "$parallel" || status=$?
  else
    swift test "${args[@]}" --skip "$timed" || status=$?
  fi
  echo "== $sanitizer: the outbox and gateway suites, one test at a time"
  CERTBRIDGE_PG_OUTAGE_TEST=1 swift test "${args[@]}" --no-parallel --filter "$timed" || status=$?
  local count
  count=$(find "$reports" -type f | wc -l)
  echo "== $sanitizer: build $((built - started)) s, tests $((SECONDS - built)) s," \
    "swift test exit status $status, $count sanitizer report(s) in $reports"
  if [ "$count" -gt 0 ]; then
    find "$reports" -type f -exec sh -c 'echo "--- $1"; cat "$1"' _ {} \;
  fi
  if [ "$status" -ne 0 ] || [ "$count" -gt 0 ]; then failed=1; fi
}

if [ "$which" = thread ] || [ "$which" = all ]; then
  run thread tsan '^(DestinationTests|TSGWalletTests)\.'
fi
if [ "$which" = address ] || [ "$which" = all ]; then
  run address asan ''
fi
exit "$failed"
