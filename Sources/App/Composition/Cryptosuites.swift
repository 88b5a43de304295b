import Credentials
import LinkedData
import LinkedDataSuites
import Mapping
import Pipeline
import TSGWallet

/// The one place the cryptosuite registry is built. Each suite family registers itself through
/// its own `CryptosuiteRegistry+Family.swift`; adding a family is one line here.
public enum Cryptosuites {
    /// The registries every door signs and verifies with: the JCS suites, the RDF-canonicalised
    /// suites over `contexts` (the bundled contexts plus the profiles' and the operator's), and
    /// the TSG wallet's opt-in non-standard form of the JCS suites.
    public static func registries(contexts: ContextStore = .bundled) -> SigningRegistries {
        let processor = JSONLDProcessor(options: .init(contexts: contexts))
        let jcs = CryptosuiteRegistry.standard
        let w3c = jcs.registeringLinkedDataSuites(processor: processor)
        return SigningRegistries(
            w3c: w3c, tsgForm: w3c.withTSGForm(), tsgFormSuites: CryptosuiteRegistry.tsgFormSuites,
            linkedDataSuites: Set(w3c.names).subtracting(jcs.names))
    }

    /// ``registries(contexts:)`` with a profile set's own contexts added to `contexts`.
    public static func registries(for profiles: ProfileSet, contexts: ContextStore = .bundled) -> SigningRegistries {
        registries(contexts: contexts.adding(profiles.contextCatalog))
    }

    /// The registry a verifier uses: W3C, or (`--tsg-compatible`) the TSG form.
    public static func verifierRegistry(contexts: ContextStore = .bundled, tsgForm: Bool) -> CryptosuiteRegistry {
        let built = registries(contexts: contexts)
        return tsgForm ? (built.tsgForm ?? built.w3c) : built.w3c
    }

    /// The names profiles may choose, for the profile loader, and the RDF-canonicalised suites,
    /// for `profiles lint`: neither depends on the contexts, so both are worked out once.
    public static let names: CryptosuiteNames = registries().names
    /// The suites that canonicalise with JSON-LD.
    public static let linkedDataSuites: Set<String> = registries().linkedDataSuites
}
