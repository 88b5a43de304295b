/// A verification method found in its controller's DID document, with the key it publishes.
public struct ResolvedVerificationMethod: Sendable, Hashable {
    /// The absolute verification method id (`did:…#…`).
    public var id: String
    /// The method type (`Multikey`, `JsonWebKey`, `JsonWebKey2020`, …).
    public var type: String
    /// The controller named by the method.
    public var controller: String
    /// The public key.
    public var publicKey: PublicKey
    /// The verification relationships of the controller document that list this method
    /// (`assertionMethod`, `authentication`, …); a proof's purpose must be one of them.
    public var relationships: Set<String>

    /// A resolved method from its parts.
    public init(id: String, type: String, controller: String, publicKey: PublicKey, relationships: Set<String>) {
        self.id = id
        self.type = type
        self.controller = controller
        self.publicKey = publicKey
        self.relationships = relationships
    }
}

/// Finds the public key behind a proof's `verificationMethod`.
///
/// Resolution is synchronous so that verification stays a pure function of its inputs; a
/// resolver that needs the network (did:web over HTTPS) fetches and caches documents ahead
/// of verification and answers from them (see ``DIDResolver``).
public protocol VerificationMethodResolver: Sendable {
    /// Resolves a verification method id (a DID URL with a fragment, usually).
    func resolve(_ verificationMethod: String) throws(DIDError) -> ResolvedVerificationMethod
}
