import Foundation
import JSONCanonical
@_exported import TestSupport  // vector helpers (hex, vectorJSON, …) for every test file

/// Bytes from hex text; `nil` for odd length or a non-hex digit.
func bytes(fromHex text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var result: [UInt8] = []
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
        result.append(byte)
    }
    return result
}

/// A fixed instant for deterministic proofs.
let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)
