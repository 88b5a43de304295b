import Credentials

/// Why a DID could not be resolved, a method not found, or a service not found; each names the DID.
public enum DIDResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The DID or method is malformed, of an unsupported method, or not in its document.
    case did(DIDError)
    /// The guarded client refused the fetch (with its rule) or the fetch failed.
    case http(GuardedHTTPError)
    /// The server answered, but not with this DID's document (status, not JSON, another `id`).
    case invalidDocument(did: String, url: String, reason: String)
    /// The DID document has no `service` entry of this type.
    case serviceNotFound(did: String, type: String)
    /// The service entry exists but its endpoint is unusable.
    case invalidService(did: String, type: String, reason: String)

    /// A sentence naming the DID, and for refusals the rule.
    public var description: String {
        switch self {
        case .did(let error): error.description
        case .http(let error): error.description
        case .invalidDocument(let did, let url, let reason): "refused \(did): the document at \(url) \(reason)"
        case .serviceNotFound(let did, let type): "the DID document of \(did) has no service of type \(type)"
        case .invalidService(let did, let type, let reason): "the \(type) service of \(did) is unusable: \(reason)"
        }
    }

    /// The error as the synchronous resolver's `DIDError`, for verifiers fed by a prefetch.
    public var didError: DIDError {
        switch self {
        case .did(let error): error
        case .http(let error): .unresolvable(error.subject, reason: error.description)
        case .invalidDocument(let did, _, _), .serviceNotFound(let did, _), .invalidService(let did, _, _):
            .unresolvable(did, reason: description)
        }
    }
}
