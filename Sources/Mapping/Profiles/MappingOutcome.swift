import Foundation
import JSONCanonical

/// Why a credential could not be turned into a valid unsigned VC.
public enum MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A profile rule failed (a required field missing, a malformed date...).
    case rule(MappingFailure)
    /// The produced document breaks the VC data model or the target's import schema.
    case invalid(profile: String, issues: [ValidationIssue])

    /// One line an operator can act on.
    public var description: String {
        switch self {
        case .rule(let failure): failure.description
        case .invalid(let profile, let issues):
            "profile '\(profile)' produced an invalid credential: " + issues.map(\.description).joined(separator: "; ")
        }
    }
}

/// The result of select -> map -> validate for one Certifier credential.
public enum MappingOutcome: Sendable {
    /// An unsigned, validated credential and the profile that made it.
    case mapped(JSONValue, profile: CompiledProfile)
    /// No profile's `match` accepts the credential.
    case noProfileMatched(reason: String)
    /// The winning profile could not produce a valid credential.
    case failed(MappingError, profile: CompiledProfile)
}

extension ProfileSet {
    /// Select, map and validate one credential (no signing: that is the pipeline's step).
    public func map(_ credential: JSONValue, issuer: String, now: Date) -> MappingOutcome {
        guard let profile = select(for: credential, now: now) else {
            return .noProfileMatched(reason: noMatchReason(for: credential))
        }
        let document: JSONValue
        do {
            document = try profile.render(credential, issuer: issuer, now: now)
        } catch {
            return .failed(.rule(error), profile: profile)
        }
        let issues = CredentialValidator(version: profile.version, target: profile.target).issues(in: document, signed: false)
        guard issues.isEmpty else { return .failed(.invalid(profile: profile.name, issues: issues), profile: profile) }
        return .mapped(document, profile: profile)
    }
}
