extension PublicKey {
    /// The Multikey encoding: multibase base58btc of the multicodec-prefixed key bytes
    /// (`z6Mk…` Ed25519, `zDn…` P-256, `z82…` P-384); also the did:key method-specific id.
    public var multikey: String {
        Multibase.encodeBase58BTC(type.publicCodec.framing(keyBytes))
    }

    /// Reads a Multikey `publicKeyMultibase` value; RSA (`rsa-pub`) is refused, see ``KeyType/hasDIDKey``.
    public init(multikey: String) throws(KeyError) {
        let (type, bytes) = try KeyType.decodeMultikey(multikey, isPrivate: false, field: "publicKeyMultibase")
        guard type.hasDIDKey, let scalarLength = type.scalarLength else { throw .unsupportedMulticodec(type.publicCodec.description) }
        let expected = type == .ed25519 ? 32 : scalarLength + 1
        guard bytes.count == expected else {
            throw .wrongLength(what: "\(type.publicCodec) key", expected: expected, found: bytes.count)
        }
        try self.init(type: type, bytes: bytes)
    }
}
