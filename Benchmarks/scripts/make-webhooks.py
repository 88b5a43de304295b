#!/usr/bin/env python3
"""Writes N signed Certifier webhook bodies for the intake load run.

Usage: make-webhooks.py SECRET N OUT.txt

Each line is `<hex HMAC-SHA256 of the body> <body>`: a `credential.created` envelope with its
own event id and credential id, signed as Certifier signs (X-Webhook-Signature).
"""
import hashlib
import hmac
import json
import sys


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    secret, count, target = sys.argv[1].encode(), int(sys.argv[2]), sys.argv[3]
    with open(target, "w", encoding="utf-8") as out:
        for index in range(count):
            body = json.dumps(
                {
                    "id": f"evt-bench-{index:09d}",
                    "type": "credential.created",
                    "createdAt": "2025-02-25T15:39:59.680Z",
                    "data": {"resource": {"id": f"bench{index:021d}", "type": "credential"}},
                },
                separators=(",", ":"),
            )
            signature = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
            out.write(f"{signature} {body}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
