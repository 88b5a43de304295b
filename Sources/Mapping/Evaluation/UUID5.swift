import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name in the same namespace always gives the same id.
public enum UUID5 {
    /// The UUID for `name` in `namespace`, lowercase; `nil` when the namespace is not a UUID.
    public static func make(namespace: String, name: String) -> String? {
        guard let namespaceID = UUID(uuidString: namespace) else { return nil }
        var bytes = withUnsafeBytes(of: namespaceID.uuid) { Array($0) }
        bytes.append(contentsOf: Array(name.utf8))
        var digest = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return lowercaseHex(digest, dashesBefore: [4, 6, 8, 10])
    }
}

/// Lowercase hex of a SHA-256 digest.
func sha256Hex(_ text: String) -> String {
    lowercaseHex(Array(SHA256.hash(data: Array(text.utf8))))
}

/// Lowercase hex of `bytes`, with a `-` before each byte index in `dashesBefore` (UUID layout).
///
/// Built from a digit table: `String(radix:)` per byte and joined groups made `uuid5` the
/// costliest call of a mapping (docs/PERFORMANCE.md).
private func lowercaseHex(_ bytes: [UInt8], dashesBefore: Set<Int> = []) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2 + dashesBefore.count)
    for (index, byte) in bytes.enumerated() {
        if dashesBefore.contains(index) { text.append(UInt8(ascii: "-")) }
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
