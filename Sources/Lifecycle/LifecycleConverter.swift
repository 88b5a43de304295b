import Foundation
import JSONCanonical
import Mapping
import Outbox
import Pipeline
import StatusList

/// The worker's converter: one reconcile of one credential, whichever door brought it.
///
/// Map with the next revision → compare with what was last delivered (``ReissueDecision``) →
/// assign status list indexes when the profile has `status:` → sign, shape and validate with the
/// very same pipeline stages as `certbridge convert`.
public struct LifecycleConverter: CredentialConverter {
    /// The pipeline (profiles, signers, routes).
    public let pipeline: Pipeline
    /// Where status indexes come from; `nil` when no profile has `status:`.
    let statusIndexes: StatusIndexPool?
    /// `<public base>/status/`: list URLs are this plus the list's name.
    let statusBaseURL: String?
    /// The list families of each profile with `status:`, worked out once.
    let families: [String: [StatusListFamily]]
    /// Secures the VCs of profiles whose destination takes VC-JWTs; `nil` fails them.
    public var enveloper: (any CredentialEnveloper)?

    /// A converter over `pipeline`. Profiles with `status:` need `statusIndexes` and `statusBaseURL`;
    /// the composition root refuses to start without them, so a missing one here is a failed credential.
    public init(pipeline: Pipeline, statusIndexes: StatusIndexPool?, statusBaseURL: String?) {
        self.pipeline = pipeline
        self.statusIndexes = statusIndexes
        self.statusBaseURL = statusBaseURL
        families = Self.families(of: pipeline)
    }

    /// The list families each profile with `status:` uses: its list name per purpose, with the
    /// pipeline's issuer, the profile's suite and proof form, and its VC version.
    public static func families(of pipeline: Pipeline) -> [String: [StatusListFamily]] {
        var families: [String: [StatusListFamily]] = [:]
        for profile in pipeline.profiles.profiles {
            guard let status = profile.status else { continue }
            families[profile.name] = status.purposes.map { purpose in
                StatusListFamily(
                    name: status.list, purpose: purpose, issuer: pipeline.issuer,
                    suite: pipeline.cryptosuite(forProfile: profile.name) ?? "unsigned",
                    proofForm: pipeline.proofCompatibility(forProfile: profile.name)?.rawValue ?? ProofCompatibility.w3c.rawValue,
                    version: profile.version.rawValue)
            }
        }
        return families
    }

    /// What a reconcile of this document would do, without signing or assigning anything: the
    /// plan a reconcile or backfill counts before it acts (and `--dry-run` reports).
    public func plan(_ credential: JSONValue, previous: PreviousIssue?) -> PlannedAction {
        switch decide(credential, previous: previous) {
        case .finished(let outcome):
            switch outcome {
            case .noProfileMatched: return .noMatch
            case .failed(_, let error): return .failed(error.description)
            case .refused(_, _, let reason): return .failed(reason)
            case .converted: return .failed("unexpected converted outcome from mapping")
            }
        case .decided(let decided):
            switch decided.decision {
            case .issue(0): return .issue(profile: decided.mapped.profile.name)
            case .issue: return .reissue(profile: decided.mapped.profile.name)
            case .unchanged: return .unchanged
            case .held(let reason): return .held(reason)
            }
        }
    }

    /// The steps ``plan(_:previous:)`` and ``convert(_:previous:)`` share: map with the next
    /// revision, digest, and decide.
    private enum Decided {
        case finished(PipelineOutcome)
        case decided((mapped: MappedCredential, decision: ReissueDecision, claimsDigest: String, sourceDigest: String))
    }

    private func decide(_ credential: JSONValue, previous: PreviousIssue?) -> Decided {
        let revision = previous.map { $0.summary.revision + 1 } ?? 0
        switch pipeline.map(credential, revision: revision) {
        case .finished(let outcome):
            return .finished(outcome)
        case .mapped(let mapped):
            let claimsDigest = mapped.claimsDigest
            let sourceDigest = ClaimsDigest.ofSource(credential)
            let decision = ReissueDecision.decide(
                previous: previous, claimsDigest: claimsDigest, sourceDigest: sourceDigest, profile: mapped.profile.name)
            return .decided((mapped, decision, claimsDigest, sourceDigest))
        }
    }

    /// Maps, decides, assigns status and signs; every result is an outcome the worker records.
    public func convert(_ credential: JSONValue, previous: PreviousIssue?) async -> ConversionResult {
        let decided: (mapped: MappedCredential, decision: ReissueDecision, claimsDigest: String, sourceDigest: String)
        switch decide(credential, previous: previous) {
        case .finished(let outcome): return Self.result(outcome)
        case .decided(let value): decided = value
        }
        let (mapped, claimsDigest, sourceDigest) = (decided.mapped, decided.claimsDigest, decided.sourceDigest)
        let issuing: Int
        switch decided.decision {
        case .unchanged(let reason): return .unchanged(reason: reason)
        case .held(let reason): return .held(reason: reason)
        case .issue(let number): issuing = number
        }
        var slots: [StatusSlot] = []
        var entries: [StatusListEntry] = []
        if let families = families[mapped.profile.name] {
            guard let statusIndexes, let statusBaseURL else {
                return .failed(reason: PipelineError.statusNeedsStore(profile: mapped.profile.name, list: families.first?.name ?? "").description)
            }
            for family in families {
                let slot: StatusSlot
                do {
                    slot = try await statusIndexes.take(family)
                } catch {
                    return .retryable(reason: "cannot assign a status list index: \(error)")
                }
                guard let purpose = StatusPurpose(rawValue: family.purpose) else {
                    return .failed(reason: "profile '\(mapped.profile.name)': unknown status purpose '\(family.purpose)'")
                }
                slots.append(slot)
                entries.append(StatusListEntry(purpose: purpose, index: slot.index, listCredential: statusBaseURL + slot.list))
            }
        }
        switch pipeline.finish(mapped, status: entries) {
        case .converted(var converted):
            guard let vcId = converted.vcId, !vcId.isEmpty else {
                return .failed(reason: "profile '\(converted.profile)' produced a VC without an 'id'")
            }
            if converted.needsEnvelope {
                guard let enveloper else {
                    return .failed(reason: "profile '\(converted.profile)': its destination takes VC-JWTs, and no JWT signer is configured")
                }
                do {
                    converted.vc = .string(try await enveloper.envelope(converted.vc))
                } catch {
                    return .failed(reason: "profile '\(converted.profile)': cannot sign the VC-JWT: \(error)")
                }
            }
            return .converted(
                ConvertedVC(
                    vc: converted.vc, vcId: vcId, profile: converted.profile, revision: issuing, claimsDigest: claimsDigest,
                    sourceDigest: sourceDigest, statusSlots: slots))
        case let other:
            return Self.result(other)
        }
    }

    /// A pipeline outcome that is not a VC, in the worker's terms.
    static func result(_ outcome: PipelineOutcome) -> ConversionResult {
        switch outcome {
        case .converted(let converted):
            // Only `finish` converts; `map` never does. Kept total rather than trapping.
            guard let vcId = converted.vcId else { return .failed(reason: "profile '\(converted.profile)' produced a VC without an 'id'") }
            return .converted(ConvertedVC(vc: converted.vc, vcId: vcId, profile: converted.profile))
        case .noProfileMatched(_, let reason):
            return .noProfileMatched(reason: reason)
        case .failed(_, let error):
            return .failed(reason: error.description)
        case .refused(_, let profile, let reason):
            return .refused(profile: profile, reason: reason)
        }
    }
}
