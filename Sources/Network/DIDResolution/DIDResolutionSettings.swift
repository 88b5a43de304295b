/// What configuration says about fetching DID documents and holder services (`did_resolution:` in
/// certbridge.yaml, `verify --allow-network/--trust-root`); the defaults are safe for production.
public struct DIDResolutionSettings: Sendable, Hashable {
    /// Networks re-allowed despite the address policy (a lab's 10.1.0.0/16, tests' 127.0.0.0/8).
    public var allowNetworks: [CIDR] = []
    /// PEM files with extra trust roots, added to the system's.
    public var trustRoots: [String] = []
    /// The overall deadline of one request, redirects and host lookups included.
    public var timeout: Duration = .seconds(10)
    /// The deadline of one TCP connect.
    public var connectTimeout: Duration = .seconds(5)
    /// The largest DID document read; the body is streamed and the read stops here.
    public var maxBytes = 256 * 1024
    /// Redirects followed (by hand, each hop checked) before giving up.
    public var maxRedirects = 3
    /// How long a document stays fresh when the server gives no caching headers.
    public var cacheDefaultSeconds = 300
    /// The longest a document stays fresh, whatever the server says.
    public var cacheCeilingSeconds = 3600
    /// How many documents the cache holds; the least recently used goes first.
    public var cacheMaxEntries = 1000
    /// How long a failed resolution is remembered, so a broken holder is not asked again on every
    /// delivery; short, so a fixed one is seen soon.
    public var failureCacheSeconds = 10

    /// The defaults.
    public init() {}
}
