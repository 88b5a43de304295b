import Foundation
import JSONCanonical
import TestSupport
import Testing

/// One entry of the W3C rdf-canon manifest (`rdf-canon/manifest.jsonld`).
struct RDFCanonCase: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable {
        case eval = "rdfc:RDFC10EvalTest"
        case map = "rdfc:RDFC10MapTest"
        case negative = "rdfc:RDFC10NegativeEvalTest"
    }

    var id: String
    var name: String
    var kind: Kind
    var action: String
    var result: String?
    var sha384: Bool

    var testDescription: String { "\(id) \(name)" }

    /// Every entry of the manifest; an unreadable manifest yields no cases and the count test fails.
    static let all: [RDFCanonCase] = {
        guard let data = try? SharedVectors.data("rdf-canon/manifest.jsonld"),
              let manifest = try? JSONValue(parsing: Array(data)),
              let entries = manifest["entries"]?.arrayValue
        else { return [] }
        return entries.compactMap { entry in
            guard let id = entry["id"]?.stringValue, let type = entry["type"]?.stringValue,
                  let kind = Kind(rawValue: type), let action = entry["action"]?.stringValue
            else { return nil }
            return RDFCanonCase(
                id: id, name: entry["name"]?.stringValue ?? "", kind: kind, action: action,
                result: entry["result"]?.stringValue,
                sha384: entry["hashAlgorithm"]?.stringValue == "SHA384"
            )
        }
    }()

    /// The number of `entries` in the manifest, independent of the decoding above.
    static var manifestEntryCount: Int {
        guard let data = try? SharedVectors.data("rdf-canon/manifest.jsonld"),
              let manifest = try? JSONValue(parsing: Array(data))
        else { return -1 }
        return manifest["entries"]?.arrayValue?.count ?? -1
    }
}
