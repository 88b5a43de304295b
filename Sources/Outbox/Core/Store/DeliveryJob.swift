import Foundation
import JSONCanonical

/// One source credential (a Certifier credential) on its way to its destination, as the outbox stores it.
public struct DeliveryJob: Sendable, Hashable, Identifiable {
    /// Outbox row id, shown by `certbridge deliveries`.
    public var id: Int64
    /// The Certifier credential id; one job per credential.
    public var sourceId: String
    /// The webhook envelope id that created the job (`nil` for `convert --deliver`).
    public var eventId: String?
    /// Current state.
    public var state: JobState
    /// Failed attempts of the current step (reset when a step succeeds).
    public var attempts: Int
    /// The job is not picked up before this time.
    public var nextAttemptAt: Date
    /// The last failure (or the no-match reason), for people.
    public var lastError: String?
    /// The Certifier credential document, once fetched.
    public var credential: JSONValue?
    /// The signed VC, once converted.
    public var vc: JSONValue?
    /// The VC's `id`; unique across the outbox so a VC is never counted as delivered twice.
    public var vcId: String?
    /// The mapping profile that produced the VC.
    public var profile: String?
    /// The destination's receipt: the wallet's record id from its 200 answer (`nil` after a 409),
    /// a file sink's file name. Stored in the `wallet_record_id` column, named when the wallet was
    /// the only destination (renaming it would need a migration for no gain).
    public var receipt: String?
    /// When the job was created.
    public var createdAt: Date
    /// When the job last changed.
    public var updatedAt: Date
    /// When the wallet accepted the VC.
    public var deliveredAt: Date?
    /// The revision of the VC in ``vc`` (0 at first issue).
    public var revision: Int = 0
    /// ``vc``'s claims digest.
    public var claimsDigest: String?
    /// The digest of the Certifier credential ``vc`` was made from.
    public var sourceDigest: String?
    /// ``vc``'s status list indexes.
    public var statusSlots: [StatusSlot] = []
    /// The VC last delivered for this credential (kept by the store when a job is saved as
    /// delivered), which a new mapping is compared with.
    public var lastIssued: IssuedSummary?
    /// An operator asked to re-issue this credential (`certbridge reissue`): a changed mapping is
    /// issued even when Certifier's data did not change. Cleared once the job is delivered.
    public var forceReissue = false
    /// The key that signed the delivered VC leaked (`certbridge keys retire KEY --compromised`):
    /// a new revision is issued even when its claims equal the delivered VC's. Implies
    /// ``forceReissue``; cleared with it once the job is delivered.
    public var replaceSignature = false

    /// What was last delivered for this credential, with the delivered VC while the job still
    /// holds it, as the converter compares it; `nil` before the first delivery.
    /// `replaceSignature` is the job's own mark unless a caller says otherwise.
    public func previousIssue(forced: Bool, replaceSignature: Bool? = nil) -> PreviousIssue? {
        guard let summary = lastIssued else { return nil }
        return PreviousIssue(
            summary: summary, vc: vcId == summary.vcId ? vc : nil, forced: forced,
            replaceSignature: replaceSignature ?? self.replaceSignature)
    }

    /// Creates a job value (the store assigns real ids).
    public init(
        id: Int64, sourceId: String, eventId: String? = nil, state: JobState = .received, attempts: Int = 0,
        nextAttemptAt: Date, lastError: String? = nil, credential: JSONValue? = nil, vc: JSONValue? = nil,
        vcId: String? = nil, profile: String? = nil, receipt: String? = nil, createdAt: Date,
        updatedAt: Date, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.sourceId = sourceId
        self.eventId = eventId
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.credential = credential
        self.vc = vc
        self.vcId = vcId
        self.profile = profile
        self.receipt = receipt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deliveredAt = deliveredAt
    }
}
