import Credentials

/// A `kid` header: a DID URL of the holder's verification method.
extension KeyProof {
    /// Resolves `kid` through `resolver`; the holder is the DID the `kid` names.
    static func resolvedKey(kid: String, resolver: some VerificationMethodResolver) throws(KeyProofError) -> BoundKey {
        let did = DIDText.did(of: kid)
        // did:<method>:<method-specific id>: a bare key id ("0", "#key-1") names nothing the
        // credential could be bound to.
        let parts = did.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "did", !parts[1].isEmpty, !parts[2].isEmpty else {
            throw .invalid(
                "kid", reason: "'\(kid)' is not a DID URL; name the key by a DID URL (did:key, did:jwk, did:web...) or send it as 'jwk'")
        }
        let method: ResolvedVerificationMethod
        do {
            method = try resolver.resolve(kid)
        } catch {
            throw .unresolvableKey(kid: kid, error)
        }
        // The credential is bound to the DID in kid; a key some other DID controls would bind it
        // to a holder who never signed.
        guard method.controller == did else {
            throw .invalid("kid", reason: "'\(kid)' resolved to a key controlled by '\(method.controller)', not by '\(did)'")
        }
        return BoundKey(holderDID: did, keyID: method.id, publicKey: method.publicKey)
    }
}
