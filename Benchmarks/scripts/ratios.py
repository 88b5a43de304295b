#!/usr/bin/env python3
"""Rates of each benchmark in a jmh export, and their ratio to the raw Ed25519 floor.

Usage: ratios.py RUN.jmh.json [FLOOR_SUBSTRING]

Every suite runs 1,000 operations per measured iteration (scalingFactor .kilo), so one
iteration's wall-clock time in microseconds is the time of one operation in nanoseconds.
Two rates are printed: from the median iteration, and from the fastest one (the least
disturbed by other processes on a shared machine). Each ratio divides by the floor benchmark
of the same target in the same run.
"""
import json
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    floor_name = sys.argv[2] if len(sys.argv) > 2 else "Raw_Ed25519_sign"
    with open(sys.argv[1]) as handle:
        runs = json.load(handle)
    rows = []
    for run in runs:
        _, _, target, name = run["benchmark"].split(".", 3)
        wall = run["secondaryMetrics"]["Time (wall clock)"]["scorePercentiles"]
        per_op_ns = {"p50": wall["50.0"], "p0": wall["0.0"]}
        rows.append((target, name, {key: 1e9 / value for key, value in per_op_ns.items()}))
    floors = {target: rates for target, name, rates in rows if floor_name in name}
    print("| target | benchmark | ops/s (median) | ops/s (best) | vs floor (median) | vs floor (best) |")
    print("|---|---|---:|---:|---:|---:|")
    for target, name, rates in sorted(rows):
        floor = floors.get(target)
        ratio = lambda key: f"{rates[key] / floor[key]:.0%}" if floor else "n/a"
        print(f"| {target} | {name.replace('_', ' ')} | {rates['p50']:,.0f} | {rates['p0']:,.0f} | {ratio('p50')} | {ratio('p0')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
