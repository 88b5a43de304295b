extension PublicKey {
    /// The Multikey encoding: multibase base58btc of the multicodec-prefixed key bytes
    /// (`z6Mk…` Ed25519, `zDn…` P-256, `z82…` P-384); also the did:key method-specific id.
    public var multikey: String {
        Multibase.encodeBase58BTC(type.publicCodec.framing(keyBytes))
    }

    /// Reads a Multikey `publicKeyMultibase` value.
    public init(multikey: String) throws(KeyError) {
        let decoded: [UInt8]
        do {
            decoded = try Multibase.decode(multikey)
        } catch {
            throw .encoding(what: "publicKeyMultibase", error)
        }
        let split: (code: UInt64, payload: ArraySlice<UInt8>)
        do {
            split = try Multicodec.split(decoded)
        } catch {
            throw .encoding(what: "publicKeyMultibase", error)
        }
        guard let codec = Multicodec(rawValue: split.code), let type = KeyType(codec: codec), codec == type.publicCodec
        else {
            let name = Multicodec(rawValue: split.code)?.description ?? "0x" + String(split.code, radix: 16)
            throw .unsupportedMulticodec(name)
        }
        let expected = type == .ed25519 ? 32 : type.scalarLength + 1
        guard split.payload.count == expected else {
            throw .wrongLength(what: "\(codec) key", expected: expected, found: split.payload.count)
        }
        try self.init(type: type, bytes: Array(split.payload))
    }
}
