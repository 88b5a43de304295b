import JSONCanonical

/// A `BitstringStatusListCredential`: the VC that publishes one list (Bitstring Status List v1.0 §2.2).
public struct StatusListCredential: Sendable {
    /// `BitstringStatusListCredential`.
    public static let type = "BitstringStatusListCredential"
    /// The context VC 1.1 credentials add for the status terms (VC 2.0's context defines them).
    public static let statusContextV1 = "https://www.w3.org/ns/credentials/status/v1"

    /// The list credential's URL (its `id`).
    public var id: String
    /// What the bits mean.
    public var purpose: StatusPurpose
    /// The bits.
    public var bitstring: StatusBitstring
    /// The list's issuer, when read from a list credential.
    public var issuer: String?

    /// Creates a list credential's content.
    public init(id: String, purpose: StatusPurpose, bitstring: StatusBitstring, issuer: String? = nil) {
        self.id = id
        self.purpose = purpose
        self.bitstring = bitstring
        self.issuer = issuer
    }

    /// The unsigned list credential in the VC 2.0 data model, valid from `validFrom` until
    /// `validUntil` (verifiers such as TSG's check the expiry, so lists are re-signed before it).
    /// Dates are XML Schema date-times with a zone.
    /// With `v1_1`, the list is a VC 1.1 (`issuanceDate`/`expirationDate`, the status context
    /// added), for lists that VC 1.1 credentials point to: a list has the data model of its credentials.
    public func unsigned(issuer: String, validFrom: String, validUntil: String, v1_1: Bool = false) throws(StatusListError) -> JSONValue {
        [
            "@context": v1_1
                ? ["https://www.w3.org/2018/credentials/v1", .string(Self.statusContextV1)] : ["https://www.w3.org/ns/credentials/v2"],
            "id": .string(id),
            "type": ["VerifiableCredential", .string(Self.type)],
            "issuer": .string(issuer),
            (v1_1 ? "issuanceDate" : "validFrom"): .string(validFrom),
            (v1_1 ? "expirationDate" : "validUntil"): .string(validUntil),
            "credentialSubject": [
                "id": .string(id + "#list"),
                "type": "BitstringStatusList",
                "statusPurpose": .string(purpose.rawValue),
                "encodedList": .string(try bitstring.encodedList()),
            ],
        ]
    }

    /// Reads a list credential (its proof is the caller's to verify first); `id` is the URL it was
    /// fetched from or given for, which the credential's own `id` must equal.
    public init(_ credential: JSONValue, url: String) throws(StatusListError) {
        guard credential.objectValue != nil else { throw .invalid(field: "status list", reason: "must be a JSON object") }
        let types = credential["type"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard types.contains(Self.type) else {
            throw .invalid(field: "type", reason: "the status list at \(url) is not a \(Self.type)")
        }
        guard credential["id"]?.stringValue == url else {
            throw .invalid(field: "id", reason: "the status list credential's id is not \(url)")
        }
        let subject = credential["credentialSubject"]
        guard subject?["type"]?.stringValue == "BitstringStatusList" else {
            throw .invalid(field: "credentialSubject.type", reason: "must be BitstringStatusList")
        }
        guard let purposeText = subject?["statusPurpose"]?.stringValue, let purpose = StatusPurpose(rawValue: purposeText) else {
            throw .invalid(field: "credentialSubject.statusPurpose", reason: "must be revocation or suspension")
        }
        guard let encoded = subject?["encodedList"]?.stringValue else {
            throw .invalid(field: "credentialSubject.encodedList", reason: "is required")
        }
        self.init(
            id: url, purpose: purpose, bitstring: try StatusBitstring(encodedList: encoded),
            issuer: Self.issuer(of: credential))
    }

    /// A credential's issuer: the string, or the object's `id`.
    static func issuer(of credential: JSONValue) -> String? {
        credential["issuer"]?.stringValue ?? credential["issuer"]?["id"]?.stringValue
    }
}
