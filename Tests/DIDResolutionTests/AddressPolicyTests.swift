@testable import DIDResolution
import Testing

/// The address policy over every refused range, the IPv6 forms that carry IPv4, and the allow-list.
@Suite struct AddressPolicyTests {
    static let refused: [(String, GuardRule)] = [
        ("127.0.0.1", .loopbackAddress), ("127.255.255.254", .loopbackAddress), ("::1", .loopbackAddress),
        ("10.0.0.5", .privateAddress), ("172.16.0.1", .privateAddress), ("172.31.255.255", .privateAddress),
        ("192.168.1.1", .privateAddress), ("fc00::1", .privateAddress), ("fd12:3456::1", .privateAddress),
        ("fec0::1", .privateAddress),
        ("169.254.1.1", .linkLocalAddress), ("fe80::1", .linkLocalAddress), ("febf::1", .linkLocalAddress),
        ("169.254.169.254", .metadataAddress), ("fd00:ec2::254", .metadataAddress), ("100.100.100.200", .metadataAddress),
        ("100.64.0.1", .sharedAddress), ("100.127.255.255", .sharedAddress),
        ("0.0.0.0", .unspecifiedAddress), ("0.1.2.3", .unspecifiedAddress), ("::", .unspecifiedAddress),
        ("224.0.0.1", .multicastAddress), ("239.255.255.250", .multicastAddress), ("ff02::1", .multicastAddress),
        ("255.255.255.255", .broadcastAddress),
        ("192.0.2.1", .documentationAddress), ("198.51.100.7", .documentationAddress), ("203.0.113.9", .documentationAddress),
        ("2001:db8::1", .documentationAddress),
        ("240.0.0.1", .reservedAddress), ("198.18.0.1", .reservedAddress), ("192.0.0.8", .reservedAddress),
        ("192.88.99.1", .reservedAddress), ("100::1", .reservedAddress), ("2001::1", .reservedAddress),
        ("64:ff9b:1::1", .reservedAddress), ("4000::1", .reservedAddress),
        // IPv6 forms carrying an IPv4 address are judged by it.
        ("::ffff:127.0.0.1", .loopbackAddress), ("::ffff:10.0.0.5", .privateAddress), ("::ffff:a9fe:a9fe", .metadataAddress),
        ("::ffff:192.168.0.1", .privateAddress), ("::ffff:100.64.1.1", .sharedAddress), ("::ffff:0.0.0.0", .unspecifiedAddress),
        ("::127.0.0.1", .loopbackAddress), ("::10.0.0.5", .privateAddress), ("::169.254.169.254", .metadataAddress),
        ("64:ff9b::10.0.0.5", .privateAddress), ("64:ff9b::7f00:1", .loopbackAddress),
        ("2002:0a00:0005::1", .privateAddress), ("2002:a9fe:a9fe::", .metadataAddress),
        ("::8.8.8.8", .reservedAddress),
    ]

    @Test(arguments: refused)
    func refusesSpecialRanges(_ text: String, _ rule: GuardRule) throws {
        let address = try #require(IPAddress(text), "\(text) parses")
        #expect(AddressPolicy().refusal(for: address) == rule, "\(text)")
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8",
        "64:ff9b::808:808", "2002:0808:0808::1"])
    func allowsPublicAddresses(_ text: String) throws {
        #expect(AddressPolicy().refusal(for: try #require(IPAddress(text))) == nil, "\(text)")
    }

    @Test func allowListReopensOnlyItsRange() throws {
        let policy = AddressPolicy(allowedNetworks: [try CIDR(parsing: "127.0.0.0/8"), try CIDR(parsing: "fd00::/8")])
        for text in ["127.0.0.1", "127.9.9.9", "::ffff:127.0.0.1", "fd12::1"] {
            #expect(policy.refusal(for: try #require(IPAddress(text))) == nil, "\(text)")
        }
        #expect(policy.refusal(for: try #require(IPAddress("::1"))) == .loopbackAddress)
        #expect(policy.refusal(for: try #require(IPAddress("10.0.0.1"))) == .privateAddress)
        // The metadata address inside an allowed range stays refused unless named exactly.
        #expect(policy.refusal(for: try #require(IPAddress("fd00:ec2::254"))) == .metadataAddress)
        let lab = AddressPolicy(allowedNetworks: [try CIDR(parsing: "169.254.0.0/16")])
        #expect(lab.refusal(for: try #require(IPAddress("169.254.1.1"))) == nil)
        #expect(lab.refusal(for: try #require(IPAddress("169.254.169.254"))) == .metadataAddress)
        let exact = AddressPolicy(allowedNetworks: [try CIDR(parsing: "169.254.169.254")])
        #expect(exact.refusal(for: try #require(IPAddress("169.254.169.254"))) == nil)
    }

    @Test func parsesAndPrintsAddresses() throws {
        #expect(IPAddress("::ffff:10.0.0.5")?.description == "::ffff:a00:5")
        #expect(IPAddress("[2001:db8:0:0:1:0:0:1]")?.description == "2001:db8::1:0:0:1")
        #expect(IPAddress("fe80::1")?.urlHost == "[fe80::1]")
        for bad in ["1.2.3", "1.2.3.4.5", "256.1.1.1", "010.0.0.1", "1.2.3.-1", "::1::2", "fe80::1%eth0", "12345::", "g::1", "", "1:2:3:4:5:6:7:8:9"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func parsesCIDRsWithClearErrors() throws {
        #expect(try CIDR(parsing: "10.1.0.0/16").contains(try #require(IPAddress("10.1.200.3"))))
        #expect(try CIDR(parsing: "::1").prefixLength == 128)
        let cases: [(String, String)] = [
            ("10.0.0.1/8", "did you mean 10.0.0.0/8"), ("10.0.0.0/33", "0...32"), ("fd00::/129", "0...128"),
            ("nonsense/8", "not an IPv4 or IPv6 address"), ("10.0.0.0/8/8", "more than one"), ("10.0.0.0/x", "prefix length"),
        ]
        for (text, expected) in cases {
            #expect {
                try CIDR(parsing: text)
            } throws: { error in
                "\(error)".contains(expected) && "\(error)".contains(text)
            }
        }
    }
}
