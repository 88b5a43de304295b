import Outbox
import Pipeline

/// Whether a freshly mapped credential is issued, and as which revision: the one rule every door
/// (webhook events, backfill, the scheduled reconcile) goes through (docs/LIFECYCLE.md).
public enum ReissueDecision: Sendable, Equatable {
    /// Issue it as this revision.
    case issue(revision: Int)
    /// Its claims are those of the delivered VC: nothing to issue.
    case unchanged(String)
    /// The claims differ, but Certifier's data did not change: a profile or lookup edit, which
    /// re-issues only through `certbridge reissue`.
    case held(String)

    /// Decides for a mapping with `claimsDigest`, made from a source document with `sourceDigest`.
    ///
    /// - Not issued yet → revision 0.
    /// - Same claims → unchanged (an expiry reached, a view, or an update that touches nothing the profile maps).
    /// - Other claims and other source data → the next revision.
    /// - Other claims from the same source data → held, unless an operator asked for it
    ///   (`certbridge reissue`, `previous.forced`). VCs delivered before digests were kept
    ///   have no source digest; for them, other claims count as a change (their event says one happened).
    /// - The delivered VC's key leaked (`previous.replaceSignature`, `keys retire --compromised`)
    ///   → the next revision, whatever the claims: only a new signature makes it verify again.
    public static func decide(previous: PreviousIssue?, claimsDigest: String, sourceDigest: String, profile: String) -> ReissueDecision {
        guard let previous else { return .issue(revision: 0) }
        let summary = previous.summary
        if previous.replaceSignature { return .issue(revision: summary.revision + 1) }
        let lastClaims = summary.claimsDigest ?? previous.vc.map(ClaimsDigest.of)
        if lastClaims == claimsDigest {
            return .unchanged("claims equal to revision \(summary.revision) (\(summary.vcId))")
        }
        if !previous.forced, let lastSource = summary.sourceDigest, lastSource == sourceDigest {
            return .held(
                "profile '\(profile)' now maps other claims than revision \(summary.revision) (\(summary.vcId)), but Certifier's "
                    + "data did not change: a profile or lookup edit; not re-issued automatically "
                    + "(run `certbridge reissue --profile \(profile)` to re-issue on purpose)")
        }
        return .issue(revision: summary.revision + 1)
    }
}
