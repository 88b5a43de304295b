extension SigningKey {
    /// Loads a private JWK; `x` (and `y`), when present, must match the private key. An RSA JWK
    /// needs `n`, `e`, `d`, `p`, `q` (`dp`, `dq`, `qi` are checked when present) and, when it
    /// states `alg`, PS256, the one RSA algorithm certbridge signs with.
    public init(jwk: JWK) throws(KeyError) {
        let type = try PublicKey.keyType(of: jwk)
        guard let scalarLength = type.scalarLength else {
            if let algorithm = jwk.algorithm, algorithm != type.algorithm {
                throw .invalidMember("alg", reason: "'\(algorithm)': certbridge signs with RSA keys as \(type.algorithm) only")
            }
            self = try Self.rsa(jwk: jwk)
            keyID = jwk.keyID
            return
        }
        let d = try PublicKey.member("d", of: jwk, length: scalarLength)
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

    /// The private JWK, with `d` (RSA: and `p`, `q`, `dp`, `dq`, `qi`). Only for writing a key
    /// file: never log or print it.
    public func exportPrivateJWK() -> JWK {
        var jwk = publicJWK
        if type == .rsa {
            // The DER swift-crypto writes for its own key always parses; were it not to, the
            // public JWK returned here fails to load as a private key rather than leaking anything.
            if let (d, members) = try? rsaPrivateMembers() {
                jwk.d = d
                jwk.rsaPrivate = members
            }
            return jwk
        }
        jwk.d = Base64URL.encode(privateBytes)
        return jwk
    }
}
