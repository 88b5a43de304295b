import Mapping

/// Where each profile's credentials go, decided when the profiles and the configuration load:
/// the form of the destination that takes them, or why none does.
///
/// The composition root builds the routes from the destination kinds and the configured
/// destinations; the pipeline only reads them, so it knows no destination.
public struct ProfileRoutes: Sendable {
    /// A profile's route.
    public enum Route: Sendable {
        /// Its credentials are signed and laid out in this form, then validated against its rules.
        case form(any CredentialForm)
        /// Its credentials are validated in this form, then secured as a VC-JWT with the profile's
        /// key instead of a Data Integrity proof (VC 1.1's `vc` claim, or VC 2.0's `vc+jwt`): the
        /// outbox keeps the compact JWT as a JSON string. DCP's profiles use this form.
        case envelopedJWT(any CredentialForm)
        /// Its credentials are validated in this form and handed over unsigned: the destination
        /// signs when the holder redeems them (an OpenID4VCI offer binds the holder's key only then).
        case signedByDestination(any CredentialForm)
        /// No destination takes its credentials; they are refused before signing, with this reason.
        case refused(String)
    }

    /// The forms of the destination kinds, by profile target (used where no route is set).
    public var forms: CredentialForms
    /// Routes set per profile name (refusals, say); they win over `forms`.
    public var byProfile: [String: Route]

    /// Routes; by default every profile gets its target's form and nothing is refused (`convert`
    /// writing NDJSON, the forms still applying).
    public init(forms: CredentialForms = CredentialForms(), byProfile: [String: Route] = [:]) {
        self.forms = forms
        self.byProfile = byProfile
    }

    /// The route of a profile.
    public func route(for profile: CompiledProfile) -> Route {
        byProfile[profile.name] ?? .form(forms.form(for: profile.target))
    }

    /// The reason a profile is refused, or `nil` when its credentials go somewhere.
    public func refusal(forProfile name: String) -> String? {
        if case .refused(let reason)? = byProfile[name] { return reason }
        return nil
    }
}
