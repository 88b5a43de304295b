"""An implementation certbridge did not write (segno) draws the QR codes ours must equal.

Run by Tests/QRCodeTests/QRCodeSegnoTests.swift. Reads JSON lines on stdin, one symbol each:

  {"text": "...", "version": 7 | null, "mask": 3 | null}

and writes one line per request on stdout: the version, the mask and the rows of modules
(1 dark, 0 light) that segno draws for the text's UTF-8 bytes in byte mode at level M, without
the quiet zone, separated by spaces:

  7 3 1111111010...  1000001...  ...

A null version or mask lets segno choose (smallest version, lowest-penalty mask). The bytes are
passed to segno as bytes, so it encodes them as they are (a str would be Latin-1 where it can).
"""
import json
import sys

import segno
from segno import encoder

# segno 1.6.6 writes a whole 0x00 codeword when the bit stream after the terminator already ends
# on a codeword boundary (`[0] * (8 - length % 8)` is 8 zeros when length % 8 == 0). ISO/IEC
# 18004 §7.4.10 adds padding bits only when the stream does *not* end on a boundary, and in byte
# mode with room for the whole terminator it always does, so every symbol that is not full gets
# an extra 0x00 before the pad codewords 0xEC 0x11. Decoders ignore everything after the
# terminator, but the symbol differs; draw what the standard asks for.
_segno_padding_bits = encoder.write_padding_bits


def _padding_bits_per_standard(buff, version, length):
    if length % 8:
        _segno_padding_bits(buff, version, length)


encoder.write_padding_bits = _padding_bits_per_standard

for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    try:
        code = segno.make_qr(
            request["text"].encode("utf-8"),
            error="m",
            version=request.get("version"),
            mask=request.get("mask"),
            mode="byte",
            boost_error=False,
            eci=False,
        )
    except Exception as error:  # the reason goes to the Swift test's failure message
        print(f"segno failed on {request!r}: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
    rows = ["".join("1" if module else "0" for module in row) for row in code.matrix]
    print(code.version, code.mask, " ".join(rows))
