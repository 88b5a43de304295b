import Foundation

/// A list as the store keeps it for publication.
public struct StatusListRecord: Sendable, Hashable {
    /// The list's name (last segment of its URL).
    public var slug: String
    /// The family it belongs to.
    public var family: StatusListFamily
    /// Its number of entries.
    public var entries: Int
    /// The indexes whose bit is set (revoked for a revocation list, suspended for a suspension list).
    public var setIndexes: [Int]
    /// Bumped by every change; the published copy records which it signed.
    public var changes: Int64

    /// Creates a record.
    public init(slug: String, family: StatusListFamily, entries: Int, setIndexes: [Int], changes: Int64) {
        self.slug = slug
        self.family = family
        self.entries = entries
        self.setIndexes = setIndexes
        self.changes = changes
    }
}

/// A signed list, as served at `<public base>/status/<slug>`.
public struct PublishedStatusList: Sendable, Hashable {
    /// The list's name.
    public var slug: String
    /// The signed `BitstringStatusListCredential`, as signed (compact JSON text).
    public var credential: String
    /// Strong entity tag of `credential`.
    public var etag: String
    /// When it was signed.
    public var publishedAt: Date
    /// Its `validUntil`.
    public var validUntil: Date

    /// Creates a value.
    public init(slug: String, credential: String, etag: String, publishedAt: Date, validUntil: Date) {
        self.slug = slug
        self.credential = credential
        self.etag = etag
        self.publishedAt = publishedAt
        self.validUntil = validUntil
    }
}

/// What one publication pass did.
public struct StatusPublication: Sendable, Equatable {
    /// The lists signed and stored.
    public var signed: [String] = []
    /// The lists the signer failed for (each an ``OutboxError/publication(list:reason:)``); they stay due.
    public var failures: [OutboxError] = []
    /// Another instance holds the publication lock; this pass did nothing.
    public var skipped = false

    /// An empty pass.
    public init(signed: [String] = [], failures: [OutboxError] = [], skipped: Bool = false) {
        self.signed = signed
        self.failures = failures
        self.skipped = skipped
    }
}

/// Whether a list needs signing now: it changed since it was signed, was never signed, or its
/// signed copy is past the point where it is renewed (well before `validUntil`).
public struct StatusPublicationRule: Sendable, Hashable {
    /// How long a signed list is valid.
    public var validity: Duration
    /// How long before `validUntil` it is signed again.
    public var renewBefore: Duration

    /// Creates a rule.
    public init(validity: Duration, renewBefore: Duration) {
        self.validity = validity
        self.renewBefore = renewBefore
    }

    /// The renewal time of a list signed with `validUntil`.
    public func renewsAt(validUntil: Date) -> Date { validUntil.addingTimeInterval(-renewBefore.seconds) }
}
