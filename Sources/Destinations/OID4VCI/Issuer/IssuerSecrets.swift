import Credentials
import Crypto
import Foundation

/// The random values the issuer hands out and how it keeps them: offer ids, pre-authorized
/// codes, access tokens and nonces are 256 random bits in base64url; codes and tokens are stored
/// only as their SHA-256 (a copy of the store does not redeem anything). A transaction code a
/// person types is compared in constant time (`Secret.matches`).
enum IssuerSecrets {
    /// 32 random bytes, base64url without padding (43 characters).
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// An offer id: 43 base64url characters like ``token()``, whose first is a letter or digit.
    /// Offer ids are typed on command lines (`certbridge offers revoke ID`), where one starting
    /// with '-' would be read as an option; a random first character of 62 and 42 random
    /// base64url characters still hold about 256 random bits.
    static func offerID() -> String {
        let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        let first = alphanumerics[Int.random(in: 0..<alphanumerics.count, using: &generator)]
        return String(first) + token().dropFirst()
    }

    /// A numeric transaction code of `length` digits, uniformly drawn.
    static func numericCode(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }

    /// The record id of a code or token: its SHA-256 in hex.
    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
