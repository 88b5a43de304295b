import Credentials

extension CryptosuiteRegistry {
    /// **Non-standard, opt-in.** This registry with its JCS suites replaced by their TSG forms
    /// (``TSGJWSCryptosuite``, TSG's detached-JWS form); every other suite (and its JSON-LD
    /// contexts) is kept as it is. A verifier with it accepts TSG's JCS proofs and rejects W3C JCS
    /// proofs. The composition root calls this once, on the registry it built.
    public func withTSGForm() -> CryptosuiteRegistry {
        registering(TSGJWSCryptosuite.eddsaJCS2022).registering(TSGJWSCryptosuite.ecdsaJCS2019)
    }

    /// The suites that have a TSG form.
    public static let tsgFormSuites: Set<String> = [TSGJWSCryptosuite.eddsaJCS2022.name, TSGJWSCryptosuite.ecdsaJCS2019.name]
}
