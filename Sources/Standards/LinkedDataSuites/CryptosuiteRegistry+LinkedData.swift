import Credentials
import LinkedData

extension CryptosuiteRegistry {
    /// A copy with the RDF-canonicalised suites (`eddsa-rdfc-2022`, `ecdsa-rdfc-2019`,
    /// `JsonWebSignature2020`), using `processor` (the operator's and the profiles' contexts) for
    /// JSON-LD. The family's only way in; the composition root (`Cryptosuites`) calls it once.
    public func registeringLinkedDataSuites(processor: JSONLDProcessor = JSONLDProcessor()) -> CryptosuiteRegistry {
        let form = RDFCanonicalForm(processor: processor)
        return self
            .registering(RDFCCryptosuite(name: RDFCCryptosuite.eddsaRDFC2022.name, supportedKeyTypes: [.ed25519], canonicalForm: form))
            .registering(RDFCCryptosuite(name: RDFCCryptosuite.ecdsaRDFC2019.name, supportedKeyTypes: [.p256, .p384], canonicalForm: form))
            .registering(JsonWebSignature2020(canonicalForm: form))
    }
}
