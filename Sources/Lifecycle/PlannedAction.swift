/// What reconciling one credential would do (``LifecycleConverter/plan(_:previous:)``).
public enum PlannedAction: Sendable, Equatable {
    /// Not issued yet, and a profile matches: first issue.
    case issue(profile: String)
    /// Issued, and Certifier's data changed the claims: a new revision (the old one is revoked).
    case reissue(profile: String)
    /// Issued, claims the same.
    case unchanged
    /// Issued, claims differ without a change in Certifier's data (a profile edit): not re-issued.
    case held(String)
    /// No profile matches (a draft; or, for an issued credential, one that expired: not revoked).
    case noMatch
    /// Mapping fails; the reason names the field.
    case failed(String)
}
