import JSONCanonical

/// A `credentialStatus` entry of type `BitstringStatusListEntry`.
public struct StatusListEntry: Sendable, Hashable {
    /// `BitstringStatusListEntry`.
    public static let type = "BitstringStatusListEntry"

    /// What the list's bit means.
    public var purpose: StatusPurpose
    /// The entry's index in the list.
    public var index: Int
    /// The URL of the `BitstringStatusListCredential`.
    public var listCredential: String

    /// Creates an entry.
    public init(purpose: StatusPurpose, index: Int, listCredential: String) {
        self.purpose = purpose
        self.index = index
        self.listCredential = listCredential
    }

    /// `<list URL>#<index>`: the entry's `id`. TSG's verifier fetches the list through the `id`,
    /// not `statusListCredential` (../shared/docs/LIFECYCLE.md), and the spec allows any id but the
    /// list's own URL.
    public var id: String { "\(listCredential)#\(index)" }

    /// The entry as a `credentialStatus` member value (`statusListIndex` is a base-10 string).
    public var json: JSONValue {
        [
            "id": .string(id), "type": .string(Self.type), "statusPurpose": .string(purpose.rawValue),
            "statusListIndex": .string(String(index)), "statusListCredential": .string(listCredential),
        ]
    }

    /// Reads an entry; `field` names where it stands (`credentialStatus[0]`) in errors.
    /// Entries of other types, or with purposes other than revocation and suspension, are `nil`:
    /// a verifier reports them as not checked rather than failing.
    public init?(_ value: JSONValue, field: String = "credentialStatus") throws(StatusListError) {
        guard let object = value.objectValue else { throw .invalid(field: field, reason: "must be an object") }
        guard object["type"]?.stringValue == Self.type else { return nil }
        guard let purposeText = object["statusPurpose"]?.stringValue else {
            throw .invalid(field: "\(field).statusPurpose", reason: "is required")
        }
        guard let purpose = StatusPurpose(rawValue: purposeText) else { return nil }
        guard let indexText = object["statusListIndex"]?.stringValue, !indexText.isEmpty,
            indexText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let index = Int(indexText)
        else {
            throw .invalid(field: "\(field).statusListIndex", reason: "must be a base-10 integer as a string")
        }
        guard let list = object["statusListCredential"]?.stringValue, list.contains(":") else {
            throw .invalid(field: "\(field).statusListCredential", reason: "must be the URL of the status list credential")
        }
        if let id = object["id"]?.stringValue, id == list {
            throw .invalid(field: "\(field).id", reason: "must not be the status list credential's URL")
        }
        if let size = object["statusSize"], size != .number(1) {
            throw .invalid(field: "\(field).statusSize", reason: "only 1-bit revocation and suspension entries are checked")
        }
        self.init(purpose: purpose, index: index, listCredential: list)
    }

    /// Every `BitstringStatusListEntry` of a credential (its `credentialStatus`, one or a list).
    public static func entries(of credential: JSONValue) throws(StatusListError) -> [StatusListEntry] {
        switch credential["credentialStatus"] {
        case nil, .null?:
            return []
        case .array(let values)?:
            var entries: [StatusListEntry] = []
            for (offset, value) in values.enumerated() {
                if let entry = try StatusListEntry(value, field: "credentialStatus[\(offset)]") { entries.append(entry) }
            }
            return entries
        case let value?:
            return try StatusListEntry(value).map { [$0] } ?? []
        }
    }
}
