#!/usr/bin/env bash
# Instructions `certbridge serve` executes per credential, webhook to wallet (issue 15, target 3),
# counted by callgrind: the same ServeLoad wallet-load run as wallet-load.sh (SQLite outbox, the
# TSG profile's own suite, the stand-ins answering at once), with serve under valgrind. A count
# does not depend on what else the machine runs, so a change of 1 % shows, where the rates of a
# burst move by a quarter with the host. Two runs, N and 2N credentials; the difference divided by
# N is the cost of one credential without the start-up.
#
# Usage: Benchmarks/scripts/serve-instructions.sh [N] [BINARY]
#   N defaults to 1000; BINARY to the release `certbridge` this script builds.
# Needs valgrind. A copy of the binary without its DWARF 5 debug sections (which valgrind 3.19
# cannot read) is what runs; its symbol table stays, so callgrind_annotate names the functions
# in the profiles it leaves in $OUT_DIR (default /tmp/serve-instructions).
set -euo pipefail
bench="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-1000}"
binary="${2:-}"
out="${OUT_DIR:-/tmp/serve-instructions}"
command -v valgrind >/dev/null || { echo "serve-instructions: valgrind is not installed" >&2; exit 1; }
swift build -c release --static-swift-stdlib --package-path "$bench" --product ServeLoad >&2
if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --package-path "$bench" --product certbridge >&2
  binary="$bench/.build/release/certbridge"
fi
mkdir -p "$out"
strip --strip-debug -o "$out/certbridge" "$binary"
wrapper="$out/serve-under-callgrind"
printf '#!/bin/sh\nexport SWIFT_DETERMINISTIC_HASHING=1\nexec valgrind --tool=callgrind --callgrind-out-file=%s/callgrind.%%p %s "$@"\n' "$out" "$out/certbridge" >"$wrapper"
chmod +x "$wrapper"

total() {  # N -> the instructions of one serve run over N credentials
  rm -f "$out"/callgrind.*
  "$bench/.build/release/ServeLoad" wallet-load --count "$1" --store sqlite --binary "$wrapper" --timeout 1800 \
    >"$out/wallet-load-$1.txt" 2>&1 || { tail -5 "$out/wallet-load-$1.txt" >&2; exit 1; }
  grep -q "imported: *$1 of $1" "$out/wallet-load-$1.txt" || { echo "serve-instructions: not every import landed" >&2; exit 1; }
  grep -h '^summary:' "$out"/callgrind.* | awk '{print $2}'
}
single=$(total "$count")
cp "$out"/callgrind.* "$out/profile-$count.callgrind"
double=$(total $((2 * count)))
echo "date:       $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "binary:     $binary"
echo "serve, $count credentials:       $single instructions"
echo "serve, $((2 * count)) credentials:       $double instructions"
echo "per credential (difference / $count): $(((double - single) / count)) instructions"
