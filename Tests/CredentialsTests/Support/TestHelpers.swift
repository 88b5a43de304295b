import Foundation
import JSONCanonical
import TestSupport

/// Lower-case hex, as the vector files write hashes and signatures.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

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

/// A vector file parsed as JSON.
func vectorJSON(_ path: String) throws -> JSONValue {
    try JSONValue(parsing: Array(try SharedVectors.data(path)))
}

/// A vector text file, trimmed.
func vectorText(_ path: String) throws -> String {
    try SharedVectors.text(path).trimmedForVector
}

/// Errors for test set-up that found something unexpected in a vector file.
struct VectorShapeError: Error, CustomStringConvertible {
    var description: String
}

/// The object of a JSON value, or a set-up error naming what was expected.
func object(_ value: JSONValue?, _ what: String) throws -> JSONObject {
    guard let object = value?.objectValue else { throw VectorShapeError(description: "\(what) is not an object") }
    return object
}

/// The string of a JSON value, or a set-up error.
func string(_ value: JSONValue?, _ what: String) throws -> String {
    guard let text = value?.stringValue else { throw VectorShapeError(description: "\(what) is not a string") }
    return text
}

/// A fixed instant for deterministic proofs.
let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)
