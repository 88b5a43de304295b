import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name in the same namespace always gives the same id.
public enum UUID5 {
    /// The UUID for `name` in `namespace`, lowercase; `nil` when the namespace is not a UUID.
    public static func make(namespace: String, name: String) -> String? {
        guard let namespaceID = Namespace(namespace) else { return nil }
        return namespaceID.uuid(for: name)
    }

    /// A namespace read once, when the profile is compiled: `UUID(uuidString:)` goes through
    /// `sscanf` and cost as much as the SHA-1 itself when it ran for every credential.
    public struct Namespace: Sendable {
        /// The namespace's 16 bytes.
        let bytes: [UInt8]

        /// The namespace written as a UUID, or `nil` when it is not one (Foundation's reading).
        init?(_ text: String) {
            guard let uuid = UUID(uuidString: text) else { return nil }
            bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        }

        /// The lowercase UUID for `name`.
        func uuid(for name: String) -> String {
            var hasher = Insecure.SHA1()
            hasher.update(data: bytes)
            name.withUTF8Bytes { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            return hasher.finalize().withUnsafeBytes { digest in
                String(unsafeUninitializedCapacity: 36) { text in
                    var position = 0
                    for index in 0..<16 {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            text[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        var byte = digest[index]
                        if index == 6 { byte = (byte & 0x0F) | 0x50 }
                        if index == 8 { byte = (byte & 0x3F) | 0x80 }
                        text[position] = hexDigit(byte >> 4)
                        text[position + 1] = hexDigit(byte & 0x0F)
                        position += 2
                    }
                    return position
                }
            }
        }
    }
}

/// Lowercase hex of a SHA-256 digest.
func sha256Hex(_ text: String) -> String {
    text.withUTF8Bytes { bytes in
        SHA256.hash(data: UnsafeRawBufferPointer(bytes)).withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: digest.count * 2) { hex in
                for (index, byte) in digest.enumerated() {
                    hex[2 * index] = hexDigit(byte >> 4)
                    hex[2 * index + 1] = hexDigit(byte & 0x0F)
                }
                return digest.count * 2
            }
        }
    }
}

/// The lowercase hex digit of a nibble, by arithmetic: `String(radix:)` per byte and joined
/// groups made `uuid5` the costliest call of a mapping, and a digit table cost a lazy-global
/// check per digit (docs/PERFORMANCE.md).
@inline(__always)
private func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ (nibble &- 10)
}
