import JSONCanonical

/// The JSON-LD contexts that decide whether a document already defines Data Integrity terms.
public enum DataIntegrityContext {
    /// The proof type of every Data Integrity cryptosuite.
    public static let dataIntegrityProofType = "DataIntegrityProof"
    /// VC Data Model 1.1.
    public static let credentialsV1 = "https://www.w3.org/2018/credentials/v1"
    /// VC Data Model 2.0; it includes the Data Integrity terms.
    public static let credentialsV2 = "https://www.w3.org/ns/credentials/v2"
    /// Data Integrity v1 (older drafts).
    public static let dataIntegrityV1 = "https://w3id.org/security/data-integrity/v1"
    /// Data Integrity v2, what a VC 1.1 document must add to carry a `DataIntegrityProof`.
    public static let dataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"

    /// The `@context` strings of a document (a lone string counts as a one-element list;
    /// embedded context objects are skipped).
    public static func contexts(of document: JSONValue) -> [String] {
        guard case .object(let object) = document else { return [] }
        return contexts(of: object)
    }

    /// ``contexts(of:)-(JSONValue)`` of an object's members.
    static func contexts(of object: JSONObject) -> [String] {
        switch object["@context"] {
        case .string(let context)?: [context]
        case .array(let entries)?: strings(in: entries)
        default: []
        }
    }

    /// The string entries, in one allocation: `compactMap` cannot know the count and grew its
    /// array two or three times for every signature.
    private static func strings(in entries: [JSONValue]) -> [String] {
        var strings: [String] = []
        strings.reserveCapacity(entries.count)
        for entry in entries {
            if case .string(let text) = entry { strings.append(text) }
        }
        return strings
    }

    /// `dataIntegrityV2` when the document has contexts but none defines `DataIntegrityProof`.
    ///
    /// VC 2.0 includes the terms; VC 1.1 does not, so Data Integrity (§ 2.1 and the VC 1.1
    /// compatibility notes of the cryptosuite specs) requires adding the v2 context. A plain
    /// JSON document without `@context` needs nothing for the JCS suites.
    static func missingDataIntegrityContext(in contexts: [String]) -> String? {
        guard !contexts.isEmpty else { return nil }
        // Three comparisons instead of a Set: building and hashing a Set cost more than the
        // rest of the context handling of a signature.
        let defines = contexts.contains { $0 == credentialsV2 || $0 == dataIntegrityV2 || $0 == dataIntegrityV1 }
        return defines ? nil : dataIntegrityV2
    }

    /// The document with `context` appended to its `@context`.
    static func appending(_ context: String, to document: JSONValue) -> JSONValue {
        guard case .object(var object) = document else { return document }
        append(context, to: &object)
        return .object(object)
    }

    /// Appends `context` to the `@context` of a document object, in place.
    static func append(_ context: String, to document: inout JSONObject) {
        switch document["@context"] {
        case .string(let existing)?: document["@context"] = [.string(existing), .string(context)]
        case .array(let entries)?: document["@context"] = .array(entries + [.string(context)])
        default: document["@context"] = [.string(context)]
        }
    }
}
