#!/usr/bin/env python3
"""Rates of each benchmark in a jmh export, and their ratio to the raw Ed25519 floor.

Usage: ratios.py RUN.jmh.json [FLOOR_SUBSTRING]

The suites run 1,000 operations per measured iteration (scalingFactor .kilo), so one
iteration's wall-clock time in microseconds is the time of one operation in nanoseconds.
Benchmarks of slow operations (signing a whole status list) run fewer, and say so in their
name with the tag "(ops per iteration: N)" (the jmh export has no scaling factor of its own);
their iteration time is divided by N instead.
Two rates are printed: from the median iteration, and from the fastest one (the least
disturbed by other processes on a shared machine). Each ratio divides by the floor benchmark
of the same target in the same run; "per op" is the median time of one operation, and
"floor sigs" how many floor signatures fit in that time.
"""
import json
import re
import sys

DEFAULT_OPS_PER_ITERATION = 1000
OPS_TAG = re.compile(r"\s*\(ops per iteration: (\d+)\)$")


def percent(value: float) -> str:
    """A ratio with the digits that matter: 42%, 3.1%, 0.45%."""
    if value >= 0.1:
        return f"{value:.0%}"
    if value >= 0.01:
        return f"{value:.1%}"
    return f"{value:.2%}"


def duration(nanoseconds: float) -> str:
    if nanoseconds >= 1e6:
        return f"{nanoseconds / 1e6:,.2f} ms"
    if nanoseconds >= 1e3:
        return f"{nanoseconds / 1e3:,.1f} µs"
    return f"{nanoseconds:,.0f} ns"


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    floor_name = sys.argv[2] if len(sys.argv) > 2 else "Raw_Ed25519_sign"
    with open(sys.argv[1]) as handle:
        runs = json.load(handle)
    rows = []
    for run in runs:
        _, _, target, key = run["benchmark"].split(".", 3)
        name = key.replace("_", " ")
        tag = OPS_TAG.search(name)
        ops = int(tag.group(1)) if tag else DEFAULT_OPS_PER_ITERATION
        if tag:
            name = name[: tag.start()]
        # The export gives microseconds per iteration.
        wall = run["secondaryMetrics"]["Time (wall clock)"]["scorePercentiles"]
        per_op_ns = {"p50": wall["50.0"] * 1000 / ops, "p0": wall["0.0"] * 1000 / ops}
        rates = {key: 1e9 / value for key, value in per_op_ns.items()}
        rows.append((target, name, key, ops, per_op_ns, rates))
    floors = {target: rates for target, _, key, _, _, rates in rows if floor_name in key}
    print("| target | benchmark | ops/s (median) | ops/s (best) | vs floor (median) | vs floor (best) | per op (median) | floor sigs per op |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for target, name, _, ops, per_op_ns, rates in sorted(rows, key=lambda row: (row[0], row[1])):
        floor = floors.get(target)
        ratio = lambda key: percent(rates[key] / floor[key]) if floor else "n/a"
        signatures = f"{floor['p50'] / rates['p50']:,.1f}" if floor else "n/a"
        label = name if ops == DEFAULT_OPS_PER_ITERATION else f"{name} [{ops} per iteration]"
        print(
            f"| {target} | {label} | {rates['p50']:,.0f} | {rates['p0']:,.0f} | {ratio('p50')} | {ratio('p0')} "
            f"| {duration(per_op_ns['p50'])} | {signatures} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
