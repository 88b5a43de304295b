import Credentials
import LinkedData
import LinkedDataSuites
import Mapping

extension CryptosuiteRegistry {
    /// Every suite certbridge ships (JCS and RDF); the RDF suites' JSON-LD processor knows
    /// `contexts` (default: the bundled ones) plus the context files of the profiles' directory.
    public static func forProfiles(_ profiles: ProfileSet, contexts: ContextStore = .bundled) -> CryptosuiteRegistry {
        let store = contexts.adding(profiles.contextCatalog)
        return CryptosuiteRegistry.standard.registeringLinkedDataSuites(processor: JSONLDProcessor(options: .init(contexts: store)))
    }
}
