/// What the compiler knows of a Certifier credential's shape (../shared/docs/CERTIFIER.md).
///
/// Paths into known fields are checked at load time; `credential` reaches any field, including
/// ones Certifier adds later.
enum SourceSchema {
    /// The root fields, their types, and the type they are read as (dates are parsed on read).
    static let roots: [String: (type: ValueType, coercion: ValueType?)] = [
        "id": (.string, .string),
        "publicId": (.string, .string),
        "groupId": (.string, .string),
        "status": (.string, .string),
        "recipient": (.object, .object),
        "issueDate": (.date, .date),
        "expiryDate": (.date, .date),
        "attributes": (.object, .object),
        "customAttributes": (.object, .object),
        "createdAt": (.dateTime, .dateTime),
        "updatedAt": (.dateTime, .dateTime),
    ]

    /// The fields of `recipient`.
    static let recipientFields: Set<String> = ["id", "name", "email"]

    /// The root that gives the whole credential, unchecked.
    static let wholeCredential = "credential"

    /// Names that profiles may not use for constants or lookup tables.
    static let reservedNames: Set<String> = Set(roots.keys).union([wholeCredential, "issuer", "holder", "revision", "namespace", "profile", "true", "false", "null"])
}
