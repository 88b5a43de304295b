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
    /// An unsigned credential (validated by ``ProfileSet/map(_:issuer:now:forms:)``, not by
    /// ``ProfileSet/render(_:issuer:now:)``) and the profile that made it.
    case mapped(JSONValue, profile: CompiledProfile)
    /// No profile's `match` accepts the credential.
    case noProfileMatched(reason: String)
    /// The winning profile could not produce a valid credential.
    case failed(MappingError, profile: CompiledProfile)
}

extension ProfileSet {
    /// Select, map and validate one credential against the data model and the form its profile's
    /// target asks for (no signing: that is the pipeline's step, which validates once, after it).
    public func map(
        _ credential: JSONValue, issuer: String, now: Date, forms: CredentialForms = CredentialForms(), revision: Int = 0
    ) -> MappingOutcome {
        let outcome = render(credential, issuer: issuer, now: now, revision: revision)
        guard case .mapped(let document, let profile) = outcome else { return outcome }
        let validator = CredentialValidator(version: profile.version, form: forms.form(for: profile.target))
        let issues = validator.issues(in: document, signed: false)
        guard issues.isEmpty else { return .failed(.invalid(profile: profile.name, issues: issues), profile: profile) }
        return outcome
    }

    /// Select and map one credential, not yet validated: for the pipeline, whose validate stage
    /// runs once on the signed VC in its destination's form.
    /// `revision` is the credential's revision (0 at first issue; docs/LIFECYCLE.md).
    public func render(_ credential: JSONValue, issuer: String, now: Date, revision: Int = 0) -> MappingOutcome {
        guard let profile = select(for: credential, now: now) else {
            return .noProfileMatched(reason: noMatchReason(for: credential))
        }
        do {
            return .mapped(try profile.render(credential, issuer: issuer, now: now, revision: revision), profile: profile)
        } catch {
            return .failed(.rule(error), profile: profile)
        }
    }
}
