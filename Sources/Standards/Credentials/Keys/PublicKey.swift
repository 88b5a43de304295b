import Crypto
import Foundation
import _CryptoExtras

/// A public signature key: Ed25519, P-256, P-384 or RSA (2048–4096 bits).
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The swift-crypto key; `package` so that the JOSE module (CredentialJWT) hands it to
    /// jwt-kit without a public accessor for outside users.
    package enum Storage: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)
    }

    package let storage: Storage

    /// The key type.
    public var type: KeyType {
        switch storage {
        case .ed25519: .ed25519
        case .p256: .p256
        case .p384: .p384
        case .rsa: .rsa
        }
    }

    /// The length of this key's signatures in bytes: fixed for the curve types, the modulus
    /// length for RSA.
    public var signatureLength: Int {
        if case .rsa(let key) = storage { return (key.keySizeInBits + 7) / 8 }
        return type.signatureLength ?? 0
    }

    /// The canonical key bytes: 32 raw bytes for Ed25519, the compressed SEC1 point for EC keys
    /// (what multikey and did:key encode), the PKCS#1 DER `RSAPublicKey` for RSA.
    public var keyBytes: [UInt8] {
        switch storage {
        case .ed25519(let key): Array(key.rawRepresentation)
        case .p256(let key): Array(key.compressedRepresentation)
        case .p384(let key): Array(key.compressedRepresentation)
        case .rsa(let key): Array(key.pkcs1DERRepresentation)
        }
    }

    init(storage: Storage) {
        self.storage = storage
    }

    /// A key from its canonical bytes (see ``keyBytes``); EC keys may also be given uncompressed,
    /// RSA keys also as SPKI DER.
    public init(type: KeyType, bytes: [UInt8]) throws(KeyError) {
        if type == .rsa {
            self = try Self.rsa(der: bytes)
            return
        }
        do {
            switch type {
            case .ed25519:
                guard bytes.count == 32 else {
                    throw KeyError.wrongLength(what: "Ed25519 public key", expected: 32, found: bytes.count)
                }
                storage = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: bytes))
            case .p256:
                storage = .p256(try Self.ecKey(bytes, length: 32, P256.Signing.PublicKey.init(compressedRepresentation:), P256.Signing.PublicKey.init(x963Representation:)))
            case .p384:
                storage = .p384(try Self.ecKey(bytes, length: 48, P384.Signing.PublicKey.init(compressedRepresentation:), P384.Signing.PublicKey.init(x963Representation:)))
            case .rsa:
                throw KeyError.invalidKeyMaterial(what: "public key", curve: type.name)
            }
        } catch let error as KeyError {
            throw error
        } catch {
            throw .invalidKeyMaterial(what: "public key", curve: type.name)
        }
    }

    private static func ecKey<Key>(
        _ bytes: [UInt8], length: Int, _ compressed: ([UInt8]) throws -> Key, _ uncompressed: ([UInt8]) throws -> Key
    ) throws -> Key {
        switch bytes.count {
        case length + 1: return try compressed(bytes)
        case 2 * length + 1: return try uncompressed(bytes)
        default: throw KeyError.wrongLength(what: "compressed EC public key", expected: length + 1, found: bytes.count)
        }
    }

    /// Whether `signature` is valid for `message` with the key type's signing algorithm
    /// (``KeyType/signingAlgorithm``: PS256 for RSA). ECDSA signatures are r||s (IEEE P1363) and
    /// are checked over SHA-256 (P-256) or SHA-384 (P-384) of the message, as the ECDSA suites require.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        isValidSignature(signature, for: message, algorithm: type.signingAlgorithm)
    }

    /// Whether `signature` is valid for `message` under the JOSE `algorithm`; `false` when the
    /// algorithm does not fit the key (RSA keys take PS256 and RS256, the others their one).
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8], algorithm: JOSEAlgorithm) -> Bool {
        guard type.verificationAlgorithms.contains(algorithm), signature.count == signatureLength else { return false }
        switch storage {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: message))
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA384.hash(data: message))
        case .rsa(let key):
            return Self.isValidRSASignature(signature, for: message, key: key, algorithm: algorithm)
        }
    }

    /// Keys are equal when type and bytes are.
    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
        lhs.type == rhs.type && lhs.keyBytes == rhs.keyBytes
    }

    /// Hashes type and bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(keyBytes)
    }

    /// The curve and the multikey, e.g. `Ed25519 z6Mk…`; for RSA the size (its multikey is
    /// hundreds of characters and not something certbridge uses).
    public var description: String {
        if let rsaBits { return "RSA \(rsaBits)-bit" }
        return "\(type.name) \(multikey)"
    }
}
