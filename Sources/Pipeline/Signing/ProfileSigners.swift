import Credentials
import Mapping

/// The signers a pipeline needs: one ``DataIntegritySigner`` per cryptosuite in use, made once,
/// and which profile signs with which.
///
/// Rule: an override suite (`--suite`) signs every profile; otherwise a profile's
/// `proof.cryptosuite`, else the key's default suite (``CryptosuiteRegistry/defaultCryptosuite(for:)``).
struct ProfileSigners: Sendable {
    /// The signer for profiles that choose nothing (or for all, with an override).
    let fallback: DataIntegritySigner
    /// Signers by profile name, for profiles whose suite differs from the fallback's.
    let byProfile: [String: DataIntegritySigner]

    init(
        profiles: ProfileSet, key: SigningKey, verificationMethod: String, registry: CryptosuiteRegistry, override: String?
    ) throws(PipelineSetupError) {
        var bySuite: [String: DataIntegritySigner] = [:]
        func signer(_ suite: String, profile: String?) throws(PipelineSetupError) -> DataIntegritySigner {
            if let made = bySuite[suite] { return made }
            guard let cryptosuite = registry.suite(named: suite) else {
                throw .unknownCryptosuite(suite: suite, profile: profile, known: registry.names)
            }
            guard cryptosuite.supports(key.type) else {
                throw .unsupportedKeyType(suite: suite, profile: profile, keyType: key.type, supported: cryptosuite.supportedKeyTypes)
            }
            do {
                let made = try DataIntegritySigner(key: key, verificationMethod: verificationMethod, cryptosuite: suite, registry: registry)
                bySuite[suite] = made
                return made
            } catch {
                // Unreachable after the checks above; kept as a typed error rather than a crash.
                throw .unknownCryptosuite(suite: suite, profile: profile, known: registry.names)
            }
        }
        fallback = try signer(override ?? CryptosuiteRegistry.defaultCryptosuite(for: key.type), profile: nil)
        var byProfile: [String: DataIntegritySigner] = [:]
        if override == nil {
            for profile in profiles.profiles {
                guard let proof = profile.proof, proof.cryptosuite != fallback.cryptosuite.name else { continue }
                byProfile[profile.name] = try signer(proof.cryptosuite, profile: "'\(profile.name)' (\(proof.location))")
            }
        }
        self.byProfile = byProfile
    }

    func signer(for profile: String) -> DataIntegritySigner {
        byProfile[profile] ?? fallback
    }
}
