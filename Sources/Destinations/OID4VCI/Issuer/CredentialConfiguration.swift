import Foundation
import JSONCanonical
import Mapping

/// One entry of the issuer metadata's `credential_configurations_supported`: a profile that
/// targets `oid4vci`, in one format. Its id is `<profile>.<format>`.
struct CredentialConfiguration: Sendable {
    /// `<profile>.ldp_vc` or `<profile>.jwt_vc_json`.
    var id: String
    /// The profile.
    var profile: String
    /// The format.
    var format: OfferFormat
    /// The VC's `type`.
    var types: [String]
    /// The VC's `@context`.
    var contexts: [String]
    /// The name for people.
    var title: String

    /// The configurations of the profiles that target `oid4vci`, by profile name order: each
    /// profile's `offer.formats`, or both formats for VC 1.1 and `ldp_vc` for VC 2.0 (`jwt_vc_json`
    /// is the VC 1.1 JWT form).
    static func of(_ profiles: ProfileSet) -> [CredentialConfiguration] {
        profiles.profiles.filter { !$0.isAbstract && $0.target == .oid4vci }.sorted { $0.name < $1.name }.flatMap { profile in
            formats(of: profile).map { format in
                CredentialConfiguration(
                    id: "\(profile.name).\(format.rawValue)", profile: profile.name, format: format, types: profile.declaredTypes,
                    contexts: profile.contextURLs.isEmpty ? [profile.version.baseContext] : profile.contextURLs,
                    title: humanised(profile.credentialType ?? "Verifiable Credential"))
            }
        }
    }

    static func formats(of profile: CompiledProfile) -> [OfferFormat] {
        let wanted = profile.offer?.formats ?? OfferFormat.allCases
        return wanted.filter { $0 != .jwtVCJSON || profile.version == .v1_1 }
    }

    /// `CourseCertificate` → `Course Certificate`.
    static func humanised(_ type: String) -> String {
        var out = ""
        var previous: Character?
        for character in type {
            if let previous, character.isUppercase, previous.isLowercase { out.append(" ") }
            out.append(character)
            previous = character
        }
        return out
    }
}
