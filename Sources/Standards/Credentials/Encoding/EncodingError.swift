/// Why a base58btc, base64url, multibase or multicodec value could not be decoded.
public enum EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A character outside the alphabet, with its position in the text.
    case invalidCharacter(encoding: String, character: Character, offset: Int)
    /// The text has a length no valid encoding produces.
    case invalidLength(encoding: String, length: Int)
    /// The multibase prefix names a base this code does not read.
    case unsupportedMultibasePrefix(Character?)
    /// The bytes end inside a multicodec varint.
    case truncatedVarint
    /// The varint is longer than the nine bytes multiformats allows.
    case varintTooLong
    /// The varint has trailing zero groups (e.g. `0xed 0x81 0x00` for `0xed 0x01`): unsigned-varint
    /// allows only the shortest encoding.
    case nonMinimalVarint

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .invalidCharacter(let encoding, let character, let offset):
            "invalid \(encoding) character '\(character)' at offset \(offset)"
        case .invalidLength(let encoding, let length):
            "invalid \(encoding) length \(length)"
        case .unsupportedMultibasePrefix(let prefix?):
            "unsupported multibase prefix '\(prefix)' (expected 'z' for base58btc or 'u' for base64url)"
        case .unsupportedMultibasePrefix(nil):
            "empty multibase value (expected a 'z' base58btc string)"
        case .truncatedVarint:
            "the multicodec prefix ends before its varint is complete"
        case .varintTooLong:
            "the multicodec varint is longer than 9 bytes"
        case .nonMinimalVarint:
            "the multicodec varint is not minimally encoded (it ends in a zero byte)"
        }
    }
}
