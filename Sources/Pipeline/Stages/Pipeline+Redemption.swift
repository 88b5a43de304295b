import Foundation
import JSONCanonical
import Mapping

extension Pipeline {
    /// Signs a credential that was mapped and validated unsigned earlier (an OpenID4VCI offer's),
    /// now that its holder is bound: the profile's Data Integrity signer signs it, `form` shapes it,
    /// and the one validator checks it as it will be handed out. The same stages as ``finish(_:status:)``,
    /// so a redeemed credential is signed exactly as a pushed one would be.
    public func signRedeemed(_ document: JSONValue, profile name: String, form: any CredentialForm) -> Result<JSONValue, PipelineError> {
        guard let profile = profiles.profiles.first(where: { $0.name == name }) else {
            return .failure(.signing(profile: name, reason: "no such profile is loaded (the profiles changed since the offer was made)"))
        }
        let signed: JSONValue?
        do {
            signed = try sign(document, profile: name, created: clock())
        } catch {
            return .failure(.signing(profile: name, reason: "\(error)"))
        }
        guard let signed else { return .failure(.signing(profile: name, reason: "this pipeline does not sign")) }
        let vc = form.shape(signed: signed)
        let issues = CredentialValidator(version: profile.version, form: form).issues(in: vc, signed: true)
        guard issues.isEmpty else { return .failure(.mapping(.invalid(profile: name, issues: issues))) }
        return .success(vc)
    }
}
