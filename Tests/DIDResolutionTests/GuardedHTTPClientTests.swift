@testable import DIDResolution
import Foundation
import Logging
import NIOHTTP1
import Testing

/// The guarded client's refusals. Names are answered by a fake lookup; where a refusal comes after a
/// hop (redirects, size, deadline) a real HTTPS server on loopback, allowed by 127.0.0.0/8, answers.
@Suite("GuardedHTTPClient refusals", .serialized)
struct GuardedHTTPClientTests {
    static func client(
        _ lookup: FakeHostLookup, allow: [String] = [], trust: [String] = [], configure: (inout DIDResolutionSettings) -> Void = { _ in }
    ) throws -> GuardedHTTPClient {
        var settings = DIDResolutionSettings()
        settings.allowNetworks = try allow.map { try CIDR(parsing: $0) }
        settings.trustRoots = trust
        configure(&settings)
        return try GuardedHTTPClient(settings: settings, lookup: lookup, logger: Logger(label: "test"))
    }

    /// Runs `request` and returns the refusal's rule and message (failing when it succeeds).
    static func refusal(_ client: GuardedHTTPClient, _ url: String, method: HTTPMethod = .GET, subject: String? = nil) async -> GuardedHTTPError? {
        do {
            let response = try await client.execute(.init(method: method, url: url), subject: subject)
            Issue.record("expected a refusal, got HTTP \(response.status)")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("evil.example", ["10.0.0.5"], GuardRule.privateAddress, "resolves to 10.0.0.5, a private address"),
        ("metadata.example", ["169.254.169.254"], .metadataAddress, "a cloud metadata address"),
        ("v6.example", ["::1"], .loopbackAddress, "a loopback address"),
        ("mixed.example", ["93.184.216.34", "10.0.0.5"], .privateAddress, "10.0.0.5 (of 93.184.216.34, 10.0.0.5)"),
        ("mapped.example", ["::ffff:10.0.0.5"], .privateAddress, "a private address"),
    ])
    func refusesNamesResolvingToSpecialAddresses(_ host: String, _ addresses: [String], _ rule: GuardRule, _ text: String) async throws {
        let lookup = FakeHostLookup([host: addresses])
        let subject = "did:web:\(host)"
        let error = try #require(await Self.refusal(try Self.client(lookup), "https://\(host)/.well-known/did.json", subject: subject))
        #expect(error.rule == rule)
        #expect(error.description.hasPrefix("refused \(subject)"))
        #expect(error.description.contains(text), "\(error)")
        #expect(error.description.contains("(rule: \(rule.rawValue);"))
        // Refused on the lookup's answer, with an address rule: a connection attempt would have ended
        // in a connect, TLS or HTTP outcome instead.
        #expect(lookup.calls == [host])
    }

    @Test func theBriefsExampleMessage() async throws {
        let lookup = FakeHostLookup(["evil.example": ["10.0.0.5"]])
        let error = try #require(await Self.refusal(try Self.client(lookup), "https://evil.example/.well-known/did.json", subject: "did:web:evil.example"))
        #expect(
            error.description
                == "refused did:web:evil.example (https://evil.example/.well-known/did.json): its host evil.example resolves to 10.0.0.5, "
                + "a private address (rule: private-address; allow it with did_resolution.allow_networks or verify --allow-network)")
    }

    @Test(arguments: ["http://holder.example/did.json", "ftp://holder.example/x", "file:///etc/passwd", "gopher://x"])
    func refusesOtherSchemesBeforeAnyLookup(_ url: String) async throws {
        let lookup = FakeHostLookup(["holder.example": ["93.184.216.34"]])
        let error = try #require(await Self.refusal(try Self.client(lookup), url))
        #expect(error.rule == .httpsOnly || error.rule == .invalidURL)
        #expect(lookup.calls.isEmpty)
    }

    @Test func ipLiteralHostsAreCheckedAsThemselves() async throws {
        let lookup = FakeHostLookup([:])
        for (url, rule) in [("https://10.0.0.5/x", GuardRule.privateAddress), ("https://[::1]:8443/x", .loopbackAddress),
            ("https://169.254.169.254/latest/meta-data", .metadataAddress), ("https://[::ffff:127.0.0.1]/x", .loopbackAddress)]
        {
            let error = try #require(await Self.refusal(try Self.client(lookup), url))
            #expect(error.rule == rule, "\(url): \(error)")
        }
        #expect(lookup.calls.isEmpty)
    }

    @Test func redirectToAPrivateNameIsRefusedBeforeConnecting() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"], "internal.example": ["10.0.0.5"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let error = await Self.refusal(client, server.url("/redirect/did.json"))
        await server.stop()
        #expect(error?.rule == .privateAddress, "\(String(describing: error))")
        #expect(error?.url.hasPrefix("https://internal.example:") == true)
        #expect(lookup.calls == ["localhost", "internal.example"])
        #expect(server.requests("/redirect/did.json") == 1)
        #expect(server.requests("/holders/alice/did.json") == 0)
    }

    @Test func aRedirectToHTTPIsRefused() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let error = await Self.refusal(client, server.url("/to-http"))
        await server.stop()
        #expect(error?.rule == .httpsOnly, "\(String(describing: error))")
        #expect(error?.url.hasPrefix("http://localhost:") == true)
        #expect(lookup.calls == ["localhost"])
    }

    @Test func credentialsStayWithTheirOrigin() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let same = try await client.execute(.init(url: server.url("/whoami"), headers: ["authorization": "Bearer t"]))
        let elsewhere = try await client.execute(.init(url: server.url("/to-ip-literal"), headers: ["authorization": "Bearer t"]))
        await server.stop()
        #expect(String(decoding: same.body, as: UTF8.self) == "Bearer t")
        #expect(elsewhere.url.hasPrefix("https://127.0.0.1:"))
        #expect(String(decoding: elsewhere.body, as: UTF8.self) == "(none)")
    }

    @Test func tooManyRedirectsAreRefused() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let error = await Self.refusal(client, server.url("/loop/0"))
        await server.stop()
        #expect(error?.rule == .maxRedirects, "\(String(describing: error))")
        // The first request and three followed redirects; the fourth redirect is not followed.
        #expect((0...3).map { server.requests("/loop/\($0)") } == [1, 1, 1, 1])
        #expect(server.requests("/loop/4") == 0)
    }

    @Test func redirectsOfNonGETRequestsAreNotFollowed() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let error = await Self.refusal(client, server.url("/post-redirect"), method: .POST)
        await server.stop()
        #expect(error?.rule == .redirectNotFollowed, "\(String(describing: error))")
        #expect(server.requests("/holders/alice/did.json") == 0)
    }

    @Test(arguments: ["/large", "/large-chunked"])
    func oversizeBodiesAreRefused(_ path: String) async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let error = await Self.refusal(client, server.url(path))
        let small = try await client.execute(.init(url: server.url("/holders/alice/did.json")))
        await server.stop()
        #expect(error?.rule == .maxBytes, "\(String(describing: error))")
        #expect(error?.description.contains("262144") == true, "\(String(describing: error))")
        #expect(small.status == 200)
    }

    @Test func aSlowServerHitsTheDeadline() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath]) { $0.timeout = .seconds(1) }
        // Only the deadline answers with rule `timeout` (no elapsed-time bound: a loaded machine
        // could break one without a fault here).
        let error = await Self.refusal(client, server.url("/slow"))
        await server.stop()
        #expect(error?.rule == .timeout, "\(String(describing: error))")
    }

    @Test func aSlowLookupHitsTheDeadline() async throws {
        struct SlowLookup: HostLookup {
            func addresses(of host: String) async throws -> [IPAddress] {
                try? await Task.sleep(for: .seconds(30))
                return []
            }
        }
        var settings = DIDResolutionSettings()
        settings.timeout = .milliseconds(300)
        let client = try GuardedHTTPClient(settings: settings, lookup: SlowLookup())
        await #expect {
            try await client.execute(.init(url: "https://slow.example/"))
        } throws: { error in
            (error as? GuardedHTTPError)?.rule == .timeout
        }
    }

    @Test func anUntrustedCertificateIsRefusedClearly() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"])
        let error = await Self.refusal(client, server.url("/holders/alice/did.json"))
        await server.stop()
        #expect(error?.rule == .untrustedCertificate, "\(String(describing: error))")
        #expect(error?.description.contains("did_resolution.trust_roots") == true)
        #expect(server.requests("/holders/alice/did.json") == 0)
    }

    @Test func anUnreadableTrustRootFailsAtStart() throws {
        #expect {
            try Self.client(FakeHostLookup([:]), trust: ["/nonexistent/ca.pem"])
        } throws: { error in
            "\(error)".contains("/nonexistent/ca.pem")
        }
    }

    @Test func postsAnyMethodWithHeadersAndBody() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let client = try Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
        let response = try await client.execute(
            .init(
                method: .POST, url: server.url("/echo"), headers: ["authorization": "Bearer t", "content-type": "application/json"],
                body: Array(#"{"type":"CredentialMessage"}"#.utf8)),
            subject: "did:web:holder.example")
        await server.stop()
        #expect(response.status == 201)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"type":"CredentialMessage"}"#)
        #expect(response.headers.first(name: "location") == "Bearer t")
    }

    @Test func theSystemLookupAnswersLocalhost() async throws {
        let addresses = try await SystemHostLookup().addresses(of: "localhost")
        #expect(addresses.contains(.v4(0x7F00_0001)))
        await #expect(throws: SystemHostLookup.Failure.self) { try await SystemHostLookup().addresses(of: "no-such-host.invalid") }
    }

    @Test func loopbackNeedsTheAllowList() async throws {
        let server = try await DIDWebTestServer.start()
        let lookup = FakeHostLookup(["localhost": ["127.0.0.1"]])
        let refused = await Self.refusal(try Self.client(lookup, trust: [server.authority.caPath]), server.url("/holders/alice/did.json"))
        let allowed = try await Self.client(lookup, allow: ["127.0.0.0/8"], trust: [server.authority.caPath])
            .execute(.init(url: server.url("/holders/alice/did.json")))
        await server.stop()
        #expect(refused?.rule == .loopbackAddress)
        #expect(allowed.status == 200)
        #expect(server.requests("/holders/alice/did.json") == 1)
    }
}
