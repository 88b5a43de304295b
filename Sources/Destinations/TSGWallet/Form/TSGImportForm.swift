import JSONCanonical
import Mapping

/// The TSG wallet's import schema as a credential form: `proof` as an array, a string issuer,
/// a holder DID, and an `id` that is a URL or `<holderDID>#…` (../shared/docs/TSG-WALLET.md).
/// Its import answers 400 otherwise, so the pipeline checks these rules before any request.
public struct TSGImportForm: CredentialForm {
    /// Creates the form.
    public init() {}

    /// The rule set its issues name: `tsg-wallet`.
    static let ruleSet = TSGWalletKind.name

    /// The import schema wants `proof` as an array; a single proof becomes a set of one (the
    /// proof does not sign itself, so verification is unchanged).
    public func shape(signed vc: consuming JSONValue) -> JSONValue {
        guard case .object(var object) = vc, case .object(let proof)? = object["proof"] else { return vc }
        // Drop the document's hold on the members, so the one assignment below changes them in
        // place instead of copying every member of the credential.
        vc = .null
        object["proof"] = .array([.object(proof)])
        return .object(object)
    }

    /// The import schema's rules; `signed` adds the one about `proof`.
    public func issues(in document: CredentialMembers, signed: Bool) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func issue(_ field: String, _ message: String) {
            issues.append(ValidationIssue(field: field, message: message, ruleSet: Self.ruleSet))
        }
        if document.context?.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            issue("@context", "must be an array of strings")
        }
        if document.type?.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            issue("type", "must be an array of strings")
        }
        if document.issuer?.stringValue == nil { issue("issuer", "must be a string (the wallet does not accept the object form)") }
        let holder = document.subject?["id"]?.stringValue
        if holder == nil || holder?.isEmpty == true { issue("credentialSubject.id", "the holder DID is required") }
        if let id = document.id?.stringValue {
            let holderForm = holder.map { Self.hasHolderPrefix(id, holder: $0) } ?? false
            if !id.hasPrefix("http") && !holderForm {
                issue("id", "must be a full URL (https://...) or start with the holder DID and '#' (\(holder ?? "<holderDID>")#...)")
            }
        } else {
            issue("id", "is required: the wallet keys stored credentials by id")
        }
        if signed, document.proof?.arrayValue?.isEmpty != false {
            issue("proof", "must be a non-empty array of proofs")
        }
        return issues
    }

    /// `id.hasPrefix(holder + "#")` without building the joined string.
    static func hasHolderPrefix(_ id: String, holder: String) -> Bool {
        var id = id
        var holder = holder
        let verdict: Bool? = id.withUTF8 { idBytes in holder.withUTF8 { asciiHolderPrefix(idBytes, $0) } }
        return verdict ?? id.hasPrefix(holder + "#")
    }

    /// The verdict by bytes for an ASCII holder, or `nil` where non-ASCII text in `id` could
    /// still match by canonical equivalence (U+212A is K) or make `#` part of a longer `Character`.
    private static func asciiHolderPrefix(_ id: UnsafeBufferPointer<UInt8>, _ holder: UnsafeBufferPointer<UInt8>) -> Bool? {
        // A non-ASCII equivalent of an ASCII character is longer, never shorter.
        guard id.count > holder.count else { return holder.allSatisfy { $0 < 0x80 } ? false : nil }
        for index in 0..<holder.count {
            let expected = holder[index]
            if expected >= 0x80 { return nil }
            let byte = id[index]
            if byte != expected { return byte >= 0x80 ? nil : false }
        }
        let mark = id[holder.count]
        if mark != UInt8(ascii: "#") { return mark >= 0x80 ? nil : false }
        if holder.count + 1 < id.count, id[holder.count + 1] >= 0x80 { return nil }
        return true
    }
}
