import Outbox
import Foundation
import JSONCanonical
import Pipeline

/// The mapping pipeline as the worker's converter: the webhook door uses the very same
/// select → map → route → sign → form → validate code as `certbridge convert`.
public struct PipelineConverter: CredentialConverter {
    /// The pipeline (profiles, signer, issuer).
    public let pipeline: Pipeline

    /// Wraps a pipeline.
    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// Runs the pipeline; a mapping failure keeps its text, which names the profile rule and field.
    /// A credential whose profile no destination takes is refused by the pipeline, before signing.
    /// `previous` is not compared yet (the lifecycle's map/finish wiring is still in progress): every
    /// conversion is issued as revision 0, as before the lifecycle.
    public func convert(_ credential: JSONValue, previous: PreviousIssue?) async -> ConversionResult {
        switch pipeline.process(credential) {
        case .converted(let converted):
            guard let vcId = converted.vcId, !vcId.isEmpty else {
                return .failed(reason: "profile '\(converted.profile)' produced a VC without an 'id'")
            }
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

extension ConvertedDelivery {
    /// A pipeline result, for `OutboxStore.enqueue(converted:now:)` (the `convert --deliver` door).
    /// `nil` when the VC has no `id`, which the outbox needs to deliver at most once.
    public init?(_ converted: ConvertedCredential) {
        guard let vcId = converted.vcId, !vcId.isEmpty else { return nil }
        self.init(sourceId: converted.sourceId, vc: converted.vc, vcId: vcId, profile: converted.profile)
    }
}
