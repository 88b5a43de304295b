/// The signature key types certbridge signs and verifies with.
///
/// Three are elliptic-curve types with fixed sizes (Ed25519, P-256, P-384); RSA is the odd one
/// out: its sizes come from the key (2048–4096-bit moduli), it has no curve, and certbridge
/// publishes it only as a JWK in a did:web document (it reads no RSA did:key). The members that
/// only make sense for a curve are optional rather than made up for RSA.
public enum KeyType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (EdDSA), the default: deterministic signatures, small keys.
    case ed25519
    /// NIST P-256 with ECDSA over SHA-256.
    case p256
    /// NIST P-384 with ECDSA over SHA-384 (what the TSG wallet expects for ECDSA).
    case p384
    /// RSA, 2048 to 4096 bits: signs RSASSA-PSS (PS256), verifies PS256 and RS256.
    case rsa

    /// The elliptic-curve key types, each with a fixed size and a Multikey/did:key form.
    public static let curveTypes: [KeyType] = [.ed25519, .p256, .p384]

    /// The name for messages and `keys show`: the curve, or `RSA`.
    public var name: String {
        curve ?? "RSA"
    }

    /// The curve name as JWK `crv` spells it; `nil` for RSA, which has none.
    public var curve: String? {
        switch self {
        case .ed25519: "Ed25519"
        case .p256: "P-256"
        case .p384: "P-384"
        case .rsa: nil
        }
    }

    /// The JWK `kty`: `OKP` for Edwards curves (RFC 8037), `EC` for NIST curves, `RSA`.
    public var jwkKeyType: String {
        switch self {
        case .ed25519: "OKP"
        case .p256, .p384: "EC"
        case .rsa: "RSA"
        }
    }

    /// The JOSE `alg` certbridge signs with for this key type (and writes into public JWKs).
    public var algorithm: String { signingAlgorithm.rawValue }

    /// The JOSE algorithm certbridge signs with: EdDSA, ES256, ES384, or PS256 for RSA.
    public var signingAlgorithm: JOSEAlgorithm {
        switch self {
        case .ed25519: .edDSA
        case .p256: .es256
        case .p384: .es384
        case .rsa: .ps256
        }
    }

    /// The JOSE algorithms accepted when verifying: the signing one, and for RSA also RS256
    /// (PKCS#1 v1.5), which other issuers still use.
    public var verificationAlgorithms: [JOSEAlgorithm] {
        self == .rsa ? [.ps256, .rs256] : [signingAlgorithm]
    }

    /// The length of one coordinate or of the private scalar, in bytes; `nil` for RSA, whose
    /// sizes depend on the modulus.
    public var scalarLength: Int? {
        switch self {
        case .ed25519, .p256: 32
        case .p384: 48
        case .rsa: nil
        }
    }

    /// The length of a signature: Ed25519's 64 bytes, or ECDSA r||s (IEEE P1363); `nil` for
    /// RSA, where it is the modulus length of the key (``PublicKey/signatureLength``).
    public var signatureLength: Int? { scalarLength.map { 2 * $0 } }

    /// The multicodec of the public key (RSA: `rsa-pub`, PKCS#1 DER, the did:key spec's form,
    /// which certbridge writes for completeness but does not resolve: see ``hasDIDKey``).
    public var publicCodec: Multicodec {
        switch self {
        case .ed25519: .ed25519Public
        case .p256: .p256Public
        case .p384: .p384Public
        case .rsa: .rsaPublic
        }
    }

    /// The multicodec of the private key; `nil` for RSA, which is kept only as a JWK.
    public var privateCodec: Multicodec? {
        switch self {
        case .ed25519: .ed25519Private
        case .p256: .p256Private
        case .p384: .p384Private
        case .rsa: nil
        }
    }

    /// Whether certbridge uses and resolves did:key (and Multikey) for this key type: not for
    /// RSA, whose did:key is a kilobyte-long DID few verifiers (the TSG wallet among them) read;
    /// RSA keys are published as `publicKeyJwk` in a did:web document instead.
    public var hasDIDKey: Bool { self != .rsa }

    /// The curve name or `RSA`, for messages.
    public var description: String { name }

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
