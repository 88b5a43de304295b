import JSONCanonical

/// Resolves did:key and did:jwk methods from the DID itself and other DIDs (did:web …) from DID
/// documents given up front; more resolvers can be chained behind. The network resolver
/// (`DIDResolution.NetworkDIDResolver`) fetches did:web documents first and hands one of these over.
public struct DIDResolver: VerificationMethodResolver {
    /// Supplied DID documents by DID.
    public private(set) var documents: [String: JSONValue]
    /// Resolvers asked, in order, for DIDs that are neither did:key nor supplied.
    public var fallbacks: [any VerificationMethodResolver]

    /// A resolver over the given DID documents (each must have a string `id`).
    public init(documents: [JSONValue] = [], fallbacks: [any VerificationMethodResolver] = []) throws(DIDError) {
        self.documents = [:]
        self.fallbacks = fallbacks
        for document in documents { try add(document) }
    }

    /// Adds a DID document; a later one for the same DID replaces the earlier.
    public mutating func add(_ document: JSONValue) throws(DIDError) {
        guard let did = document["id"]?.stringValue else {
            throw .invalidDocument("(supplied document)", reason: "it has no string 'id'")
        }
        documents[did] = document
    }

    /// Resolves a did:key or did:jwk method directly, others from the supplied documents, then fallbacks.
    public func resolve(_ verificationMethod: String) throws(DIDError) -> ResolvedVerificationMethod {
        let did = DIDURL.did(of: verificationMethod)
        guard did.hasPrefix("did:") else {
            throw .invalidDID(verificationMethod, reason: "a verificationMethod must be a DID URL")
        }
        if did.hasPrefix("did:key:") {
            let key = try DIDKey.publicKey(from: did)
            // The Multikey text once, rather than once for each id and the document.
            let multikey = key.multikey
            let resolved = DIDKey.resolvedMethod(for: key, multikey: multikey)
            guard verificationMethod == did || verificationMethod == resolved.id else {
                throw .verificationMethodNotFound(verificationMethod, document: did)
            }
            return resolved
        }
        if did.hasPrefix(DIDJWK.prefix) {
            // As with did:key, the bare DID names its one method.
            let method = verificationMethod == did ? did + "#" + DIDJWK.fragment : verificationMethod
            return try DIDDocument.resolve(method, in: try DIDJWK.document(for: did))
        }
        if let document = documents[did] {
            return try DIDDocument.resolve(verificationMethod, in: document)
        }
        var lastError: DIDError?
        for fallback in fallbacks {
            do {
                return try fallback.resolve(verificationMethod)
            } catch {
                lastError = error
            }
        }
        if let lastError { throw lastError }
        if did.hasPrefix("did:web:") { throw .documentNotSupplied(did) }
        throw .unsupportedMethod(did)
    }
}
