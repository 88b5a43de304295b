/// The rule that refused a request of the guarded client, named in every refusal and log line.
public enum GuardRule: String, Sendable, CaseIterable {
    /// Only `https://` URLs are fetched.
    case httpsOnly = "https-only"
    /// The URL cannot be parsed or has no host.
    case invalidURL = "invalid-url"
    /// The host name did not resolve to any address.
    case hostLookup = "host-lookup"
    /// 127.0.0.0/8, ::1.
    case loopbackAddress = "loopback-address"
    /// 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10.
    case privateAddress = "private-address"
    /// 169.254/16, fe80::/10.
    case linkLocalAddress = "link-local-address"
    /// 169.254.169.254, fd00:ec2::254, 100.100.100.200: cloud instance metadata.
    case metadataAddress = "metadata-address"
    /// 100.64/10, carrier-grade NAT.
    case sharedAddress = "shared-address"
    /// 0/8, ::.
    case unspecifiedAddress = "unspecified-address"
    /// 224/4, ff00::/8.
    case multicastAddress = "multicast-address"
    /// 255.255.255.255.
    case broadcastAddress = "broadcast-address"
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32.
    case documentationAddress = "documentation-address"
    /// Other special-purpose ranges (240/4, benchmarking, IETF assignments, non-global IPv6).
    case reservedAddress = "reserved-address"
    /// A redirect chain longer than `max_redirects`.
    case maxRedirects = "max-redirects"
    /// A redirect answered to a request that is not GET or HEAD (never followed).
    case redirectNotFollowed = "redirect-not-followed"
    /// The response body passed `max_bytes`.
    case maxBytes = "max-bytes"
    /// The overall deadline (`timeout`) passed.
    case timeout = "timeout"
    /// The server's certificate did not verify against the system roots and `trust_roots`.
    case untrustedCertificate = "tls-trust"

    /// Whether the rule is about where an address points.
    public var isAddressRule: Bool {
        switch self {
        case .loopbackAddress, .privateAddress, .linkLocalAddress, .metadataAddress, .sharedAddress, .unspecifiedAddress,
            .multicastAddress, .broadcastAddress, .documentationAddress, .reservedAddress:
            true
        default: false
        }
    }

    /// What the address is, for messages: "a private address".
    public var addressPhrase: String {
        switch self {
        case .loopbackAddress: "a loopback address"
        case .privateAddress: "a private address"
        case .linkLocalAddress: "a link-local address"
        case .metadataAddress: "a cloud metadata address"
        case .sharedAddress: "a shared (carrier-grade NAT) address"
        case .unspecifiedAddress: "an unspecified (this-network) address"
        case .multicastAddress: "a multicast address"
        case .broadcastAddress: "the broadcast address"
        case .documentationAddress: "a documentation address"
        case .reservedAddress: "a reserved address"
        default: "an address"
        }
    }

    /// How to act on the refusal: the setting (and `verify` option) that changes it.
    public var remedy: String {
        switch self {
        case .httpsOnly: "only https is fetched"
        case .invalidURL, .hostLookup: "check the DID or URL"
        case .metadataAddress: "allow it with did_resolution.allow_networks naming this single address (/32 or /128)"
        case .maxRedirects: "raise did_resolution.max_redirects"
        case .redirectNotFollowed: "point the DID document at the final URL"
        case .maxBytes: "raise did_resolution.max_bytes"
        case .timeout: "raise did_resolution.timeout"
        case .untrustedCertificate: "add its CA with did_resolution.trust_roots or verify --trust-root"
        default: "allow it with did_resolution.allow_networks or verify --allow-network"
        }
    }
}
