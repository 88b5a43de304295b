/// Which addresses the guarded client may connect to: public unicast only, unless configuration
/// re-allows a network. Holder and issuer DIDs are untrusted input, so a name that resolves into
/// the gateway's own network (or the cloud metadata service) must not be fetched.
public struct AddressPolicy: Sendable, Hashable {
    /// Networks re-allowed by configuration (`did_resolution.allow_networks`), checked first.
    public var allowedNetworks: [CIDR]

    /// A policy refusing every special-purpose range except `allowedNetworks`.
    public init(allowedNetworks: [CIDR] = []) {
        self.allowedNetworks = allowedNetworks
    }

    /// The rule that refuses `address`, or nil when it may be connected to.
    ///
    /// An IPv6 form that carries an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
    /// NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::`) is judged by the IPv4 address inside, since
    /// that is where the packets end up. Metadata addresses are only re-allowed by an entry naming
    /// exactly that address: allowing 169.254.0.0/16 for a lab must not open the metadata service.
    public func refusal(for address: IPAddress) -> GuardRule? {
        let embedded = Self.embeddedV4(in: address)
        let rule = Self.classify(address, embedded: embedded)
        let candidates = [address] + (embedded.map { [$0] } ?? [])
        guard let rule else { return nil }
        let allowed = allowedNetworks.contains { network in
            candidates.contains { candidate in
                network.contains(candidate) && (rule != .metadataAddress || network.prefixLength == candidate.bytes.count * 8)
            }
        }
        return allowed ? nil : rule
    }

    /// The special-purpose rule an address falls under, or nil for public unicast.
    static func classify(_ address: IPAddress, embedded: IPAddress?) -> GuardRule? {
        switch address {
        case .v4: return classifyV4(address)
        case .v6:
            if address == unspecifiedV6 { return .unspecifiedAddress }
            if address == loopbackV6 { return .loopbackAddress }
            if let embedded {
                if let rule = classifyV4(embedded) { return rule }
                // IPv4-compatible addresses are deprecated and unroutable, even with a public address inside.
                return compatibleV6.contains(address) ? .reservedAddress : nil
            }
            for (network, rule) in v6Ranges where network.contains(address) { return rule }
            // Only 2000::/3 is global unicast; everything else is special or unassigned.
            return globalUnicastV6.contains(address) ? nil : .reservedAddress
        }
    }

    static func classifyV4(_ address: IPAddress) -> GuardRule? {
        for (network, rule) in v4Ranges where network.contains(address) { return rule }
        return nil
    }

    /// The IPv4 address an IPv6 transition form carries.
    static func embeddedV4(in address: IPAddress) -> IPAddress? {
        guard case .v6(let bytes) = address, address != unspecifiedV6, address != loopbackV6 else { return nil }
        if mappedV6.contains(address) || compatibleV6.contains(address) || nat64V6.contains(address) {
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if sixToFourV6.contains(address) { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }

    private static func v4(_ text: String, _ length: Int) -> CIDR {
        // The literals below are valid; a typo would show in AddressPolicyTests, never at run time.
        CIDR(IPAddress(text) ?? .v4(0), length)
    }

    private static func v6(_ text: String, _ length: Int) -> CIDR {
        CIDR(IPAddress(text) ?? .v6([UInt8](repeating: 0, count: 16)), length)
    }

    static let unspecifiedV6 = IPAddress("::")
    static let loopbackV6 = IPAddress("::1")
    static let mappedV6 = v6("::ffff:0:0", 96)
    static let compatibleV6 = v6("::", 96)
    static let nat64V6 = v6("64:ff9b::", 96)
    static let sixToFourV6 = v6("2002::", 16)
    static let globalUnicastV6 = v6("2000::", 3)

    /// Most specific first: the metadata addresses sit inside link-local and shared space.
    static let v4Ranges: [(CIDR, GuardRule)] = [
        (v4("169.254.169.254", 32), .metadataAddress),
        (v4("100.100.100.200", 32), .metadataAddress),
        (v4("255.255.255.255", 32), .broadcastAddress),
        (v4("0.0.0.0", 8), .unspecifiedAddress),
        (v4("10.0.0.0", 8), .privateAddress),
        (v4("100.64.0.0", 10), .sharedAddress),
        (v4("127.0.0.0", 8), .loopbackAddress),
        (v4("169.254.0.0", 16), .linkLocalAddress),
        (v4("172.16.0.0", 12), .privateAddress),
        (v4("192.0.0.0", 24), .reservedAddress),
        (v4("192.0.2.0", 24), .documentationAddress),
        (v4("192.88.99.0", 24), .reservedAddress),
        (v4("192.168.0.0", 16), .privateAddress),
        (v4("198.18.0.0", 15), .reservedAddress),
        (v4("198.51.100.0", 24), .documentationAddress),
        (v4("203.0.113.0", 24), .documentationAddress),
        (v4("224.0.0.0", 4), .multicastAddress),
        (v4("240.0.0.0", 4), .reservedAddress),
    ]

    static let v6Ranges: [(CIDR, GuardRule)] = [
        (v6("fd00:ec2::254", 128), .metadataAddress),
        (v6("64:ff9b:1::", 48), .reservedAddress),
        (v6("100::", 64), .reservedAddress),
        (v6("2001:db8::", 32), .documentationAddress),
        (v6("2001::", 23), .reservedAddress),
        (v6("fc00::", 7), .privateAddress),
        (v6("fe80::", 10), .linkLocalAddress),
        (v6("fec0::", 10), .privateAddress),
        (v6("ff00::", 8), .multicastAddress),
    ]
}
