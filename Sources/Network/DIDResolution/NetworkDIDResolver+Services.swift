import JSONCanonical

extension NetworkDIDResolver {
    /// The endpoint of the first `service` entry of `type` (`CredentialService`, `IssuerService`)
    /// in the DID document of `did`: a string endpoint, or the first string of an array.
    ///
    /// - Throws: ``DIDResolutionError/serviceNotFound(did:type:)`` naming the DID and type when
    ///   there is none, ``DIDResolutionError/invalidService(did:type:reason:)`` when its endpoint is
    ///   not a string (a map endpoint is not read).
    public func serviceEndpoint(type: String, of did: String) async throws(DIDResolutionError) -> String {
        let document = try await document(for: Self.did(of: did))
        for entry in document["service"]?.arrayValue ?? [] {
            let types = entry["type"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
            guard types.contains(type) else { continue }
            switch entry["serviceEndpoint"] {
            case .string(let endpoint)?:
                return endpoint
            case .array(let endpoints)?:
                guard let first = endpoints.first?.stringValue else {
                    throw .invalidService(did: did, type: type, reason: "its serviceEndpoint array does not start with a URL string")
                }
                return first
            case let other?:
                throw .invalidService(did: did, type: type, reason: "its serviceEndpoint is a JSON \(other.kindName), not a URL string")
            case nil:
                throw .invalidService(did: did, type: type, reason: "it has no serviceEndpoint")
            }
        }
        throw .serviceNotFound(did: did, type: type)
    }
}
