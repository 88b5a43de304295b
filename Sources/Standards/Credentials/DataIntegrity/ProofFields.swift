import Foundation
import JSONCanonical

/// Reading and checking the members of a proof object, with the errors every suite reports.
public enum ProofFields {
    /// A required, non-empty string member.
    public static func string(_ name: String, in proof: JSONObject) throws(DataIntegrityError) -> String {
        guard let value = proof[name] else { throw .missingProofField(name) }
        guard let text = value.stringValue else {
            throw .malformedProofField(name, reason: "expected a string, found \(value.kindName)")
        }
        guard !text.isEmpty else { throw .malformedProofField(name, reason: "it is empty") }
        return text
    }

    /// An optional string member that must be an XML Schema dateTime when present.
    public static func dateTime(_ name: String, in proof: JSONObject) throws(DataIntegrityError) -> String? {
        guard proof[name] != nil else { return nil }
        let text = try string(name, in: proof)
        guard ProofDate.isDateTime(text) else {
            throw .malformedProofField(name, reason: "'\(text)' is not a date-time like 2024-01-31T12:00:00Z")
        }
        return text
    }

    /// The proofs of a document: `proof` as a list, a lone object counting as a list of one.
    static func proofs(of document: JSONObject) throws(DataIntegrityError) -> [JSONObject] {
        guard let value = document["proof"] else { throw .missingProof }
        let entries: [JSONValue]
        switch value {
        case .array(let list): entries = list
        case .object: entries = [value]
        default: throw .proofNotAnObject(found: value.kindName)
        }
        guard !entries.isEmpty else { throw .missingProof }
        var proofs: [JSONObject] = []
        for (index, entry) in entries.enumerated() {
            guard let object = entry.objectValue else {
                let error = DataIntegrityError.proofNotAnObject(found: entry.kindName)
                throw entries.count > 1 ? .inProof(index: index, count: entries.count, error) : error
            }
            proofs.append(object)
        }
        return proofs
    }
}
