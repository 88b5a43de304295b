import Credentials

/// A key proof that verified: the key the credential is to be bound to, and what the proof said.
public struct VerifiedKeyProof: Sendable, Equatable {
    /// The holder's DID: the DID of `kid`, or the did:jwk of a `jwk` header; `nil` only for an
    /// `x5c` proof, whose key has no DID.
    public var holderDID: String?
    /// The key's identifier: the verification method `kid` resolved to, `<did:jwk>#0` for a `jwk`
    /// header, or the key's RFC 9278 JWK thumbprint URI for `x5c`.
    public var keyID: String
    /// The public key that verified the proof's signature.
    public var publicKey: PublicKey
    /// The `nonce` claim, unchecked: the caller compares it with the `c_nonce` it handed out.
    public var nonce: String?
    /// The header `alg`.
    public var algorithm: String
    /// The `iss` claim (the wallet's client id), absent for anonymous pre-authorized access.
    public var issuer: String?

    /// A verified proof from its parts.
    public init(holderDID: String?, keyID: String, publicKey: PublicKey, nonce: String?, algorithm: String, issuer: String?) {
        self.holderDID = holderDID
        self.keyID = keyID
        self.publicKey = publicKey
        self.nonce = nonce
        self.algorithm = algorithm
        self.issuer = issuer
    }
}
