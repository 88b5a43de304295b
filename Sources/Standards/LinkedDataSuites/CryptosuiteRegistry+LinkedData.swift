import Credentials
import LinkedData

extension CryptosuiteRegistry {
    /// The standard JCS suites plus `eddsa-rdfc-2022`, `ecdsa-rdfc-2019` and
    /// `JsonWebSignature2020`, with the bundled contexts.
    public static let withLinkedData = CryptosuiteRegistry.standard.registeringLinkedDataSuites()

    /// A copy with the RDF-canonicalised suites, using `processor` (for an operator's extra
    /// contexts, say) for JSON-LD.
    public func registeringLinkedDataSuites(processor: JSONLDProcessor = JSONLDProcessor()) -> CryptosuiteRegistry {
        let form = RDFCanonicalForm(processor: processor)
        return self
            .registering(RDFCCryptosuite(name: RDFCCryptosuite.eddsaRDFC2022.name, supportedKeyTypes: [.ed25519], canonicalForm: form))
            .registering(RDFCCryptosuite(name: RDFCCryptosuite.ecdsaRDFC2019.name, supportedKeyTypes: [.p256, .p384], canonicalForm: form))
            .registering(JsonWebSignature2020(canonicalForm: form))
    }
}
