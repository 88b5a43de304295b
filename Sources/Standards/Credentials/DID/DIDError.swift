/// Why a DID or a verification method could not be built or resolved.
public enum DIDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a DID (or DID URL) of a supported form.
    case invalidDID(String, reason: String)
    /// No resolver handles this DID method.
    case unsupportedMethod(String)
    /// The did:key value does not hold a usable key.
    case invalidDIDKey(String, KeyError)
    /// No DID document was supplied for this DID (offline resolution only knows given documents).
    case documentNotSupplied(String)
    /// The DID document does not list this verification method.
    case verificationMethodNotFound(String, document: String)
    /// The DID document itself is malformed.
    case invalidDocument(String, reason: String)
    /// The verification method is present but unusable (no key, bad key, wrong controller).
    case invalidVerificationMethod(String, reason: String)
    /// The DID document could not be obtained (a network resolver said why: refused, unreachable, invalid).
    case unresolvable(String, reason: String)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .invalidDID(let did, let reason): "'\(did)' is not a valid DID: \(reason)"
        case .unsupportedMethod(let did):
            "cannot resolve '\(did)': only did:key, did:jwk and did:web are supported"
        case .invalidDIDKey(let did, let error): "'\(did)' is not a usable did:key: \(error)"
        case .documentNotSupplied(let did):
            "no DID document for '\(did)' was supplied (pass its did.json, e.g. --did-doc did.json)"
        case .verificationMethodNotFound(let id, let document):
            "the DID document '\(document)' has no verification method '\(id)'"
        case .invalidDocument(let did, let reason): "DID document '\(did)' is invalid: \(reason)"
        case .invalidVerificationMethod(let id, let reason): "verification method '\(id)' is unusable: \(reason)"
        case .unresolvable(let did, let reason): "could not resolve '\(did)': \(reason)"
        }
    }
}
