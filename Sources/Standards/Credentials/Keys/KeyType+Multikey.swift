extension KeyType {
    /// Decodes a multibase, multicodec-prefixed key (`publicKeyMultibase`, `secretKeyMultibase`)
    /// into its key type and key bytes; `isPrivate` picks which codec family is acceptable.
    /// `field` names the value in errors.
    static func decodeMultikey(_ text: String, isPrivate: Bool, field: String) throws(KeyError) -> (type: KeyType, bytes: [UInt8]) {
        let split: (code: UInt64, payload: ArraySlice<UInt8>)
        do {
            split = try Multicodec.split(try Multibase.decode(text))
        } catch {
            throw .encoding(what: field, error)
        }
        guard let codec = Multicodec(rawValue: split.code), let type = KeyType(codec: codec),
            codec == (isPrivate ? type.privateCodec : Optional(type.publicCodec))
        else {
            throw .unsupportedMulticodec(Multicodec(rawValue: split.code)?.description ?? "0x" + String(split.code, radix: 16))
        }
        return (type, Array(split.payload))
    }
}
