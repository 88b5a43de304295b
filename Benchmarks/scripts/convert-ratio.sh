#!/usr/bin/env bash
# Issue 15, target 2: the real `certbridge convert` against the raw Ed25519 signature, by CPU time.
#
# Usage: Benchmarks/scripts/convert-ratio.sh [ROUNDS] [CERTBRIDGE_BINARY...]
#   ROUNDS defaults to 8. The binaries default to a release build made here (as .ci/run builds
#   it); give two or more (an older build beside the current one) to compare them in one run.
#   SUITE (environment) is passed as --suite, default eddsa-jcs-2022; SUITE=profiles keeps each
#   profile's own proof.cryptosuite (the TSG profile's JsonWebSignature2020: the RDF path).
#   CORE (environment) is the core everything is pinned to, default 1.
# Each round runs ProfileHarness raw-ed25519 (the floor) and then each binary's convert of 30,000
# copies of Examples/certifier-credential.json, one after the other on one core, and prints the
# rate as CPU time (user + system) gives it and its ratio to the floor of the same round.
# CPU time rather than the wall clock: on a shared virtual machine the wall-clock rates move by a
# fifth within minutes, CPU time much less. Needs GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
bench="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$bench/.." && pwd)"
rounds="${1:-8}"
shift || true
suite="${SUITE:-eddsa-jcs-2022}"
suite_args=()
[ "$suite" = profiles ] || suite_args=(--suite "$suite")
core="${CORE:-1}"
lines=30000

if [ ! -x /usr/bin/time ]; then
    echo "convert-ratio: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi
swift build -c release --static-swift-stdlib --package-path "$bench" --product ProfileHarness >&2
harness="$bench/.build/release/ProfileHarness"
binaries=("$@")
if [ ${#binaries[@]} -eq 0 ]; then
    swift build -c release --static-swift-stdlib --package-path "$bench" --product certbridge >&2
    binaries=("$bench/.build/release/certbridge")
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/certbridge-convert-ratio.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), separators=(",", ":")))' \
    "$repo/Examples/certifier-credential.json" >"$work/one.ndjson"
python3 "$bench/scripts/make-ndjson.py" "$work/one.ndjson" "$lines" "$work/input.ndjson"
"${binaries[0]}" keys generate --type ed25519 --out "$work/key.jwk" >"$work/keys.out"

cpu_seconds() { awk '{print $1 + $2}' "$work/time.txt"; }
echo "suite: $suite; $lines lines a run; core $core; load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
    /usr/bin/time -f "%U %S" -o "$work/time.txt" taskset -c "$core" "$harness" raw-ed25519 120000 >/dev/null
    floor=$(awk -v n=120000 '{printf "%.0f", n / ($1 + $2)}' "$work/time.txt")
    line="round $round: raw Ed25519 $floor/s"
    for binary in "${binaries[@]}"; do
        /usr/bin/time -f "%U %S" -o "$work/time.txt" taskset -c "$core" "$binary" convert "$work/input.ndjson" \
            --profiles "$repo/mappings" --key "$work/key.jwk" "${suite_args[@]}" --out /dev/null 2>"$work/stderr.txt"
        grep -q "converted $lines," "$work/stderr.txt" || { echo "convert-ratio: $binary did not convert every line" >&2; cat "$work/stderr.txt" >&2; exit 1; }
        line="$line | $(basename "$binary") $(awk -v n=$lines -v floor="$floor" \
            '{cpu = $1 + $2; printf "%.2f s, %.0f/s, %.3fx", cpu, n / cpu, n / cpu / floor}' "$work/time.txt")"
    done
    echo "$line"
done
