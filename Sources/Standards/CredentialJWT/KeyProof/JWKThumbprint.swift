import Credentials
import Crypto
import JSONCanonical

/// JWK thumbprints (RFC 7638) and their URI form (RFC 9278): a name for a key that has no DID.
enum JWKThumbprint {
    /// `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<base64url SHA-256 of the required members>`.
    static func uri(of key: PublicKey) -> String {
        "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + Base64URL.encode(Array(SHA256.hash(data: Array(requiredMembers(of: key).utf8))))
    }

    /// The required members of the key type, in lexicographic order without whitespace (RFC 7638
    /// §3.2); JCS writes exactly that for these plain string members.
    static func requiredMembers(of key: PublicKey) -> String {
        let jwk = key.jwk
        var object = JSONObject()
        switch key.type {
        case .rsa:
            object["e"] = jwk.e.map(JSONValue.string)
            object["kty"] = .string(jwk.keyType)
            object["n"] = jwk.n.map(JSONValue.string)
        case .ed25519, .p256, .p384:
            object["crv"] = jwk.curve.map(JSONValue.string)
            object["kty"] = .string(jwk.keyType)
            object["x"] = jwk.x.map(JSONValue.string)
            object["y"] = jwk.y.map(JSONValue.string)
        }
        return JSONValue.object(object).canonicalString
    }
}
