import JSONCanonical
@testable import Mapping

/// The validator as it was before the one-pass rewrite (main 23979dc), kept as the reference
/// the new one must agree with; since the TSG rules moved into the TSG wallet's form, it lives
/// here. Its dates are read with today's parser, which MappingTests holds to its own reference.
struct ReferenceCredentialValidator {
    /// The data model version to check against.
    var version: VCVersion
    /// The import schema to check against.
    var target: ProfileTarget

    /// Creates a validator.
    init(version: VCVersion, target: ProfileTarget) {
        self.version = version
        self.target = target
    }

    /// Every rule the document breaks; empty when valid. `signed` adds the rules about `proof`.
    func issues(in document: JSONValue, signed: Bool) -> [ValidationIssue] {
        var issues = dataModelIssues(document)
        if target == .tsgWallet { issues += tsgWalletIssues(document, signed: signed) }
        return issues
    }

    private func dataModelIssues(_ document: JSONValue) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let ruleSet = "VC \(version.rawValue)"
        func issue(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message, ruleSet: ruleSet)) }

        let contexts = document["@context"]?.arrayValue ?? document["@context"].map { [$0] }
        if let first = contexts?.first?.stringValue {
            if first != version.baseContext { issue("@context", "the first entry must be \(version.baseContext), not \(first)") }
        } else {
            issue("@context", "must be present and start with \(version.baseContext)")
        }
        let types = document["type"]?.arrayValue ?? document["type"].map { [$0] } ?? []
        if !types.contains(.string("VerifiableCredential")) { issue("type", "must contain VerifiableCredential") }
        switch document["issuer"] {
        case .string(let issuer): if !isURI(issuer) { issue("issuer", "'\(issuer)' is not a URL or DID") }
        case .object(let issuer): if !isURI(issuer["id"]?.stringValue ?? "") { issue("issuer.id", "must be a URL or DID") }
        default: issue("issuer", "must be present (a URL or DID, or an object with id)")
        }
        if let id = document["id"] {
            if !isURI(id.stringValue ?? "") { issue("id", "must be a URL (got \(id.compactString))") }
        }
        switch document["credentialSubject"] {
        case .object(let subject) where !subject.isEmpty: break
        case .array(let subjects) where !subjects.isEmpty: break
        default: issue("credentialSubject", "must be present and not empty")
        }
        let (from, until) = version.dateKeys
        if version == .v1_1, document[from] == nil { issue(from, "must be present in VC 1.1") }
        for key in [from, until] {
            guard let value = document[key] else { continue }
            guard let text = value.stringValue, DateTimeValue(parsing: text) != nil else {
                issue(key, "must be an XML Schema date-time with a time zone, e.g. 2024-05-01T00:00:00Z (got \(value.compactString))")
                continue
            }
        }
        if let start = document[from]?.stringValue.flatMap({ DateTimeValue(parsing: $0) }),
            let end = document[until]?.stringValue.flatMap({ DateTimeValue(parsing: $0) }), end < start
        {
            issue(until, "is before \(from)")
        }
        return issues
    }

    private func tsgWalletIssues(_ document: JSONValue, signed: Bool) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func issue(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message, ruleSet: "tsg-wallet")) }
        if document["@context"]?.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            issue("@context", "must be an array of strings")
        }
        if document["type"]?.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            issue("type", "must be an array of strings")
        }
        if document["issuer"]?.stringValue == nil { issue("issuer", "must be a string (the wallet does not accept the object form)") }
        let holder = document["credentialSubject"]?["id"]?.stringValue
        if holder == nil || holder?.isEmpty == true { issue("credentialSubject.id", "the holder DID is required") }
        if let id = document["id"]?.stringValue {
            let holderForm = holder.map { id.hasPrefix($0 + "#") } ?? false
            if !id.hasPrefix("http") && !holderForm {
                issue("id", "must be a full URL (https://...) or start with the holder DID and '#' (\(holder ?? "<holderDID>")#...)")
            }
        } else {
            issue("id", "is required: the wallet keys stored credentials by id")
        }
        if signed {
            if document["proof"]?.arrayValue?.isEmpty != false { issue("proof", "must be a non-empty array of proofs") }
        }
        return issues
    }

    private func isURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        return scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." } && text.index(after: colon) != text.endIndex
            && !text.utf8.contains(UInt8(ascii: " "))  // Foundation's contains(String) costs 10x more
    }
}
