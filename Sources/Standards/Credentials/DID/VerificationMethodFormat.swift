import JSONCanonical

/// How a DID document publishes a public key.
public enum VerificationMethodFormat: String, Sendable, CaseIterable {
    /// `JsonWebKey` with `publicKeyJwk` carrying `alg`. The default for did:web: the TSG wallet
    /// reads `publicKeyJwk` and needs its `alg`, and W3C Data Integrity verifiers accept
    /// `JsonWebKey` (Controlled Identifiers 1.0, context `https://w3id.org/security/jwk/v1`).
    case jsonWebKey
    /// `Multikey` with `publicKeyMultibase`, the form the did:key method produces.
    case multikey

    /// The verification method `type`.
    public var typeName: String {
        switch self {
        case .jsonWebKey: "JsonWebKey"
        case .multikey: "Multikey"
        }
    }

    /// The JSON-LD context that defines the method type.
    public var context: String {
        switch self {
        case .jsonWebKey: "https://w3id.org/security/jwk/v1"
        case .multikey: "https://w3id.org/security/multikey/v1"
        }
    }

    /// The verification method object.
    public func verificationMethod(id: String, controller: String, key: PublicKey) -> JSONObject {
        var method: JSONObject = ["id": .string(id), "type": .string(typeName), "controller": .string(controller)]
        switch self {
        case .jsonWebKey: method["publicKeyJwk"] = key.jwk.json
        case .multikey: method["publicKeyMultibase"] = .string(key.multikey)
        }
        return method
    }
}
