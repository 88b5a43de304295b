import Credentials
import Foundation
import JSONCanonical
import Mapping

/// One Certifier credential's way to a signed VC: select profile -> map -> validate -> sign.
///
/// Every door (`certbridge convert`, the webhook worker) calls `process`; nothing about mapping or
/// signing is written twice. The value is immutable and `Sendable`, so workers may share one.
public struct Pipeline: Sendable {
    /// The compiled profiles.
    public let profiles: ProfileSet
    /// Signs produced credentials; `nil` leaves them unsigned (`convert --no-sign`).
    public let signer: DataIntegritySigner?
    /// The issuer written into every credential (a DID; the TSG wallet needs a string).
    public let issuer: String
    /// The clock for `now()` in profiles and the proof's `created`; injected so tests are stable.
    public let clock: @Sendable () -> Date

    /// Creates a pipeline.
    public init(profiles: ProfileSet, signer: DataIntegritySigner?, issuer: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.profiles = profiles
        self.signer = signer
        self.issuer = issuer
        self.clock = clock
    }

    /// Converts one Certifier credential. Never throws: every result, including no match, is an outcome.
    public func process(_ certifierCredential: JSONValue) -> PipelineOutcome {
        let sourceId = certifierCredential["id"]?.stringValue ?? "(no id)"
        guard certifierCredential.objectValue != nil else {
            return .failed(sourceId: sourceId, .notACredential("expected a Certifier credential object, got \(certifierCredential.kindName)"))
        }
        let now = clock()
        switch profiles.map(certifierCredential, issuer: issuer, now: now) {
        case .noProfileMatched(let reason):
            return .noProfileMatched(sourceId: sourceId, reason: reason)
        case .failed(let error, _):
            return .failed(sourceId: sourceId, .mapping(error))
        case .mapped(let document, let profile):
            var vc = document
            if let signer {
                do {
                    vc = try signer.sign(document, created: now)
                } catch {
                    return .failed(sourceId: sourceId, .signing(profile: profile.name, reason: "\(error)"))
                }
                if profile.target == .tsgWallet { vc = Self.proofAsArray(vc) }
                let issues = CredentialValidator(version: profile.version, target: profile.target).issues(in: vc, signed: true)
                guard issues.isEmpty else { return .failed(sourceId: sourceId, .mapping(.invalid(profile: profile.name, issues: issues))) }
            }
            let converted = ConvertedCredential(vc: vc, vcId: vc["id"]?.stringValue, profile: profile.name, sourceId: sourceId)
            return .converted(converted)
        }
    }

    /// The TSG wallet's import schema wants `proof` as an array; a single proof becomes a set of one
    /// (the proof does not sign itself, so verification is unchanged).
    static func proofAsArray(_ document: JSONValue) -> JSONValue {
        guard case .object(let proof)? = document["proof"] else { return document }
        var result = document
        result["proof"] = .array([.object(proof)])
        return result
    }
}
