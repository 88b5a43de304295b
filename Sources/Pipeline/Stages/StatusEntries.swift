import JSONCanonical
import Mapping
import StatusList

/// Writes `credentialStatus` into a mapped credential before it is signed.
enum StatusEntries {
    /// One entry is written as an object, several as a list (the spec allows both; one object is
    /// what most verifiers, TSG's among them, read first). VC 1.1 credentials get the status
    /// context, whose terms the VC 2.0 context already defines; without it an RDF-canonicalised
    /// proof would refuse the undefined terms.
    static func write(_ entries: [StatusListEntry], into document: inout JSONValue, version: VCVersion) {
        guard case .object(var object) = document else { return }
        object["credentialStatus"] = entries.count == 1 ? entries[0].json : .array(entries.map(\.json))
        if version == .v1_1, case .array(var contexts)? = object["@context"],
            !contexts.contains(.string(StatusListCredential.statusContextV1))
        {
            contexts.append(.string(StatusListCredential.statusContextV1))
            object["@context"] = .array(contexts)
        }
        document = .object(object)
    }
}
