import Crypto
import Foundation
import Secrets

/// Checks Certifier's `X-Webhook-Signature`: the lowercase hex HMAC-SHA256 of the raw body.
public struct WebhookSignatureVerifier: Sendable {
    /// The header that carries the signature.
    public static let headerName = "X-Webhook-Signature"

    private let key: SymmetricKey

    /// Creates a verifier for the webhook secret configured in Certifier's dashboard.
    public init(secret: Secret) {
        key = SymmetricKey(data: Data(secret.value.utf8))
    }

    /// Verifies `header` against `body`; the comparison is constant time.
    ///
    /// Upper-case hex is accepted too: the digest is compared as bytes, not as text.
    public func verify(body: some DataProtocol, header: String?) throws(WebhookError) {
        guard let header, !header.isEmpty else { throw .missingSignature }
        let trimmed = Self.hasNoOuterWhitespace(header) ? header : header.trimmingCharacters(in: .whitespaces)
        // Some senders prefix the algorithm; accept it so that only the digest decides.
        let hex = trimmed.hasPrefix("sha256=") ? String(trimmed.dropFirst(7)) : trimmed
        guard let digest = Self.bytes(fromHex: hex), digest.count == SHA256.byteCount else {
            throw .badSignature
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: body, using: key) else {
            throw .badSignature
        }
    }

    /// The lowercase hex signature of `body` (for senders and tests).
    public func signature(for body: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return mac.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// Whether trimming `.whitespaces` would leave `text` as it is, decided from its ends when they
    /// are ASCII: a space and a tab are the set's only ASCII members. Foundation's trim (39k
    /// instructions, more than the HMAC) then runs only for headers that need it.
    static func hasNoOuterWhitespace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return true }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        return plain(first) && plain(last)
    }

    static func bytes(fromHex hex: String) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
