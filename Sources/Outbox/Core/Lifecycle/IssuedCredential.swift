import Foundation

/// Where an issued VC stands, as its status lists will say.
public enum IssuedState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Valid: no bit set.
    case active
    /// Its suspension bit is set (reversible).
    case suspended
    /// Its revocation bit is set (final).
    case revoked
    /// Replaced by a newer revision or deleted in Certifier, but issued without a revocation
    /// entry, so no list can say so.
    case unrevocable
}

/// One VC the gateway delivered: the credential's history row. Personal data is never kept
/// here, only ids, digests and status indexes, so it outlives a purge.
public struct IssuedCredential: Sendable, Hashable {
    /// The VC's `id`.
    public var vcId: String
    /// The Certifier credential id.
    public var sourceId: String
    /// 0 at first issue.
    public var revision: Int
    /// The profile that made it.
    public var profile: String?
    /// Digest of the claims.
    public var claimsDigest: String?
    /// When the destination accepted it.
    public var issuedAt: Date
    /// Where it stands.
    public var state: IssuedState
    /// Its status list indexes (none when its profile had no `status:`).
    public var slots: [StatusSlot]
    /// When and why its state last changed.
    public var changedAt: Date?
    /// Why (`superseded by …`, `deleted in Certifier`, an operator's reason).
    public var reason: String?

    /// Creates a row value.
    public init(
        vcId: String, sourceId: String, revision: Int, profile: String?, claimsDigest: String?, issuedAt: Date,
        state: IssuedState, slots: [StatusSlot], changedAt: Date? = nil, reason: String? = nil
    ) {
        self.vcId = vcId
        self.sourceId = sourceId
        self.revision = revision
        self.profile = profile
        self.claimsDigest = claimsDigest
        self.issuedAt = issuedAt
        self.state = state
        self.slots = slots
        self.changedAt = changedAt
        self.reason = reason
    }

    /// The slot for a purpose, if it has one.
    public func slot(for purpose: String) -> StatusSlot? { slots.first { $0.purpose == purpose } }
}

/// One line of the audit trail: who changed what, when, why, from which state to which.
public struct AuditEntry: Sendable, Hashable {
    /// Row id (ascending in time).
    public var id: Int64
    /// When.
    public var at: Date
    /// The OS user of a command, `gateway` for the service's own decisions.
    public var actor: String
    /// `issued`, `revoked`, `suspended`, `unsuspended`, `superseded`, `deleted`, `reissue`.
    public var action: String
    /// The VC id (or the Certifier id when no VC was concerned).
    public var subject: String
    /// Why.
    public var reason: String
    /// The state before (`-` when there was none).
    public var before: String
    /// The state after.
    public var after: String

    /// Creates an entry.
    public init(id: Int64, at: Date, actor: String, action: String, subject: String, reason: String, before: String, after: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.before = before
        self.after = after
    }
}

/// An operator's status change (`certbridge revoke|suspend|unsuspend`).
public enum StatusChange: String, Sendable, Hashable, CaseIterable {
    /// Sets the revocation bit; final.
    case revoke
    /// Sets the suspension bit.
    case suspend
    /// Clears the suspension bit.
    case unsuspend

    /// The purpose whose list the change writes.
    public var purpose: String { self == .revoke ? "revocation" : "suspension" }
    /// The audit action.
    public var action: String {
        switch self {
        case .revoke: "revoked"
        case .suspend: "suspended"
        case .unsuspend: "unsuspended"
        }
    }
}

/// What one status change did to one VC.
public enum StatusChangeResult: Sendable, Hashable, CustomStringConvertible {
    /// Changed from `before` to `after`.
    case changed(vcId: String, before: IssuedState, after: IssuedState)
    /// Already in the wanted state; nothing written.
    case unchanged(vcId: String, state: IssuedState)
    /// The VC has no entry for the list the change needs (its profile had no such `status:` purpose).
    case noEntry(vcId: String, purpose: String)
    /// Revoked VCs stay revoked.
    case final(vcId: String)

    /// One line for the command's output.
    public var description: String {
        switch self {
        case .changed(let vcId, let before, let after): "\(vcId): \(before.rawValue) -> \(after.rawValue)"
        case .unchanged(let vcId, let state): "\(vcId): already \(state.rawValue)"
        case .noEntry(let vcId, let purpose):
            "\(vcId): cannot be changed: it was issued without a \(purpose) status entry (its profile's status: did not name \(purpose)), so no list a verifier reads can say so"
        case .final(let vcId): "\(vcId): revoked, which is final; it cannot be suspended or reinstated"
        }
    }
}
