import JSONCanonical

/// The cryptosuites a signer or verifier knows, by name (the model is jwt-kit's key collection).
///
/// A value: build it once at start-up (``standard`` plus whatever other modules register, e.g.
/// the RDF-canonicalised suites) and hand it to signers and verifiers.
public struct CryptosuiteRegistry: Sendable {
    private var suites: [String: any Cryptosuite]

    /// A registry with the given suites; a later suite with the same name wins.
    public init(_ suites: [any Cryptosuite] = []) {
        self.suites = [:]
        for suite in suites { register(suite) }
    }

    /// The JCS family, `eddsa-jcs-2022` and `ecdsa-jcs-2019`: the default of this module's signer
    /// and verifier, and the base the composition root (`Cryptosuites`) adds the other families to.
    public static let standard = CryptosuiteRegistry([JCSCryptosuite.eddsaJCS2022, JCSCryptosuite.ecdsaJCS2019])

    /// Adds or replaces a suite.
    public mutating func register(_ suite: any Cryptosuite) {
        suites[suite.name] = suite
    }

    /// A copy with `suite` added.
    public func registering(_ suite: any Cryptosuite) -> CryptosuiteRegistry {
        var copy = self
        copy.register(suite)
        return copy
    }

    /// The suite with this name.
    public func suite(named name: String) -> (any Cryptosuite)? {
        suites[name]
    }

    /// The registered names, sorted.
    public var names: [String] { suites.keys.sorted() }

    /// The suite that handles `proof`: by `cryptosuite` for `DataIntegrityProof`, else by `type`.
    public func suite(for proof: JSONObject) throws(DataIntegrityError) -> any Cryptosuite {
        let type = try ProofFields.string("type", in: proof)
        if type == DataIntegrityContext.dataIntegrityProofType {
            let name = try ProofFields.string("cryptosuite", in: proof)
            guard let suite = suites[name], suite.proofType == type else {
                throw .unknownCryptosuite(name, known: names.filter { suites[$0]?.proofType == type })
            }
            return suite
        }
        guard let suite = suites[type], suite.proofType == type else {
            throw .unknownProofType(type, known: names.filter { suites[$0]?.proofType == $0 })
        }
        return suite
    }

    /// The usual suite for a key type: eddsa-jcs-2022 for Ed25519, ecdsa-jcs-2019 for P-256/P-384,
    /// JsonWebSignature2020 (PS256) for RSA, the one suite that takes RSA keys (it lives in
    /// LinkedDataSuites, so only its name is known here).
    public static func defaultCryptosuite(for keyType: KeyType) -> String {
        switch keyType {
        case .ed25519: JCSCryptosuite.eddsaJCS2022.name
        case .p256, .p384: JCSCryptosuite.ecdsaJCS2019.name
        case .rsa: "JsonWebSignature2020"
        }
    }
}
