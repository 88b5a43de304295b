#!/usr/bin/env bash
# Runs the package-benchmark suites in release mode and prints their rates and ratios to the
# raw Ed25519 floor, with the machine and its load (the numbers only mean something together).
# Usage: Benchmarks/scripts/run-benchmarks.sh [OUT_DIR] [extra `swift package benchmark` args…]
# SCRATCH_PATH=DIR builds in DIR instead of Benchmarks/.build (a worktree's own build directory,
# or one a `swift build --scratch-path DIR` already filled).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/certbridge-bench}"
shift || true
mkdir -p "$out"
out="$(cd "$out" && pwd)"

echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "memory:  $(free -h | awk '/^Mem:/ {print $2}')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
scratch=()
if [ -n "${SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$SCRATCH_PATH"); fi
swift package "${scratch[@]}" --allow-writing-to-directory "$out" benchmark \
    --format jmh --path "$out" --no-progress "$@" >"$out/benchmark.log" 2>&1 \
    || { tail -30 "$out/benchmark.log"; exit 1; }
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/scripts/ratios.py" "$out/Current_run.jmh.json"
