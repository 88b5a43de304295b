import Crypto
import Foundation

/// A private signature key: Ed25519, P-256 or P-384.
///
/// Its description names only the curve and the public did:key; the private material leaves
/// the value only through ``exportPrivateJWK()`` (for writing a key file).
public struct SigningKey: Sendable {
    enum Storage: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
    }

    let storage: Storage

    /// The matching public key.
    public let publicKey: PublicKey

    /// The `kid` the key was loaded with, if any.
    public var keyID: String?

    init(storage: Storage, keyID: String? = nil) {
        self.storage = storage
        self.keyID = keyID
        switch storage {
        case .ed25519(let key): publicKey = PublicKey(storage: .ed25519(key.publicKey))
        case .p256(let key): publicKey = PublicKey(storage: .p256(key.publicKey))
        case .p384(let key): publicKey = PublicKey(storage: .p384(key.publicKey))
        }
    }

    /// The key type.
    public var type: KeyType { publicKey.type }

    /// A new random key from the system's secure random source.
    public static func generate(_ type: KeyType) -> SigningKey {
        switch type {
        case .ed25519: SigningKey(storage: .ed25519(Curve25519.Signing.PrivateKey()))
        case .p256: SigningKey(storage: .p256(P256.Signing.PrivateKey()))
        case .p384: SigningKey(storage: .p384(P384.Signing.PrivateKey()))
        }
    }

    /// A key from its private bytes: the 32-byte Ed25519 seed or the EC private scalar.
    public init(type: KeyType, privateBytes: [UInt8]) throws(KeyError) {
        guard privateBytes.count == type.scalarLength else {
            throw .wrongLength(what: "\(type.curve) private key", expected: type.scalarLength, found: privateBytes.count)
        }
        do {
            switch type {
            case .ed25519: self.init(storage: .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: privateBytes)))
            case .p256: self.init(storage: .p256(try P256.Signing.PrivateKey(rawRepresentation: privateBytes)))
            case .p384: self.init(storage: .p384(try P384.Signing.PrivateKey(rawRepresentation: privateBytes)))
            }
        } catch {
            throw .invalidKeyMaterial(what: "private key", curve: type.curve)
        }
    }

    /// Signs `message`: Ed25519 over the bytes; ECDSA over SHA-256 (P-256) or SHA-384 (P-384) of
    /// the bytes, returned as r||s (IEEE P1363), the form the ECDSA cryptosuites publish.
    public func sign(_ message: [UInt8]) throws(KeyError) -> [UInt8] {
        do {
            switch storage {
            case .ed25519(let key): return Array(try key.signature(for: message))
            case .p256(let key): return Array(try key.signature(for: message).rawRepresentation)
            case .p384(let key): return Array(try key.signature(for: message).rawRepresentation)
            }
        } catch {
            throw .signingFailed(reason: String(describing: Swift.type(of: error)))
        }
    }

    /// The private bytes; internal so that only the JWK export and tests reach them.
    var privateBytes: [UInt8] {
        switch storage {
        case .ed25519(let key): Array(key.rawRepresentation)
        case .p256(let key): Array(key.rawRepresentation)
        case .p384(let key): Array(key.rawRepresentation)
        }
    }
}

extension SigningKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Curve and did:key only; the private key is never part of a description.
    public var description: String { "SigningKey(\(type.curve), \(publicKey.didKey), private key redacted)" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// Reflection that shows no private material to `dump` or debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "publicKey": publicKey, "keyID": keyID as Any])
    }
}
