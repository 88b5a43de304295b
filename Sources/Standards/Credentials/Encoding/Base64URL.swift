import Foundation

/// Base64url without padding (RFC 4648 §5, RFC 7515 §2), as JWK members and JWS parts use it.
public enum Base64URL {
    /// Encodes bytes without `=` padding.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes unpadded base64url; padding and the `+` `/` alphabet are rejected, as JOSE requires.
    public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
        var standard = ""
        standard.reserveCapacity(text.utf8.count + 3)
        for (offset, character) in text.enumerated() {
            switch character {
            case "A"..."Z", "a"..."z", "0"..."9": standard.append(character)
            case "-": standard.append("+")
            case "_": standard.append("/")
            default: throw .invalidCharacter(encoding: "base64url", character: character, offset: offset)
            }
        }
        guard standard.count % 4 != 1 else { throw .invalidLength(encoding: "base64url", length: text.count) }
        while standard.count % 4 != 0 { standard.append("=") }
        guard let data = Data(base64Encoded: standard) else {
            throw .invalidLength(encoding: "base64url", length: text.count)
        }
        return Array(data)
    }
}
