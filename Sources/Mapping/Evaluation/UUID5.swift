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
        let hex = digest.map { pad(String($0, radix: 16), 2) }.joined()
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }
}

/// Lowercase hex of a SHA-256 digest.
func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Array(text.utf8)).map { pad(String($0, radix: 16), 2) }.joined()
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
