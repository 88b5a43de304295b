extension PublicKey {
    /// The Multikey encoding: multibase base58btc of the multicodec-prefixed key bytes
    /// (`z6Mk…` Ed25519, `zDn…` P-256, `z82…` P-384); also the did:key method-specific id.
    public var multikey: String {
        Multibase.encodeBase58BTC(type.publicCodec.framing(keyBytes))
    }

    /// Reads a Multikey `publicKeyMultibase` value.
    public init(multikey: String) throws(KeyError) {
        let (type, bytes) = try KeyType.decodeMultikey(multikey, isPrivate: false, field: "publicKeyMultibase")
        let expected = type == .ed25519 ? 32 : type.scalarLength + 1
        guard bytes.count == expected else {
            throw .wrongLength(what: "\(type.publicCodec) key", expected: expected, found: bytes.count)
        }
        try self.init(type: type, bytes: bytes)
    }
}
