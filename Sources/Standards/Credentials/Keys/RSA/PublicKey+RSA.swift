import Crypto
import Foundation
import _CryptoExtras

extension PublicKey {
    /// An RSA public key from its DER (PKCS#1 `RSAPublicKey` or SPKI), 2048 to 4096 bits.
    static func rsa(der bytes: [UInt8]) throws(KeyError) -> PublicKey {
        let key: _RSA.Signing.PublicKey
        do {
            // The unsafe initialiser only lowers swift-crypto's own floor to 1024 bits, so that a
            // smaller key gets certbridge's clear size error below rather than a generic one.
            key = try _RSA.Signing.PublicKey(unsafeDERRepresentation: bytes)
        } catch {
            throw .invalidKeyMaterial(what: "public key", curve: "RSA")
        }
        return try rsa(key)
    }

    /// An RSA public key from a JWK's `n` and `e`.
    static func rsa(n: [UInt8], e: [UInt8]) throws(KeyError) -> PublicKey {
        let key: _RSA.Signing.PublicKey
        do {
            key = try _RSA.Signing.PublicKey(n: n, e: e)
        } catch {
            throw .invalidKeyMaterial(what: "public key ('n', 'e')", curve: "RSA")
        }
        return try rsa(key)
    }

    static func rsa(_ key: _RSA.Signing.PublicKey) throws(KeyError) -> PublicKey {
        try RSAKeySize.check(key.keySizeInBits)
        return PublicKey(storage: .rsa(key))
    }

    /// The modulus size in bits for RSA keys, `nil` for the curve types.
    public var rsaBits: Int? {
        guard case .rsa(let key) = storage else { return nil }
        return key.keySizeInBits
    }

    /// The public RSA JWK members `n` and `e`, unsigned big-endian.
    func rsaPrimitives(_ key: _RSA.Signing.PublicKey) -> (n: [UInt8], e: [UInt8]) {
        // swift-crypto reads them from the key it holds; failing would mean a broken key object.
        guard let primitives = try? key.getKeyPrimitives() else { return ([], []) }
        return (Array(primitives.modulus.drop { $0 == 0 }), Array(primitives.publicExponent.drop { $0 == 0 }))
    }

    /// Checks an RSA signature with PS256 (PSS, SHA-256, MGF1-SHA-256, salt = digest length 32)
    /// or RS256 (PKCS#1 v1.5, SHA-256).
    static func isValidRSASignature(
        _ signature: [UInt8], for message: [UInt8], key: _RSA.Signing.PublicKey, algorithm: JOSEAlgorithm
    ) -> Bool {
        guard signature.count == (key.keySizeInBits + 7) / 8 else { return false }
        let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let digest = SHA256.hash(data: message)
        switch algorithm {
        case .ps256: return key.isValidSignature(parsed, for: digest, padding: .PSS)
        case .rs256: return key.isValidSignature(parsed, for: digest, padding: .insecurePKCS1v1_5)
        case .edDSA, .es256, .es384: return false
        }
    }
}
