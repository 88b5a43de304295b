/// One status list index held by one credential: the list (by its name in the store, which is
/// the last segment of its URL), the index, and the list's purpose.
public struct StatusSlot: Sendable, Hashable, Codable {
    /// The list's name in the store and in its URL (`courses-revocation-1`).
    public var list: String
    /// The index in that list.
    public var index: Int
    /// `revocation` or `suspension`.
    public var purpose: String

    /// Creates a slot.
    public init(list: String, index: Int, purpose: String) {
        self.list = list
        self.index = index
        self.purpose = purpose
    }
}

/// What makes lists separate: a list has one issuer, one suite (and proof form), one VC version
/// and one purpose, so profiles that differ in any of these never share a list even when they
/// give the same list name.
public struct StatusListFamily: Sendable, Hashable, CustomStringConvertible {
    /// The name from the profile's `status.list`.
    public var name: String
    /// `revocation` or `suspension`.
    public var purpose: String
    /// The issuer DID.
    public var issuer: String
    /// The cryptosuite that signs the list, as it signs the credentials.
    public var suite: String
    /// `w3c` or `tsg` (the proof form of the credentials, and so of the list).
    public var proofForm: String
    /// `1.1` or `2.0`.
    public var version: String

    /// Creates a family.
    public init(name: String, purpose: String, issuer: String, suite: String, proofForm: String, version: String) {
        self.name = name
        self.purpose = purpose
        self.issuer = issuer
        self.suite = suite
        self.proofForm = proofForm
        self.version = version
    }

    /// `courses/revocation (did:web:…, JsonWebSignature2020, VC 1.1)`.
    public var description: String { "\(name)/\(purpose) (\(issuer), \(suite)\(proofForm == "tsg" ? " in TSG form" : ""), VC \(version))" }
}

/// What the outbox remembers of the VC last delivered for a credential: what a new mapping is
/// compared with.
public struct IssuedSummary: Sendable, Hashable {
    /// The VC's `id`.
    public var vcId: String
    /// Its revision (0 at first issue).
    public var revision: Int
    /// ``ClaimsDigest`` of its claims.
    public var claimsDigest: String?
    /// The digest of the Certifier credential it was made from (without `updatedAt`).
    public var sourceDigest: String?

    /// Creates a summary.
    public init(vcId: String, revision: Int, claimsDigest: String?, sourceDigest: String?) {
        self.vcId = vcId
        self.revision = revision
        self.claimsDigest = claimsDigest
        self.sourceDigest = sourceDigest
    }
}
