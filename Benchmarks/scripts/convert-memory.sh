#!/usr/bin/env bash
# Peak resident memory (and rate) of the real `certbridge convert` on a large NDJSON file.
#
# Usage: Benchmarks/scripts/convert-memory.sh [LINES] [CERTBRIDGE_BINARY]
#   LINES defaults to 1000000; the binary defaults to a release build made here
#   (swift build -c release --static-swift-stdlib --package-path Benchmarks --product certbridge,
#   as .ci/run builds it, so the two builds share one build directory without rebuilding).
#   SUITE (environment) is passed as --suite, default eddsa-jcs-2022 (the convert target's
#   suite); SUITE=profiles keeps each profile's own proof.cryptosuite.
# The input is generated in a temporary folder from Examples/certifier-credentials.ndjson (each
# line a distinct credential); output goes through a pipe to `wc`, never to disk.
# Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
bench="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$bench/.." && pwd)"
lines="${1:-1000000}"
suite="${SUITE:-eddsa-jcs-2022}"
suite_args=()
[ "$suite" = profiles ] || suite_args=(--suite "$suite")
binary="${2:-}"

if [ ! -x /usr/bin/time ]; then
    echo "convert-memory: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi
if [ -z "$binary" ]; then
    swift build -c release --static-swift-stdlib --package-path "$bench" --product certbridge >&2
    binary="$bench/.build/release/certbridge"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/certbridge-convert-memory.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 "$bench/scripts/make-ndjson.py" "$repo/Examples/certifier-credentials.ndjson" "$lines" "$work/input.ndjson"
"$binary" keys generate --type ed25519 --out "$work/key.jwk" >"$work/keys.out"

echo "input:   $lines lines, $(du -h "$work/input.ndjson" | cut -f1); suite: $suite"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
/usr/bin/time -v -o "$work/time.txt" "$binary" convert "$work/input.ndjson" \
    --profiles "$repo/mappings" --key "$work/key.jwk" "${suite_args[@]}" --out - 2>"$work/stderr.txt" | wc -lc >"$work/count.txt"
status=${PIPESTATUS[0]}
set -e
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
read -r out_lines out_bytes <"$work/count.txt"
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
user=$(awk -F': ' '/User time/ {print $2}' "$work/time.txt")
sys=$(awk -F': ' '/System time/ {print $2}' "$work/time.txt")
echo "exit:    $status ($(tail -1 "$work/stderr.txt"))"
[ "$status" -eq 0 ] || exit "$status"
echo "output:  $out_lines lines, $((out_bytes / 1024 / 1024)) MiB"
echo "peak RSS: $((rss_kb / 1024)) MiB ($rss_kb kB)"
echo "time:    wall $wall, user ${user}s, sys ${sys}s"
python3 -c "
import sys
wall = '$wall'.split(':')
seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(wall)))
cpu = float('$user') + float('$sys')
print(f'rate:    {int(\"$out_lines\") / seconds:,.0f} credentials/s wall, {int(\"$out_lines\") / cpu:,.0f} per CPU-second')
"
