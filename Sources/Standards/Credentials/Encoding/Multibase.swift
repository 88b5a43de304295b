/// Multibase: a one-character prefix naming the base of the text that follows.
///
/// Data Integrity proof values and Multikey public keys use base58btc (`z`); `u` (base64url
/// without padding) is read too because some verification methods publish keys that way.
public enum Multibase {
    /// Encodes bytes as base58btc with the `z` prefix.
    public static func encodeBase58BTC<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Base58BTC.encode(bytes, prefix: UInt8(ascii: "z"))
    }

    /// Decodes a multibase string in base58btc (`z`) or base64url (`u`).
    public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
        guard let prefix = text.first else { throw .unsupportedMultibasePrefix(nil) }
        let body = String(text.dropFirst())
        switch prefix {
        case "z": return try Base58BTC.decode(body)
        case "u": return try Base64URL.decode(body)
        default: throw .unsupportedMultibasePrefix(prefix)
        }
    }

    /// Decodes a value that must be base58btc, as Data Integrity `proofValue` is.
    public static func decodeBase58BTC(_ text: String) throws(EncodingError) -> [UInt8] {
        // An ASCII `z` followed by ASCII (or nothing) is the Character `z`; anything else, such as
        // a `z` with a combining mark, takes the Character path and its error.
        let utf8 = Array(text.utf8)
        guard utf8.first == UInt8(ascii: "z"), utf8.count == 1 || utf8[1] < 0x80 else {
            guard let prefix = text.first else { throw .unsupportedMultibasePrefix(nil) }
            if prefix != "z" { throw .unsupportedMultibasePrefix(prefix) }
            return try Base58BTC.decode(String(text.dropFirst()))
        }
        return try Base58BTC.decode(utf8: utf8, from: 1)
    }
}
