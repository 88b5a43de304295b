import Foundation
import JSONCanonical

/// Lower-case hex, as the vector files write hashes and signatures.
public func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// A vector file parsed as JSON.
public func vectorJSON(_ path: String) throws -> JSONValue {
    try JSONValue(parsing: Array(try SharedVectors.data(path)))
}

/// A vector text file, trimmed.
public func vectorText(_ path: String) throws -> String {
    try SharedVectors.text(path).trimmedForVector
}

/// Errors for test set-up that found something unexpected in a vector file.
public struct VectorShapeError: Error, CustomStringConvertible {
    /// What was unexpected.
    public var description: String

    /// An error with its text.
    public init(description: String) { self.description = description }
}

/// The object of a JSON value, or a set-up error naming what was expected.
public func object(_ value: JSONValue?, _ what: String) throws -> JSONObject {
    guard let object = value?.objectValue else { throw VectorShapeError(description: "\(what) is not an object") }
    return object
}

/// The string of a JSON value, or a set-up error.
public func string(_ value: JSONValue?, _ what: String) throws -> String {
    guard let text = value?.stringValue else { throw VectorShapeError(description: "\(what) is not a string") }
    return text
}
