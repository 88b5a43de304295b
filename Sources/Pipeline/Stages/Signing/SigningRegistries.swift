import Credentials
import Mapping

/// The cryptosuites a pipeline signs with, as the composition root built them once: the W3C
/// registry, and, where a destination offers one, the registry of its non-standard proof form.
public struct SigningRegistries: Sendable {
    /// Every W3C suite (the JCS and the RDF-canonicalised ones).
    public var w3c: CryptosuiteRegistry
    /// The registry for `compatibility: tsg` (TSG's detached-JWS form of the JCS suites), if any.
    public var tsgForm: CryptosuiteRegistry?
    /// The suites whose TSG form differs from their W3C form.
    public var tsgFormSuites: Set<String>
    /// The suites that canonicalise with JSON-LD, whose profiles `profiles lint` checks term by term.
    public var linkedDataSuites: Set<String>

    /// Creates the registries.
    public init(
        w3c: CryptosuiteRegistry, tsgForm: CryptosuiteRegistry? = nil, tsgFormSuites: Set<String> = [],
        linkedDataSuites: Set<String>
    ) {
        self.w3c = w3c
        self.tsgForm = tsgForm
        self.tsgFormSuites = tsgFormSuites
        self.linkedDataSuites = linkedDataSuites
    }

    /// The names profiles may choose, for the profile loader's check.
    public var names: CryptosuiteNames {
        CryptosuiteNames(all: Set(w3c.names), tsgForm: tsgForm == nil ? [] : tsgFormSuites)
    }

    /// The registry of a form.
    public func registry(for form: ProofCompatibility) -> CryptosuiteRegistry? {
        form == .tsg ? tsgForm : w3c
    }
}
