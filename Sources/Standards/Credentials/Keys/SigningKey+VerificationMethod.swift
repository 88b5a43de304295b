extension SigningKey {
    /// The fragment naming this key in the issuer's DID document: its JWK `kid`, else `key-1`.
    public var verificationMethodFragment: String { DIDWeb.fragment(forKeyID: keyID) }

    /// The verification method that names this key for `issuer`: the did:key method when the
    /// issuer is this key's did:key, else `<issuer>#<fragment>`, the id `keys show --did-web`
    /// and the gateway's did.json publish. Every door derives it here so that they agree.
    public func verificationMethod(forIssuer issuer: String) -> String {
        issuer == didKey ? didKeyVerificationMethod : "\(issuer)#\(verificationMethodFragment)"
    }
}
