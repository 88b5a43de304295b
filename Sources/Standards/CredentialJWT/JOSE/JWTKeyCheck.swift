import Credentials

/// The key checks every JWT here shares.
enum JWTKeyCheck {
    /// A verified signer: method id and algorithm.
    struct Method {
        var id: String
        var algorithm: JOSEAlgorithm
    }

    /// Resolves `kid`, checks `alg` against the key and the signature with jwt-kit, that the
    /// key's controller is `issuer` and, when given, that the DID document lists the key under
    /// `relationship`.
    static func verifiedMethod(
        _ parsed: JOSE.Parsed, token: String, issuer: String, issuerField: String, relationship: String?,
        resolver: some VerificationMethodResolver
    ) async throws(CredentialJWTError) -> Method {
        _ = try JOSE.algorithm(of: parsed, for: nil)
        guard let kid = try parsed.headerString("kid") else { throw .missing("kid") }
        let id = DIDText.absolute(kid: kid, issuer: issuer)
        let resolved: ResolvedVerificationMethod
        do {
            resolved = try resolver.resolve(id)
        } catch {
            throw .unresolvableKey(kid: kid, error)
        }
        let algorithm = try JOSE.algorithm(of: parsed, for: resolved.publicKey.type)
        try await JOSE.verifySignature(token, key: resolved.publicKey, algorithm: algorithm, kid: kid)
        guard resolved.controller == issuer else {
            throw .issuerMismatch(field: issuerField, expected: resolved.controller, found: issuer)
        }
        if let relationship, !resolved.relationships.contains(relationship) {
            throw .notAuthorized(kid: kid, relationship: relationship)
        }
        return Method(id: resolved.id, algorithm: algorithm)
    }
}
