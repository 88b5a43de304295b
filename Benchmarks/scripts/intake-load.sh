#!/usr/bin/env bash
# Webhook intake throughput and latency of the real `certbridge serve`, with wrk on loopback,
# then the end-to-end delivery rate of the same events (fetch from a synthetic Certifier, map,
# sign, deliver into the wallet stand-in), and a durability check against the SQLite outbox.
#
# Usage: Benchmarks/scripts/intake-load.sh [SECONDS] [CONNECTIONS] [EVENTS]
#   defaults: 10 s, 32 connections, 200000 pre-signed events (each sent once).
# Needs wrk and sqlite3 (Debian packages wrk, sqlite3) and python3.
set -euo pipefail
bench="$(cd "$(dirname "$0")/.." && pwd)"
duration="${1:-10}"
connections="${2:-32}"
events="${3:-200000}"
port="${BENCH_LISTEN_PORT:-8089}"
for tool in wrk sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "intake-load: $tool is missing" >&2; exit 2; }
done

swift build -c release --static-swift-stdlib --package-path "$bench" --product certbridge >&2
swift build -c release --static-swift-stdlib --package-path "$bench" --product ServeLoad >&2
bin="$bench/.build/release"

work="$(mktemp -d "${TMPDIR:-/tmp}/certbridge-intake.XXXXXX")"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export BENCH_CERTIFIER_TOKEN=bench-certifier-token BENCH_WEBHOOK_SECRET=bench-webhook-secret \
    BENCH_WALLET_PASSWORD=bench-wallet-password BENCH_LISTEN_PORT="$port"
BENCH_LISTEN_PORT="$port" "$bin/ServeLoad" standins "$work" 900 >"$work/standins.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -f "$work/certbridge.yaml" ] && break; sleep 0.2; done
[ -f "$work/certbridge.yaml" ] || { cat "$work/standins.log"; exit 1; }

"$bin/certbridge" serve --config "$work/certbridge.yaml" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { tail -20 "$work/serve.log"; exit 1; }

python3 "$bench/scripts/make-webhooks.py" "$BENCH_WEBHOOK_SECRET" "$events" "$work/webhooks.txt"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
WEBHOOK_BODIES="$work/webhooks.txt" WRK_THREADS=1 wrk -t1 -c"$connections" -d"${duration}s" --latency \
    -s "$bench/scripts/webhook.lua" "http://127.0.0.1:$port/webhooks/certifier" | tee "$work/wrk.txt"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"

accepted=$(awk '/^accepted/ {print $2}' "$work/wrk.txt")
store="$work/outbox.sqlite"
rows=$(sqlite3 "$store" "select count(*) from events;")
jobs=$(sqlite3 "$store" "select count(*) from jobs;")
echo "durability: $accepted accepted answers, $rows event rows, $jobs job rows in the outbox"
[ "$rows" -ge "$accepted" ] || { echo "intake-load: accepted events are missing from the outbox" >&2; exit 1; }

# End to end: how fast the worker empties the queue the burst left (fetch, map, sign, deliver).
start=$(date +%s.%N)
initial=$(sqlite3 "$store" "select count(*) from jobs where state = 'delivered';")
delivered=$initial
for _ in $(seq 1 600); do
    delivered=$(sqlite3 "$store" "select count(*) from jobs where state = 'delivered';")
    pending=$(sqlite3 "$store" "select count(*) from jobs where state in ('received','fetched','signed');")
    [ "$pending" -eq 0 ] && break
    sleep 0.5
done
end=$(date +%s.%N)
sqlite3 "$store" "select state, count(*) from jobs group by state;" | sed 's/^/jobs: /'
python3 -c "print(f'end-to-end queue drain after the burst: {$delivered - $initial} delivered in {$end - $start:.1f} s, {($delivered - $initial) / ($end - $start):,.0f} per second (fetch, map, sign, wallet import); {$initial} were delivered during the burst')"
