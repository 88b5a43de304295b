import Foundation
import JSONCanonical

/// Where the worker reads the source document of a job (the Certifier API in production).
///
/// The outbox knows no source: a source module conforms its client to this port.
public protocol CredentialSource: Sendable {
    /// The source document for a source id (a Certifier credential for a Certifier credential id).
    func fetchCredential(id: String) async throws(SourceError) -> JSONValue
}

/// Why a source could not hand over a document, in the terms the retry rules need.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Text naming the source's status and reason; never a secret.
    public var reason: String
    /// Whether trying again later may succeed (429, 5xx, transport failures).
    public var isRetryable: Bool
    /// The delay the source asked for, if any.
    public var retryAfter: Duration?
    /// The source says the document does not exist (Certifier's 404): it was deleted.
    public var isGone: Bool

    /// Creates a source error.
    public init(reason: String, isRetryable: Bool, retryAfter: Duration? = nil, isGone: Bool = false) {
        self.reason = reason
        self.isRetryable = isRetryable
        self.retryAfter = retryAfter
        self.isGone = isGone
    }

    /// The reason.
    public var description: String { reason }
}

/// Turns a source document into a signed VC (the mapping pipeline in production).
///
/// Kept as a protocol so the outbox does not depend on mapping or signing; the composition root
/// adapts the real pipeline to it.
public protocol CredentialConverter: Sendable {
    /// Maps one source document and, when it is to be issued, signs it. `previous` is what was
    /// last delivered for it (`nil` before the first delivery), which decides whether a changed
    /// mapping is issued again (docs/LIFECYCLE.md).
    func convert(_ credential: JSONValue, previous: PreviousIssue?) async -> ConversionResult
}

/// What was last delivered for a credential, as the converter compares it.
public struct PreviousIssue: Sendable, Equatable {
    /// The summary the store keeps.
    public var summary: IssuedSummary
    /// The delivered VC when the outbox still holds it (for VCs delivered before digests were kept).
    public var vc: JSONValue?
    /// An operator asked for a re-issue (`certbridge reissue`): changed claims are issued even
    /// when Certifier's data did not change.
    public var forced: Bool
    /// The key that signed the delivered VC leaked (`certbridge keys retire KEY --compromised`):
    /// a new revision is issued even when the claims are equal, signed by the active key.
    public var replaceSignature: Bool

    /// Creates a value.
    public init(summary: IssuedSummary, vc: JSONValue?, forced: Bool = false, replaceSignature: Bool = false) {
        self.summary = summary
        self.vc = vc
        self.forced = forced || replaceSignature
        self.replaceSignature = replaceSignature
    }
}

/// A VC ready for its destination, with what the lifecycle records about it.
public struct ConvertedVC: Sendable, Equatable {
    /// The signed VC.
    public var vc: JSONValue
    /// Its `id`.
    public var vcId: String
    /// The profile that made it.
    public var profile: String
    /// 0 at first issue.
    public var revision: Int
    /// Digest of its claims.
    public var claimsDigest: String?
    /// Digest of the source document it was made from.
    public var sourceDigest: String?
    /// Its status list indexes.
    public var statusSlots: [StatusSlot]

    /// Creates a value.
    public init(
        vc: JSONValue, vcId: String, profile: String, revision: Int = 0, claimsDigest: String? = nil,
        sourceDigest: String? = nil, statusSlots: [StatusSlot] = []
    ) {
        self.vc = vc
        self.vcId = vcId
        self.profile = profile
        self.revision = revision
        self.claimsDigest = claimsDigest
        self.sourceDigest = sourceDigest
        self.statusSlots = statusSlots
    }
}

/// The outcome of converting one credential.
public enum ConversionResult: Sendable, Equatable {
    /// A signed VC to deliver.
    case converted(ConvertedVC)
    /// Delivered before and its claims are the same: nothing is issued; the reason says so.
    case unchanged(reason: String)
    /// Delivered before, and the mapping differs, but not because Certifier's data changed (a
    /// profile or lookup edit, or the credential no longer matching a profile): the delivered VC
    /// stays; re-issuing is an operator's decision (`certbridge reissue`).
    case held(reason: String)
    /// No profile applies; the reason is shown to operators.
    case noProfileMatched(reason: String)
    /// A profile applies but the credential cannot be mapped or signed; the reason names the field.
    case failed(reason: String)
    /// A step the converter depends on failed for now (the store could not assign status list
    /// indexes): tried again with backoff, like a failed fetch.
    case retryable(reason: String)
    /// A profile applies, but no destination of this gateway takes its VCs (decided when the
    /// profiles and the configuration loaded): dead at once, nothing signed or sent, the profile
    /// kept for operators.
    case refused(profile: String, reason: String)
}

/// Where signed VCs go: a destination (the TSG wallet import, a file sink, …), or a router over several.
public protocol CredentialDestination: Sendable {
    /// Sends one signed VC made by `profile`.
    func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome
    /// Sends one VC with what the job knows about it; destinations that need the source document
    /// (an OpenID4VCI offer mails the certificate's recipient) implement this one. By default it
    /// calls ``deliver(_:profile:)``.
    func deliver(_ delivery: DeliveryRequest) async -> DeliveryOutcome
}

extension CredentialDestination {
    /// ``deliver(_:profile:)`` with the VC and profile.
    public func deliver(_ delivery: DeliveryRequest) async -> DeliveryOutcome {
        await deliver(delivery.vc, profile: delivery.profile)
    }
}

/// One VC on its way out, with the job it belongs to.
public struct DeliveryRequest: Sendable {
    /// The VC (signed, or unsigned for destinations that sign at redemption).
    public var vc: JSONValue
    /// The profile that made it.
    public var profile: String
    /// The source credential's id (Certifier's).
    public var sourceId: String
    /// The source document as last read, when the job still holds it (personal data: never logged).
    public var source: JSONValue?
    /// The revision (0 at first issue).
    public var revision: Int

    /// Creates a request.
    public init(vc: JSONValue, profile: String, sourceId: String, source: JSONValue? = nil, revision: Int = 0) {
        self.vc = vc
        self.profile = profile
        self.sourceId = sourceId
        self.source = source
        self.revision = revision
    }
}

/// What a destination said about one VC, in the terms of the retry rules.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Stored; the destination's record id (the wallet's, a file name) when it gave one.
    case delivered(receipt: String?)
    /// The destination holds a VC with this id already (ids are deterministic, so it is ours).
    case alreadyPresent
    /// 429, 5xx, network, or no token: try again later, after `retryAfter` if the destination said so.
    case retryable(reason: String, retryAfter: Duration?)
    /// Waiting will not help (any other 4xx, a refused write); the destination's reason.
    case rejected(reason: String)
}

/// Where a reconcile or a backfill lists the source's documents (Certifier's credential list).
public protocol CredentialCatalog: Sendable {
    /// One page of documents after `cursor` (`nil`: the first page); with `updatedSince`, only
    /// documents changed at or after it. The page's `next` is `nil` on the last page.
    func page(cursor: String?, limit: Int, updatedSince: Date?) async throws(SourceError) -> CatalogPage
}

/// One page of a ``CredentialCatalog``.
public struct CatalogPage: Sendable {
    /// The documents, as the source sent them.
    public var documents: [JSONValue]
    /// The cursor of the next page; `nil` on the last.
    public var next: String?
    /// How the page was read, when operators should know (a refused search, say).
    public var note: String?

    /// Creates a page.
    public init(documents: [JSONValue], next: String?, note: String? = nil) {
        self.documents = documents
        self.next = next
        self.note = note
    }
}
