import Foundation
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

/// Validate stage: the VC data model rules, then the rules of the form a destination asks for
/// (its import schema), in one call.
public struct CredentialValidator: Sendable {
    /// The data model version to check against.
    public var version: VCVersion
    /// The destination's form, whose rules follow the data model's.
    public var form: any CredentialForm

    /// Creates a validator; `form` defaults to a plain VC (the data model's rules only).
    public init(version: VCVersion, form: any CredentialForm = PlainCredentialForm()) {
        self.version = version
        self.form = form
    }

    /// Every rule the document breaks; empty when valid. `signed` adds the rules about `proof`.
    public func issues(in document: JSONValue, signed: Bool) -> [ValidationIssue] {
        // One pass over the members instead of a linear lookup per rule, docs/PERFORMANCE.md.
        let members = TopLevelMembers(document, version: version)
        return dataModelIssues(members) + form.issues(in: members.common, signed: signed)
    }

    private func dataModelIssues(_ document: TopLevelMembers) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        // The rule set's name is only built when there is an issue to name it in.
        func issue(_ field: String, _ message: String) {
            issues.append(ValidationIssue(field: field, message: message, ruleSet: "VC \(version.rawValue)"))
        }

        let firstContext: JSONValue? =
            switch document.common.context {
            case .array(let elements)?: elements.first
            case let other: other
            }
        if let first = firstContext?.stringValue {
            if first != version.baseContext { issue("@context", "the first entry must be \(version.baseContext), not \(first)") }
        } else {
            issue("@context", "must be present and start with \(version.baseContext)")
        }
        if !Self.containsVerifiableCredential(document.common.type) { issue("type", "must contain VerifiableCredential") }
        switch document.common.issuer {
        case .string(let issuer): if !Self.isURI(issuer) { issue("issuer", "'\(issuer)' is not a URL or DID") }
        case .object(let issuer): if !Self.isURI(issuer["id"]?.stringValue ?? "") { issue("issuer.id", "must be a URL or DID") }
        default: issue("issuer", "must be present (a URL or DID, or an object with id)")
        }
        if let id = document.common.id {
            if !Self.isURI(id.stringValue ?? "") { issue("id", "must be a URL (got \(id.compactString))") }
        }
        switch document.common.subject {
        case .object(let subject) where !subject.isEmpty: break
        case .array(let subjects) where !subjects.isEmpty: break
        default: issue("credentialSubject", "must be present and not empty")
        }
        let (from, until) = version.dateKeys
        if version == .v1_1, document.from == nil { issue(from, "must be present in VC 1.1") }
        func dateTime(_ key: String, _ member: JSONValue?) -> DateTimeValue? {
            guard let value = member else { return nil }
            guard let text = value.stringValue, let parsed = DateTimeValue(parsing: text) else {
                issue(key, "must be an XML Schema date-time with a time zone, e.g. 2024-05-01T00:00:00Z (got \(value.compactString))")
                return nil
            }
            return parsed
        }
        let start = dateTime(from, document.from)
        let end = dateTime(until, document.until)
        if let start, let end, end < start {
            issue(until, "is before \(from)")
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
        let rest = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[(index + 1)...]))
        guard let start = rest.baseAddress else { return true }
        return memchr(start, Int32(UInt8(ascii: " ")), rest.count) == nil
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
struct TopLevelMembers {
    /// The members the data model and the destination forms both read.
    var common = CredentialMembers()
    var from: JSONValue?
    var until: JSONValue?

    init(_ document: JSONValue, version: VCVersion) {
        guard case .object(let object) = document else { return }
        self = Self(object.members, version: version)
    }

    private init(_ members: [JSONObject.Member], version: VCVersion) {
        let (fromKey, untilKey) = version.dateKeys
        var context, type, issuer, id, subject, from, until, proof: JSONValue?
        // Indexing borrows each member (`for member in` retained key and value). The byte count
        // goes first: String == on keys of other lengths still compares bytes. The only ASCII
        // characters with a non-ASCII canonical equivalent are K, ; and ` (U+212A, U+037E,
        // U+1FEF); none of these names has one, so a key of another byte length is never equal.
        for index in members.indices {
            let count = members[index].key.utf8.count
            if count == 8, context == nil, members[index].key == "@context" {
                context = members[index].value
            } else if count == 4, type == nil, members[index].key == "type" {
                type = members[index].value
            } else if count == 6, issuer == nil, members[index].key == "issuer" {
                issuer = members[index].value
            } else if count == 2, id == nil, members[index].key == "id" {
                id = members[index].value
            } else if count == 17, subject == nil, members[index].key == "credentialSubject" {
                subject = members[index].value
            } else if count == fromKey.utf8.count, from == nil, members[index].key == fromKey {
                from = members[index].value
            } else if count == untilKey.utf8.count, until == nil, members[index].key == untilKey {
                until = members[index].value
            } else if count == 5, proof == nil, members[index].key == "proof" {
                proof = members[index].value
            }
        }
        common = CredentialMembers(context: context, type: type, issuer: issuer, id: id, subject: subject, proof: proof)
        (self.from, self.until) = (from, until)
    }
}
