/// The JOSE `alg` values (RFC 7518, RFC 8037) certbridge signs or verifies with.
///
/// A key type alone does not fix the algorithm for RSA (PS256 and RS256 share a key), so RSA
/// signatures name it; the curve types have exactly one each.
public enum JOSEAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Ed25519 signatures (RFC 8037).
    case edDSA = "EdDSA"
    /// ECDSA P-256 with SHA-256, r||s.
    case es256 = "ES256"
    /// ECDSA P-384 with SHA-384, r||s.
    case es384 = "ES384"
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    case ps256 = "PS256"
    /// RSASSA-PKCS1-v1_5 with SHA-256; verified, never produced by certbridge.
    case rs256 = "RS256"

    /// The `alg` text.
    public var description: String { rawValue }

    /// The key type that signs with this algorithm.
    public var keyType: KeyType {
        switch self {
        case .edDSA: .ed25519
        case .es256: .p256
        case .es384: .p384
        case .ps256, .rs256: .rsa
        }
    }
}
