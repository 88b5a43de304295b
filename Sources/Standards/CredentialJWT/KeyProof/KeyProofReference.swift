/// How a key proof's header names its key: exactly one of `kid`, `jwk`, `x5c` (OID4VCI 1.0 §F.1).
public enum KeyProofReference: Sendable, Equatable {
    /// A DID URL of a verification method in the holder's DID document.
    case kid(String)
    /// The public key itself, as a JWK.
    case jwk
    /// An X.509 certificate chain whose first certificate holds the key.
    case x5c

    /// The DID whose document must be at hand before verifying (did:web is fetched ahead, the
    /// resolution during verification is synchronous); `nil` for `jwk` and `x5c`.
    public var did: String? {
        guard case .kid(let kid) = self, kid.hasPrefix("did:") else { return nil }
        return DIDText.did(of: kid)
    }

    /// The header members that name a key.
    static let members = ["kid", "jwk", "x5c"]
}
