#!/usr/bin/env bash
# Webhook to wallet through the real `certbridge serve` (issue 15, target 3): for each store and
# number of serve processes, N webhooks for N distinct credentials go to serve; the synthetic
# Certifier and the wallet stand-in answer at once; the stand-in verifies every 50th import against
# the did.json the server publishes. Prints the end-to-end rate, webhook-to-import p50/p90/p99 and
# CPU per process (ServeLoad wallet-load does the run; this script builds and starts PostgreSQL).
#
# Usage: Benchmarks/scripts/wallet-load.sh [N] [RUN...]
#   RUN is sqlite, postgres, postgres2 (two serve processes on one PostgreSQL outbox); add
#   +status to any for a status entry per credential (sqlite+status). Default: N = 20000 and
#   "sqlite postgres postgres2 sqlite+status postgres+status postgres2+status".
#   Extra ServeLoad options go in $WALLET_LOAD_OPTIONS (e.g. "--connections 64 --delivery-concurrency 32").
# PostgreSQL runs with fsync on (the test cluster turns it off; a load figure should not).
set -euo pipefail
bench="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$bench/.." && pwd)"
count="${1:-20000}"
shift || true
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(sqlite postgres postgres2 sqlite+status postgres+status postgres2+status)

swift build -c release --static-swift-stdlib --package-path "$bench" --product certbridge >&2
swift build -c release --static-swift-stdlib --package-path "$bench" --product ServeLoad >&2
bin="$bench/.build/release"

pg_dir=""
cleanup() { [ -z "$pg_dir" ] || "$root/scripts/postgres-test-cluster.sh" stop "$pg_dir"; }
trap cleanup EXIT

for run in "${runs[@]}"; do
    store="${run%%+*}"
    options=(--count "$count")
    case "$run" in *+status) options+=(--status) ;; esac
    case "$store" in
    sqlite) options+=(--store sqlite) ;;
    postgres | postgres2)
        if [ -z "$pg_dir" ]; then
            eval "$(CERTBRIDGE_PG_FSYNC=on "$root/scripts/postgres-test-cluster.sh" start)"
            pg_dir="$CERTBRIDGE_TEST_POSTGRES_DIR"
            admin="$CERTBRIDGE_TEST_POSTGRES_URL"
        fi
        database="bench_$(date +%s%N)"
        psql -q "$admin" -c "CREATE DATABASE $database" >/dev/null
        export BENCH_POSTGRES_URL="${admin%/postgres*}/$database?sslmode=disable"
        options+=(--store postgres --instances "$([ "$store" = postgres2 ] && echo 2 || echo 1)")
        ;;
    *) echo "wallet-load: unknown run $run (sqlite, postgres, postgres2, with +status)" >&2; exit 2 ;;
    esac
    echo "== $run"
    # shellcheck disable=SC2086
    "$bin/ServeLoad" wallet-load "${options[@]}" ${WALLET_LOAD_OPTIONS:-}
done
