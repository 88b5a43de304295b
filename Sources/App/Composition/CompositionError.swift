/// Why the gateway's parts cannot be built from the configuration.
public enum CompositionError: Error, Sendable, CustomStringConvertible {
    /// The profiles directory does not load (each problem with file:line:column).
    case profiles(String)
    /// The key file does not load.
    case key(path: String, reason: String)
    /// The key does not fit a cryptosuite that a profile or `signing.cryptosuite` chooses.
    case signer(String)
    /// The issuer DID is not a valid did:web.
    case issuer(String, String)
    /// The outbox cannot be opened.
    case store(String)
    /// Profiles have `status:` but the configuration cannot publish lists.
    case status(String)
    /// The DID resolver cannot be built (a trust root that is not PEM).
    case didResolution(String)
    /// A destination's needs are not met by the rest of the configuration (public_url, smtp:).
    case destination(String)

    /// Actionable text; never key material.
    public var description: String {
        switch self {
        case .profiles(let text): "profiles: \(text)"
        case .key(let path, let reason): "signing.key \(path): \(reason)"
        case .signer(let reason): "signing: \(reason)"
        case .issuer(let issuer, let reason): "signing.issuer \(issuer): \(reason)"
        case .store(let reason): "store: \(reason)"
        case .status(let reason): "status lists: \(reason)"
        case .didResolution(let reason): "did_resolution: \(reason)"
        case .destination(let reason): reason
        }
    }
}
