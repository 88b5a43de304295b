import Credentials
import Mapping

/// The signers a pipeline needs: one ``DataIntegritySigner`` per cryptosuite and form in use,
/// made once, and which profile signs with which.
///
/// Rule: an override suite (`--suite`) signs every profile; otherwise a profile's
/// `proof.cryptosuite`, else the key's default suite (``CryptosuiteRegistry/defaultCryptosuite(for:)``).
/// The form follows the same rule: an override (`--tsg-compatible`, `signing.compatibility`)
/// for every profile, else the profile's `proof.compatibility` (W3C with `--suite`), else W3C.
struct ProfileSigners: Sendable {
    /// The signer for profiles that choose nothing (or for all, with an override).
    let fallback: DataIntegritySigner
    /// Signers by profile name, for profiles whose suite or form differs from the fallback's.
    let byProfile: [String: DataIntegritySigner]
    /// The form of the fallback signer.
    let fallbackForm: ProofCompatibility
    /// Forms by profile name, for profiles in `byProfile`.
    let formByProfile: [String: ProofCompatibility]
    /// The suites that have a TSG form.
    let tsgFormSuites: Set<String>

    init(
        profiles: ProfileSet, key: SigningKey, verificationMethod: String, registries: SigningRegistries, override: String?,
        compatibility: ProofCompatibility? = nil
    ) throws(PipelineSetupError) {
        var made: [String: DataIntegritySigner] = [:]
        func signer(_ suite: String, _ form: ProofCompatibility, profile: String?) throws(PipelineSetupError) -> DataIntegritySigner {
            if let existing = made["\(form.rawValue) \(suite)"] { return existing }
            guard let forms = registries.registry(for: form) else {
                throw .unknownCryptosuite(suite: "\(suite) (TSG form)", profile: profile, known: registries.w3c.names)
            }
            guard let cryptosuite = forms.suite(named: suite) else {
                throw .unknownCryptosuite(suite: suite, profile: profile, known: forms.names)
            }
            guard cryptosuite.supports(key.type) else {
                throw .unsupportedKeyType(suite: suite, profile: profile, keyType: key.type, supported: cryptosuite.supportedKeyTypes)
            }
            do {
                let signer = try DataIntegritySigner(key: key, verificationMethod: verificationMethod, cryptosuite: suite, registry: forms)
                made["\(form.rawValue) \(suite)"] = signer
                return signer
            } catch {
                // Unreachable after the checks above; kept as a typed error rather than a crash.
                throw .unknownCryptosuite(suite: suite, profile: profile, known: forms.names)
            }
        }
        let fallbackForm = compatibility ?? .w3c
        fallback = try signer(override ?? CryptosuiteRegistry.defaultCryptosuite(for: key.type), fallbackForm, profile: nil)
        self.fallbackForm = fallbackForm
        var byProfile: [String: DataIntegritySigner] = [:]
        var formByProfile: [String: ProofCompatibility] = [:]
        if override == nil {
            for profile in profiles.profiles {
                guard let proof = profile.proof else { continue }
                let form = compatibility ?? proof.compatibility
                guard proof.cryptosuite != fallback.cryptosuite.name || form != fallbackForm else { continue }
                byProfile[profile.name] = try signer(proof.cryptosuite, form, profile: "'\(profile.name)' (\(proof.location))")
                formByProfile[profile.name] = form
            }
        }
        self.byProfile = byProfile
        self.formByProfile = formByProfile
        self.tsgFormSuites = registries.tsgFormSuites
    }

    /// The form a profile's proofs have: TSG only where the suite has a TSG form.
    func form(for profile: String) -> ProofCompatibility {
        let form = formByProfile[profile] ?? fallbackForm
        return tsgFormSuites.contains(signer(for: profile).cryptosuite.name) ? form : .w3c
    }

    func signer(for profile: String) -> DataIntegritySigner {
        byProfile[profile] ?? fallback
    }
}
