import Crypto
import Foundation
import _CryptoExtras

/// A private signature key: Ed25519, P-256, P-384 or RSA (2048–4096 bits).
///
/// Its description names only the curve and the public did:key; the private material leaves
/// the value only through ``exportPrivateJWK()`` (for writing a key file).
public struct SigningKey: Sendable {
    /// The swift-crypto key; `package` so that the JOSE module (CredentialJWT) hands it to
    /// jwt-kit, without a public way to the private key for outside users.
    package enum Storage: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case rsa(_RSA.Signing.PrivateKey)
    }

    package let storage: Storage

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
        case .rsa(let key): publicKey = PublicKey(storage: .rsa(key.publicKey))
        }
    }

    /// The key type.
    public var type: KeyType { publicKey.type }

    /// A new random key from the system's secure random source; RSA keys get 2048 bits
    /// (``generateRSA(bits:)`` chooses the size and reports a failure).
    public static func generate(_ type: KeyType) -> SigningKey {
        switch type {
        case .ed25519: return SigningKey(storage: .ed25519(Curve25519.Signing.PrivateKey()))
        case .p256: return SigningKey(storage: .p256(P256.Signing.PrivateKey()))
        case .p384: return SigningKey(storage: .p384(P384.Signing.PrivateKey()))
        case .rsa:
            // BoringSSL fails RSA generation only when its random source does, the same
            // condition under which the curve initialisers above stop the process.
            do {
                return try generateRSA(bits: 2048)
            } catch {
                fatalError("\(error)")
            }
        }
    }

    /// A key from its private bytes: the 32-byte Ed25519 seed or the EC private scalar. RSA keys
    /// have no such form and are read from a JWK (``init(jwk:)``).
    public init(type: KeyType, privateBytes: [UInt8]) throws(KeyError) {
        guard let scalarLength = type.scalarLength else {
            throw .invalidKeyMaterial(what: "raw private bytes (RSA keys are read from a JWK with n, e, d, p, q)", curve: type.name)
        }
        guard privateBytes.count == scalarLength else {
            throw .wrongLength(what: "\(type.name) private key", expected: scalarLength, found: privateBytes.count)
        }
        do {
            switch type {
            case .ed25519: self.init(storage: .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: privateBytes)))
            case .p256: self.init(storage: .p256(try P256.Signing.PrivateKey(rawRepresentation: privateBytes)))
            case .p384: self.init(storage: .p384(try P384.Signing.PrivateKey(rawRepresentation: privateBytes)))
            case .rsa: throw KeyError.invalidKeyMaterial(what: "private key", curve: type.name)
            }
        } catch {
            throw .invalidKeyMaterial(what: "private key", curve: type.name)
        }
    }

    /// Signs `message` with the key type's algorithm (``KeyType/signingAlgorithm``): Ed25519
    /// over the bytes; ECDSA over SHA-256 (P-256) or SHA-384 (P-384) of the bytes, returned as
    /// r||s (IEEE P1363), the form the ECDSA cryptosuites publish; RSA with PS256.
    public func sign(_ message: [UInt8]) throws(KeyError) -> [UInt8] {
        try sign(message, algorithm: type.signingAlgorithm)
    }

    /// Signs `message` with the JOSE `algorithm`, which must be the key type's signing
    /// algorithm: certbridge signs RSA only with PS256 (RSASSA-PSS, SHA-256, MGF1-SHA-256,
    /// 32-byte salt) and verifies RS256 without producing it.
    public func sign(_ message: [UInt8], algorithm: JOSEAlgorithm) throws(KeyError) -> [UInt8] {
        guard algorithm == type.signingAlgorithm else {
            throw .unsupportedAlgorithm(
                algorithm.rawValue, keyType: type, reason: "certbridge signs \(type.name) keys with \(type.signingAlgorithm) only")
        }
        do {
            switch storage {
            case .ed25519(let key): return Array(try key.signature(for: message))
            case .p256(let key): return Array(try key.signature(for: message).rawRepresentation)
            case .p384(let key): return Array(try key.signature(for: message).rawRepresentation)
            case .rsa(let key): return Array(try key.signature(for: SHA256.hash(data: message), padding: .PSS).rawRepresentation)
            }
        } catch {
            throw .signingFailed(reason: String(describing: Swift.type(of: error)))
        }
    }

    /// The private bytes of a curve key (RSA: its PKCS#1 DER); internal so that only the JWK
    /// export and tests reach them.
    var privateBytes: [UInt8] {
        switch storage {
        case .ed25519(let key): Array(key.rawRepresentation)
        case .p256(let key): Array(key.rawRepresentation)
        case .p384(let key): Array(key.rawRepresentation)
        case .rsa(let key): Array(key.derRepresentation)
        }
    }
}

extension SigningKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Curve and did:key (RSA: the size) only; the private key is never part of a description.
    public var description: String {
        "SigningKey(\(type.hasDIDKey ? "\(type.name), \(publicKey.didKey)" : publicKey.description), private key redacted)"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// Reflection that shows no private material to `dump` or debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "publicKey": publicKey, "keyID": keyID as Any])
    }
}
