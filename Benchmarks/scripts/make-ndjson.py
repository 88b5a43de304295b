#!/usr/bin/env python3
"""Writes an NDJSON file of N Certifier credentials for convert benchmarks.

Usage: make-ndjson.py SOURCE.ndjson N OUT.ndjson

Cycles through the source lines and gives each copy its own `id` (same length, a counter in
the last characters), so every output line is a distinct credential with a distinct VC id.
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    source, count, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, encoding="utf-8") as handle:
        templates = [json.loads(line) for line in handle if line.strip()]
    with open(target, "w", encoding="utf-8") as out:
        for index in range(count):
            credential = dict(templates[index % len(templates)])
            original = credential["id"]
            suffix = f"{index:010d}"
            credential["id"] = original[: len(original) - len(suffix)] + suffix
            out.write(json.dumps(credential, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
