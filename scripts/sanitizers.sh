#!/usr/bin/env bash
# Sanitizer runs, kept out of CI (each is an extra full build): ThreadSanitizer over the
# concurrent modules (outbox, worker, destinations, gateway), AddressSanitizer over every test.
# Usage: scripts/sanitizers.sh [thread|address|all]   (default all). Record each run's date and
# result in docs/SANITIZERS.md. Needs ../shared/vectors; start a PostgreSQL test cluster first
# (eval "$(scripts/postgres-test-cluster.sh start)") to include the PostgreSQL outbox tests.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"

run() {
  local sanitizer="$1" filter="$2" skip="$3"
  local scratch=".build-$sanitizer"
  echo "== $sanitizer: build (scratch $scratch)"
  swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
  echo "== $sanitizer: test ${filter:-(all)}${skip:+, skipping $skip}"
  local args=(--skip-build --sanitize="$sanitizer" --scratch-path "$scratch")
  [ -n "$filter" ] && args+=(--filter "$filter")
  [ -n "$skip" ] && args+=(--skip "$skip")
  # halt_on_error: the first race or memory error fails the run, with its report.
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ASAN_OPTIONS="halt_on_error=1 detect_leaks=0" \
    swift test "${args[@]}"
}

case "$which" in
  thread|all) run thread 'OutboxTests|DestinationTests|GatewayTests|TSGWalletTests' '' ;;&
  address|all)
    # The constant-memory convert test compares peak RSS, which ASan's shadow memory inflates.
    run address '' 'ConvertStreamingTests' ;;
  thread) ;;
  *) echo "usage: $0 [thread|address|all]" >&2; exit 2 ;;
esac
