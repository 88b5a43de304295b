import Credentials
@testable import DIDResolution
import Foundation
import JSONCanonical
import Logging
import NIOConcurrencyHelpers
import Testing

/// The resolver against a real HTTPS did:web host on 127.0.0.1 with an in-process test CA.
@Suite("NetworkDIDResolver over HTTPS", .serialized)
struct NetworkDIDResolverTests {
    /// A resolver trusting the server's CA, `localhost` pinned to 127.0.0.1, loopback allowed.
    static func resolver(
        _ server: DIDWebTestServer, now: @escaping @Sendable () -> Date = { Date() },
        configure: (inout DIDResolutionSettings) -> Void = { _ in }
    ) throws -> NetworkDIDResolver {
        var settings = DIDResolutionSettings()
        settings.allowNetworks = [try CIDR(parsing: "127.0.0.0/8")]
        settings.trustRoots = [server.authority.caPath]
        configure(&settings)
        let client = try GuardedHTTPClient(settings: settings, lookup: FakeHostLookup(["localhost": ["127.0.0.1"]]))
        return NetworkDIDResolver(client: client, logger: Logger(label: "test"), now: now)
    }

    @Test func resolvesRootAndPathDIDs() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let root = try await resolver.document(for: server.rootDID)
        #expect(root["id"]?.stringValue == server.rootDID)
        let alice = server.did("holders", "alice")
        #expect(try await resolver.document(for: alice)["id"]?.stringValue == alice)
        let method = try await resolver.verificationMethod(alice + "#key-1")
        #expect(method.publicKey == server.key.publicKey)
        #expect(method.relationships.contains("assertionMethod"))
        #expect(server.requests("/.well-known/did.json") == 1)
        #expect(server.requests("/holders/alice/did.json") == 1)
        // A method the document lacks is named.
        await #expect(throws: DIDResolutionError.self) { try await resolver.verificationMethod(alice + "#nope") }
    }

    @Test func findsServiceEndpoints() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let alice = server.did("holders", "alice")
        #expect(try await resolver.serviceEndpoint(type: "CredentialService", of: alice) == "https://localhost:\(server.port)/cs")
        #expect(try await resolver.serviceEndpoint(type: "IssuerService", of: alice) == "https://localhost:\(server.port)/is")
        await #expect {
            try await resolver.serviceEndpoint(type: "StorageService", of: alice)
        } throws: { error in
            (error as? DIDResolutionError) == .serviceNotFound(did: alice, type: "StorageService")
                && "\(error)".contains(alice) && "\(error)".contains("StorageService")
        }
        #expect(server.requests("/holders/alice/did.json") == 1)
    }

    @Test func aDocumentForAnotherDIDIsRefused() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let did = server.did("mismatch")
        await #expect {
            try await resolver.document(for: did)
        } throws: { error in
            "\(error)".contains("has id 'did:web:evil.example'") && "\(error)".contains(did)
        }
    }

    @Test func cachesAsTheServerSays() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let clock = NIOLockedValueBox(Date())
        let resolver = try Self.resolver(server, now: { clock.withLockedValue { $0 } })
        // max-age=60: a second lookup is a cache hit, one after 61 s is not.
        _ = try await resolver.document(for: server.did("cached"))
        _ = try await resolver.document(for: server.did("cached"))
        #expect(server.requests("/cached/did.json") == 1)
        clock.withLockedValue { $0 = $0.addingTimeInterval(61) }
        _ = try await resolver.document(for: server.did("cached"))
        #expect(server.requests("/cached/did.json") == 2)
        // max-age=0 and no-store: fetched every time.
        for _ in 0..<2 {
            _ = try await resolver.document(for: server.did("stale"))
            _ = try await resolver.document(for: server.did("nostore"))
        }
        #expect(server.requests("/stale/did.json") == 2)
        #expect(server.requests("/nostore/did.json") == 2)
        // max-age=30 with Age: 30 is already stale.
        _ = try await resolver.document(for: server.did("aged"))
        _ = try await resolver.document(for: server.did("aged"))
        #expect(server.requests("/aged/did.json") == 2)
    }

    @Test func revalidatesWithTheETag() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let did = server.did("etag")
        let first = try await resolver.document(for: did)
        let second = try await resolver.document(for: did)
        #expect(first == second)
        #expect(server.requests("/etag/did.json") == 2)
        #expect(server.conditionalHeaders("/etag/did.json") == ["\"v1\""])
        #expect(server.notModifiedCount == 1)
    }

    @Test func revalidatesWithLastModified() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let did = server.did("lastmod")
        for _ in 0..<3 { _ = try await resolver.document(for: did) }
        #expect(server.requests("/lastmod/did.json") == 3)
        #expect(server.conditionalHeaders("/lastmod/did.json") == Array(repeating: "Tue, 14 Nov 2023 22:13:20 GMT", count: 2))
        #expect(server.notModifiedCount == 2)
    }

    @Test func theDefaultAndCeilingApplyWhenTheServerIsSilentOrGenerous() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let clock = NIOLockedValueBox(Date())
        let resolver = try Self.resolver(server, now: { clock.withLockedValue { $0 } }) {
            $0.cacheDefaultSeconds = 5
            $0.cacheCeilingSeconds = 20
        }
        _ = try await resolver.document(for: server.did("holders", "alice"))  // no caching headers: 5 s
        _ = try await resolver.document(for: server.did("cached"))  // max-age=60, held to 20 s
        clock.withLockedValue { $0 = $0.addingTimeInterval(6) }
        _ = try await resolver.document(for: server.did("holders", "alice"))
        _ = try await resolver.document(for: server.did("cached"))
        #expect(server.requests("/holders/alice/did.json") == 2)
        #expect(server.requests("/cached/did.json") == 1)
        clock.withLockedValue { $0 = $0.addingTimeInterval(15) }
        _ = try await resolver.document(for: server.did("cached"))
        #expect(server.requests("/cached/did.json") == 2)
    }

    @Test func concurrentLookupsShareOneFetch() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let did = server.did("slowish")
        try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for _ in 0..<8 { group.addTask { try await resolver.document(for: did) } }
            for try await document in group { #expect(document["id"]?.stringValue == did) }
        }
        // max-age=0 means nothing is kept, so only sharing the one in-flight fetch explains a single request.
        #expect(server.requests("/slowish/did.json") == 1)
    }

    @Test func failuresAreRememberedBriefly() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let clock = NIOLockedValueBox(Date())
        let resolver = try Self.resolver(server, now: { clock.withLockedValue { $0 } })
        let did = server.did("mismatch")
        for _ in 0..<3 { _ = try? await resolver.document(for: did) }
        #expect(server.requests("/mismatch/did.json") == 1)
        clock.withLockedValue { $0 = $0.addingTimeInterval(11) }
        _ = try? await resolver.document(for: did)
        #expect(server.requests("/mismatch/did.json") == 2)
    }

    @Test func theCacheIsBounded() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server, configure: { $0.cacheMaxEntries = 1 })
        _ = try await resolver.document(for: server.did("cached"))
        _ = try await resolver.document(for: server.did("holders", "alice"))
        _ = try await resolver.document(for: server.did("cached"))
        #expect(server.requests("/cached/did.json") == 2)
    }

    @Test func prefetchFeedsTheSynchronousResolver() async throws {
        let server = try await DIDWebTestServer.start()
        defer { Task { await server.stop() } }
        let resolver = try Self.resolver(server)
        let alice = server.did("holders", "alice") + "#key-1"
        let key = SigningKey.generate(.p256).publicKey
        let synchronous = try await resolver.prefetchedResolver(for: [alice, key.didKeyVerificationMethod, key.didJWK + "#0"])
        #expect(try synchronous.resolve(alice).publicKey == server.key.publicKey)
        #expect(try synchronous.resolve(key.didJWK + "#0").publicKey == key)
        await #expect(throws: DIDResolutionError.self) {
            try await resolver.prefetchedResolver(for: [server.did("mismatch") + "#key-1"])
        }
    }

    @Test func keyAndJWKDIDsNeedNoNetwork() async throws {
        let client = try GuardedHTTPClient(lookup: FakeHostLookup([:]))
        let resolver = NetworkDIDResolver(client: client)
        let key = SigningKey.generate(.ed25519).publicKey
        #expect(try await resolver.document(for: key.didKey)["id"]?.stringValue == key.didKey)
        #expect(try await resolver.document(for: key.didJWK)["id"]?.stringValue == key.didJWK)
        #expect(try await resolver.verificationMethod(key.didKeyVerificationMethod).publicKey == key)
        await #expect(throws: DIDResolutionError.self) { try await resolver.document(for: "did:example:123") }
    }
}
