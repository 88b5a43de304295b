extension SigningKey {
    /// Loads a private JWK; `x` (and `y`), when present, must match the private key.
    public init(jwk: JWK) throws(KeyError) {
        let type = try PublicKey.keyType(of: jwk)
        let d = try PublicKey.member("d", of: jwk, length: type.scalarLength)
        try self.init(type: type, privateBytes: d)
        keyID = jwk.keyID
        if jwk.x != nil {
            let stated = try PublicKey(jwk: jwk)
            guard stated == publicKey else { throw .publicKeyMismatch }
        }
    }

    /// Reads a private key from a W3C test-vector `secretKeyMultibase`/`privateKeyMultibase`
    /// (multicodec ed25519-priv, p256-priv or p384-priv).
    public init(multikeySecret: String) throws(KeyError) {
        let (type, bytes) = try KeyType.decodeMultikey(multikeySecret, isPrivate: true, field: "secretKeyMultibase")
        try self.init(type: type, privateBytes: bytes)
    }

    /// The public JWK with `alg` and the key's `kid`.
    public var publicJWK: JWK {
        var jwk = publicKey.jwk
        jwk.keyID = keyID
        return jwk
    }

    /// The private JWK, with `d`. Only for writing a key file: never log or print it.
    public func exportPrivateJWK() -> JWK {
        var jwk = publicJWK
        jwk.d = Base64URL.encode(privateBytes)
        return jwk
    }
}
