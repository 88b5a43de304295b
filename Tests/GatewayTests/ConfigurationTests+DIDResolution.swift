import Composition
import DIDResolution
import Foundation
import TestSupport
import Testing

/// `did_resolution:`: defaults when absent, every value read, every mistake reported at its place.
@Suite("did_resolution configuration")
struct DIDResolutionConfigurationTests {
    func example() throws -> String {
        try String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)
    }

    @Test func absentMeansTheDefaults() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let config = try fixture.parse(try example(), environment: exampleEnvironment)
        #expect(config.didResolution == DIDResolutionSettings())
        #expect(config.didResolution.maxBytes == 262_144)
        #expect(config.didResolution.timeout == .seconds(10))
    }

    @Test func everyValueIsRead() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        try Data("pem".utf8).write(to: fixture.directory.appendingPathComponent("lab-ca.pem"))
        let text = try example() + """

            did_resolution:
              allow_networks: [127.0.0.0/8, "fd00::/8"]
              trust_roots: [lab-ca.pem]
              timeout: 3s
              connect_timeout: 500ms
              max_bytes: 65536
              max_redirects: 1
              cache_default: 1m
              cache_ceiling: 10m
              cache_entries: 50
            """
        let settings = try fixture.parse(text, environment: exampleEnvironment).didResolution
        #expect(settings.allowNetworks.map(\.description) == ["127.0.0.0/8", "fd00::/8"])
        #expect(settings.trustRoots == [fixture.directory.path + "/lab-ca.pem"])
        #expect(settings.timeout == .seconds(3))
        #expect(settings.connectTimeout == .milliseconds(500))
        #expect(settings.maxBytes == 65_536)
        #expect(settings.maxRedirects == 1)
        #expect(settings.cacheDefaultSeconds == 60)
        #expect(settings.cacheCeilingSeconds == 600)
        #expect(settings.cacheMaxEntries == 50)
    }

    @Test func mistakesAreReportedAtTheirPlace() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let text = try example() + """

            did_resolution:
              allow_networks: [10.0.0.1/8, nonsense]
              trust_roots: [missing.pem]
              max_redirects: 99
              cache_default: 2h
              cache_ceiling: 1h
              alow_networks: []
            """
        #expect {
            try fixture.parse(text, environment: exampleEnvironment)
        } throws: { error in
            let message = "\(error)"
            return message.contains("did_resolution.allow_networks: '10.0.0.1/8' is not a network in CIDR notation")
                && message.contains("did you mean 10.0.0.0/8")
                && message.contains("'nonsense' is not an IPv4 or IPv6 address")
                && message.contains("did_resolution.trust_roots: PEM file") && message.contains("missing.pem cannot be read")
                && message.contains("did_resolution.max_redirects: must be a whole number in 0...10")
                && message.contains("did_resolution.cache_default: must not be longer than did_resolution.cache_ceiling")
                && message.contains("did_resolution.alow_networks: unknown key")
        }
    }
}

/// The composition root builds the one resolver from `did_resolution:`.
@Suite("did_resolution in the composition root", .serialized)
struct DIDResolutionPartsTests {
    @Test func theResolverTakesTheSettingsAndABadTrustRootStopsTheStart() async throws {
        let harness = try await ServeHarness()
        defer { Task { await harness.stop() } }
        var configuration = try GatewayConfiguration.load(path: harness.configPath, environment: [:])
        configuration.didResolution.maxRedirects = 1
        let parts = try GatewayParts(configuration: configuration)
        #expect(parts.didResolver.client.settings.maxRedirects == 1)

        let notPEM = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-ca-\(UUID().uuidString).pem")
        try Data("not a certificate".utf8).write(to: notPEM)
        defer { try? FileManager.default.removeItem(at: notPEM) }
        configuration.didResolution.trustRoots = [notPEM.path]
        #expect {
            try GatewayParts(configuration: configuration)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("did_resolution: ") && text.contains(notPEM.path)
        }
    }
}
