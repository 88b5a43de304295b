import Crypto
import Foundation

/// A public signature key: Ed25519, P-256 or P-384.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
    }

    let storage: Storage

    /// The key type.
    public var type: KeyType {
        switch storage {
        case .ed25519: .ed25519
        case .p256: .p256
        case .p384: .p384
        }
    }

    /// The canonical key bytes: 32 raw bytes for Ed25519, the compressed SEC1 point for EC keys
    /// (what multikey and did:key encode).
    public var keyBytes: [UInt8] {
        switch storage {
        case .ed25519(let key): Array(key.rawRepresentation)
        case .p256(let key): Array(key.compressedRepresentation)
        case .p384(let key): Array(key.compressedRepresentation)
        }
    }

    init(storage: Storage) {
        self.storage = storage
    }

    /// A key from its canonical bytes (see ``keyBytes``); EC keys may also be given uncompressed.
    public init(type: KeyType, bytes: [UInt8]) throws(KeyError) {
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
            }
        } catch let error as KeyError {
            throw error
        } catch {
            throw .invalidKeyMaterial(what: "public key", curve: type.curve)
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

    /// Whether `signature` is valid for `message`. ECDSA signatures are r||s (IEEE P1363) and are
    /// checked over SHA-256 (P-256) or SHA-384 (P-384) of the message, as the ECDSA suites require.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == type.signatureLength else { return false }
        switch storage {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: message))
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA384.hash(data: message))
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

    /// The curve and the multikey, e.g. `Ed25519 z6Mk…`.
    public var description: String { "\(type.curve) \(multikey)" }
}
