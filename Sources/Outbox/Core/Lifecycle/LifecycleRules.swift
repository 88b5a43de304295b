import Foundation

/// The lifecycle rules every store applies when a job is saved, written once so SQLite and
/// PostgreSQL cannot drift apart; the stores only run the SQL.
public enum LifecycleRules {
    /// The actor the gateway's own decisions are audited under.
    public static let gatewayActor = "gateway"

    /// Whether saving a job in `state` does more than write the job's row: a delivered VC enters the
    /// history, a deleted credential's VCs are retired, and a delivered or unmatched job may be asked
    /// to go round once more (a recheck). The other saves are the job's row alone.
    public static func hasEffects(_ state: JobState) -> Bool {
        switch state {
        case .delivered, .noMatch, .deleted: true
        case .received, .fetched, .signed, .dead: false
        }
    }

    /// What a previous VC becomes when a newer revision is delivered, or its credential deleted:
    /// revoked when it has a revocation entry, otherwise marked unrevocable (kept in the history,
    /// but no list can say it).
    public static func retired(_ issued: IssuedCredential) -> IssuedState {
        issued.slot(for: "revocation") == nil ? .unrevocable : .revoked
    }

    /// What an operator's change does to one VC, before anything is written.
    public static func apply(_ change: StatusChange, to issued: IssuedCredential) -> StatusChangeResult {
        let vcId = issued.vcId
        if issued.state == .revoked { return change == .revoke ? .unchanged(vcId: vcId, state: .revoked) : .final(vcId: vcId) }
        guard issued.slot(for: change.purpose) != nil else { return .noEntry(vcId: vcId, purpose: change.purpose) }
        let after: IssuedState
        switch change {
        case .revoke: after = .revoked
        case .suspend: after = .suspended
        case .unsuspend: after = .active
        }
        if issued.state == .unrevocable, change != .revoke { return .unchanged(vcId: vcId, state: issued.state) }
        return issued.state == after ? .unchanged(vcId: vcId, state: after) : .changed(vcId: vcId, before: issued.state, after: after)
    }

    /// The lists whose published bits a change from `before` to `after` moves: a revocation sets
    /// the revocation bit and clears a suspension bit (revoked wins, and the suspension list then
    /// stops naming it); suspend and unsuspend touch only the suspension list.
    public static func touchedLists(_ issued: IssuedCredential, before: IssuedState, after: IssuedState) -> [String] {
        var lists: [String] = []
        if before == .revoked || after == .revoked, let slot = issued.slot(for: "revocation") { lists.append(slot.list) }
        if before == .suspended || after == .suspended, let slot = issued.slot(for: "suspension") { lists.append(slot.list) }
        return lists
    }

    /// The `status_slots` column text.
    public static func slotsText(_ slots: [StatusSlot]) -> String {
        guard let data = try? JSONEncoder().encode(slots) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The reason recorded when a newer revision replaces a VC.
    public static func supersededReason(by vcId: String, revision: Int, replacingSignature: Bool = false) -> String {
        "superseded by revision \(revision) (\(vcId)): \(replacingSignature ? keyCompromisedCause : "Certifier's data changed")"
    }

    /// The reason recorded when a VC enters the history.
    public static func issuedReason(revision: Int, replacingSignature: Bool) -> String {
        revision == 0
            ? "issued (revision 0)"
            : "re-issued (revision \(revision)): \(replacingSignature ? keyCompromisedCause : "Certifier's data changed")"
    }

    /// Why a re-issue marked by `certbridge keys retire --compromised` happened.
    static let keyCompromisedCause = "the key that signed the previous revision was compromised"

    /// The reason recorded when the credential was deleted in Certifier.
    public static let deletedReason = "deleted in Certifier (404); personal data purged from the outbox"
}

extension LifecycleRules {
    /// A strong entity tag for one signed copy of a list: the list, the change it signed, and
    /// when (a re-signing for expiry gives a new tag too, since the bytes differ).
    public static func etag(slug: String, changes: Int64, publishedAt: Date) -> String {
        "\"\(slug)-\(changes)-\(Int64((publishedAt.timeIntervalSince1970 * 1000).rounded()))\""
    }
}

extension LifecycleRules {
    /// The states of a VC that is still current (a newer revision or a deletion retires it), as an
    /// SQL list both SQLite and PostgreSQL accept.
    public static let currentStatesSQL = "('\(IssuedState.active.rawValue)', '\(IssuedState.suspended.rawValue)')"

    /// The condition under which a list is due for signing ("never signed, changed since it was
    /// signed, or close to its `validUntil`"), in SQL both dialects accept; `renewAt` is the
    /// dialect's expression for now plus ``StatusPublicationRule/renewBefore``.
    public static func publicationDueSQL(renewAt: String) -> String {
        "published_changes IS NULL OR published_changes <> changes OR valid_until <= \(renewAt)"
    }
}
