import Credentials
import LinkedData
import LinkedDataSuites

extension CryptosuiteRegistry {
    /// **Non-standard, opt-in.** The suites for credentials meant for the TSG wallet's own
    /// verifier: `eddsa-jcs-2022` and `ecdsa-jcs-2019` replaced by ``TSGJWSCryptosuite`` (TSG's
    /// detached-JWS form), plus `JsonWebSignature2020` and the RDFC suites, which are standard.
    /// A verifier with this registry accepts TSG's JCS proofs and rejects W3C JCS proofs.
    public static let tsgCompatibility = CryptosuiteRegistry.tsgCompatibility()

    /// ``tsgCompatibility`` with `processor` (extra contexts, say) for the RDF suites.
    public static func tsgCompatibility(processor: JSONLDProcessor = JSONLDProcessor()) -> CryptosuiteRegistry {
        CryptosuiteRegistry.standard.registeringLinkedDataSuites(processor: processor).withTSGForm()
    }

    /// **Non-standard, opt-in.** This registry with its JCS suites replaced by their TSG forms;
    /// every other suite (and its JSON-LD contexts) is kept as it is.
    public func withTSGForm() -> CryptosuiteRegistry {
        registering(TSGJWSCryptosuite.eddsaJCS2022).registering(TSGJWSCryptosuite.ecdsaJCS2019)
    }
}
