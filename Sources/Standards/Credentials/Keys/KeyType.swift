/// The signature key types certbridge signs and verifies with.
public enum KeyType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (EdDSA), the default: deterministic signatures, small keys.
    case ed25519
    /// NIST P-256 with ECDSA over SHA-256.
    case p256
    /// NIST P-384 with ECDSA over SHA-384 (what the TSG wallet expects for ECDSA).
    case p384

    /// The curve name as JWK `crv` spells it.
    public var curve: String {
        switch self {
        case .ed25519: "Ed25519"
        case .p256: "P-256"
        case .p384: "P-384"
        }
    }

    /// The JWK `kty`: `OKP` for Edwards curves (RFC 8037), `EC` for NIST curves.
    public var jwkKeyType: String {
        switch self {
        case .ed25519: "OKP"
        case .p256, .p384: "EC"
        }
    }

    /// The JOSE `alg` for signatures with this key.
    public var algorithm: String {
        switch self {
        case .ed25519: "EdDSA"
        case .p256: "ES256"
        case .p384: "ES384"
        }
    }

    /// The length of one coordinate or of the private scalar, in bytes.
    public var scalarLength: Int {
        switch self {
        case .ed25519, .p256: 32
        case .p384: 48
        }
    }

    /// The length of a signature: Ed25519's 64 bytes, or ECDSA r||s (IEEE P1363).
    public var signatureLength: Int { 2 * scalarLength }

    /// The multicodec of the public key.
    public var publicCodec: Multicodec {
        switch self {
        case .ed25519: .ed25519Public
        case .p256: .p256Public
        case .p384: .p384Public
        }
    }

    /// The multicodec of the private key.
    public var privateCodec: Multicodec {
        switch self {
        case .ed25519: .ed25519Private
        case .p256: .p256Private
        case .p384: .p384Private
        }
    }

    /// The curve name, for messages.
    public var description: String { curve }

    /// The key type of a JWK `crv`, if supported.
    public init?(curve: String) {
        guard let type = Self.allCases.first(where: { $0.curve == curve }) else { return nil }
        self = type
    }

    /// The key type whose public or private multicodec this is.
    init?(codec: Multicodec) {
        guard let type = Self.allCases.first(where: { $0.publicCodec == codec || $0.privateCodec == codec }) else {
            return nil
        }
        self = type
    }
}
