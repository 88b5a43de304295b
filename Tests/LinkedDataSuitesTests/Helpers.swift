import Foundation
import JSONCanonical
import TestSupport

/// Lower-case hex, as the vector files write hashes and signatures.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// A vector file parsed as JSON.
func vectorJSON(_ path: String) throws -> JSONValue {
    try JSONValue(parsing: Array(try SharedVectors.data(path)))
}

/// A vector text file, trimmed.
func vectorText(_ path: String) throws -> String {
    try SharedVectors.text(path).trimmedForVector
}

/// A set-up error for a vector of an unexpected shape.
struct VectorShapeError: Error, CustomStringConvertible {
    var description: String
}

/// The object of a JSON value, or a set-up error.
func object(_ value: JSONValue?, _ what: String) throws -> JSONObject {
    guard let object = value?.objectValue else { throw VectorShapeError(description: "\(what) is not an object") }
    return object
}

/// The string of a JSON value, or a set-up error.
func string(_ value: JSONValue?, _ what: String) throws -> String {
    guard let text = value?.stringValue else { throw VectorShapeError(description: "\(what) is not a string") }
    return text
}
