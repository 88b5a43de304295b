import JSONCanonical

/// One rule a produced credential breaks.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The member concerned, e.g. `credentialSubject.id`.
    public var field: String
    /// What is wrong.
    public var message: String
    /// Which rule set: `VC 1.1`, `VC 2.0` or `tsg-wallet`.
    public var ruleSet: String

    /// Creates an issue.
    public init(field: String, message: String, ruleSet: String) {
        self.field = field
        self.message = message
        self.ruleSet = ruleSet
    }

    /// `VC 1.1: issuanceDate: ...`.
    public var description: String { "\(ruleSet): \(field): \(message)" }
}

/// Validate stage: the VC data model rules and the target wallet's import schema.
public struct CredentialValidator: Sendable {
    /// The data model version to check against.
    public var version: VCVersion
    /// The import schema to check against.
    public var target: TargetSchema

    /// Creates a validator.
    public init(version: VCVersion, target: TargetSchema) {
        self.version = version
        self.target = target
    }

    /// Every rule the document breaks; empty when valid. `signed` adds the rules about `proof`.
    public func issues(in document: JSONValue, signed: Bool) -> [ValidationIssue] {
        // One pass over the members instead of a linear lookup per rule: the pipeline validates
        // every credential twice (unsigned and signed), docs/PERFORMANCE.md.
        let members = TopLevelMembers(document, version: version)
        var issues = dataModelIssues(members)
        if target == .tsgWallet { issues += tsgWalletIssues(members, signed: signed) }
        return issues
    }

    private func dataModelIssues(_ document: TopLevelMembers) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let ruleSet = "VC \(version.rawValue)"
        func issue(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message, ruleSet: ruleSet)) }

        let firstContext: JSONValue? =
            switch document.context {
            case .array(let elements)?: elements.first
            case let other: other
            }
        if let first = firstContext?.stringValue {
            if first != version.baseContext { issue("@context", "the first entry must be \(version.baseContext), not \(first)") }
        } else {
            issue("@context", "must be present and start with \(version.baseContext)")
        }
        if !Self.containsVerifiableCredential(document.type) { issue("type", "must contain VerifiableCredential") }
        switch document.issuer {
        case .string(let issuer): if !Self.isURI(issuer) { issue("issuer", "'\(issuer)' is not a URL or DID") }
        case .object(let issuer): if !Self.isURI(issuer["id"]?.stringValue ?? "") { issue("issuer.id", "must be a URL or DID") }
        default: issue("issuer", "must be present (a URL or DID, or an object with id)")
        }
        if let id = document.id {
            if !Self.isURI(id.stringValue ?? "") { issue("id", "must be a URL (got \(id.compactString))") }
        }
        switch document.subject {
        case .object(let subject) where !subject.isEmpty: break
        case .array(let subjects) where !subjects.isEmpty: break
        default: issue("credentialSubject", "must be present and not empty")
        }
        let (from, until) = version.dateKeys
        if version == .v1_1, document.from == nil { issue(from, "must be present in VC 1.1") }
        var start: DateTimeValue?
        var end: DateTimeValue?
        for (key, member) in [(from, document.from), (until, document.until)] {
            guard let value = member else { continue }
            guard let text = value.stringValue, let parsed = DateTimeValue(parsing: text) else {
                issue(key, "must be an XML Schema date-time with a time zone, e.g. 2024-05-01T00:00:00Z (got \(value.compactString))")
                continue
            }
            if key == from { start = parsed } else { end = parsed }
        }
        if let start, let end, end < start {
            issue(until, "is before \(from)")
        }
        return issues
    }

    private func tsgWalletIssues(_ document: TopLevelMembers, signed: Bool) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func issue(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message, ruleSet: "tsg-wallet")) }
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
        if signed {
            if document.proof?.arrayValue?.isEmpty != false { issue("proof", "must be a non-empty array of proofs") }
        }
        return issues
    }

    /// Whether `type` (one value or a list) holds the string `VerifiableCredential`.
    private static func containsVerifiableCredential(_ type: JSONValue?) -> Bool {
        switch type {
        case .array(let elements)?: elements.contains { $0.stringValue == "VerifiableCredential" }
        case .string(let text)?: text == "VerifiableCredential"
        default: false
        }
    }

    /// `id.hasPrefix(holder + "#")` without building the joined string.
    static func hasHolderPrefix(_ id: String, holder: String) -> Bool {
        let idBytes = id.utf8
        let holderBytes = holder.utf8
        let asciiVerdict: Bool? = idBytes.withContiguousStorageIfAvailable { idBuffer in
            holderBytes.withContiguousStorageIfAvailable { holderBuffer -> Bool? in
                // Byte prefix equals String prefix when the text is ASCII; other text takes the String path.
                guard idBuffer.allSatisfy({ $0 < 0x80 }), holderBuffer.allSatisfy({ $0 < 0x80 }) else { return nil }
                guard idBuffer.count > holderBuffer.count, idBuffer[holderBuffer.count] == UInt8(ascii: "#") else { return false }
                return memcmpEqual(idBuffer, holderBuffer, count: holderBuffer.count)
            } ?? nil
        } ?? nil
        return asciiVerdict ?? id.hasPrefix(holder + "#")
    }

    private static func memcmpEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        for index in 0..<count where lhs[index] != rhs[index] { return false }
        return true
    }

    /// Whether `text` is `scheme:rest` with an RFC 3986 scheme and no space: read by bytes for
    /// ASCII text (DIDs and URLs are), by `Character` otherwise.
    static func isURI(_ text: String) -> Bool {
        text.withUTF8Bytes(asciiURIVerdict) ?? referenceIsURI(text)
    }

    /// The verdict when the scheme, the colon and the byte after it are ASCII (then each of them
    /// is one `Character`, and the rest only matters for the space check); `nil` otherwise.
    private static func asciiURIVerdict(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                index += 1
                continue
            default:
                break
            }
            break
        }
        // No colon at all, or an ASCII character outside the scheme's alphabet before it (a
        // `Character` starting with it is neither letter, number, nor one of `+-.`).
        guard index < bytes.count else { return false }
        let stop = bytes[index]
        if stop >= 0x80 { return nil }
        guard stop == UInt8(ascii: ":"), index != 0, index + 1 < bytes.count else { return false }
        // A combining mark after the colon would make it another `Character`.
        if bytes[index + 1] >= 0x80 { return nil }
        for byte in UnsafeBufferPointer(rebasing: bytes[(index + 1)...]) where byte == UInt8(ascii: " ") { return false }
        return true
    }

    /// The `Character` reading (letters and numbers of any script in the scheme).
    static func referenceIsURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        return scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." } && text.index(after: colon) != text.endIndex
            && !text.utf8.contains(UInt8(ascii: " "))  // Foundation's contains(String) costs 10x more
    }
}

/// The top-level members the rules read, found in one pass (keys are unique in a `JSONObject`;
/// the first wins, as a lookup by key would find it).
private struct TopLevelMembers {
    var context: JSONValue?
    var type: JSONValue?
    var issuer: JSONValue?
    var id: JSONValue?
    var subject: JSONValue?
    var from: JSONValue?
    var until: JSONValue?
    var proof: JSONValue?

    init(_ document: JSONValue, version: VCVersion) {
        guard case .object(let object) = document else { return }
        let (fromKey, untilKey) = version.dateKeys
        for member in object {
            let key = member.key
            let count = key.utf8.count
            // The byte count first: String == on keys of other lengths still compares bytes.
            if count == 8, context == nil, key == "@context" {
                context = member.value
            } else if count == 4, type == nil, key == "type" {
                type = member.value
            } else if count == 6, issuer == nil, key == "issuer" {
                issuer = member.value
            } else if count == 2, id == nil, key == "id" {
                id = member.value
            } else if count == 17, subject == nil, key == "credentialSubject" {
                subject = member.value
            } else if count == fromKey.utf8.count, from == nil, key == fromKey {
                from = member.value
            } else if count == untilKey.utf8.count, until == nil, key == untilKey {
                until = member.value
            } else if count == 5, proof == nil, key == "proof" {
                proof = member.value
            }
        }
    }
}
