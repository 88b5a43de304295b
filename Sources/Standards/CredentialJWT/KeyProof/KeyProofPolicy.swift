/// What a credential issuer accepts in an OpenID4VCI `jwt` key proof (`openid4vci-proof+jwt`).
public struct KeyProofPolicy: Sendable, Equatable {
    /// The `alg` values accepted when the issuer's metadata does not narrow them: every asymmetric
    /// algorithm certbridge verifies.
    public static let defaultAlgorithms: Set<String> = ["EdDSA", "ES256", "ES384", "PS256", "RS256"]

    /// The credential issuer identifier; the proof's `aud` must name it.
    public var audience: String
    /// The `alg` values accepted (the metadata's `proof_signing_alg_values_supported`); `none`
    /// and algorithms certbridge cannot verify are refused whatever this holds.
    public var allowedAlgorithms: Set<String>
    /// How old `iat` may be: a proof is made for one credential request, so an old one is a replay
    /// or a stale retry either way.
    public var maxAge: Duration
    /// How far in the future `iat` may be, and how long past `exp`, for the wallet's clock skew.
    public var leeway: Duration
    /// Whether `nonce` must be present: true when the issuer has a nonce endpoint (OID4VCI 1.0 §F.1).
    /// Whether the nonce is one the issuer handed out is the caller's check (`invalid_nonce`).
    public var requireNonce: Bool
    /// Whether a key in an `x5c` certificate is accepted. Off by default: certbridge binds
    /// credentials to DIDs, and accepting `x5c` checks no chain, only the leaf's key.
    public var allowX5C: Bool

    /// A policy for proofs addressed to `audience`.
    public init(
        audience: String, allowedAlgorithms: Set<String> = defaultAlgorithms, maxAge: Duration = .seconds(300),
        leeway: Duration = .seconds(60), requireNonce: Bool = true, allowX5C: Bool = false
    ) {
        self.audience = audience
        self.allowedAlgorithms = allowedAlgorithms
        self.maxAge = maxAge
        self.leeway = leeway
        self.requireNonce = requireNonce
        self.allowX5C = allowX5C
    }
}
