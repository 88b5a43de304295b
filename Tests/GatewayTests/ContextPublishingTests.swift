import Composition
import AsyncHTTPClient
import Foundation
import Gateway
import Mapping
import TestSupport
import Testing

@Suite("the gateway serves the profiles' JSON-LD contexts", .serialized)
struct ContextPublishingTests {
    @Test("GET /contexts/certbridge-v1.jsonld answers the file's exact bytes as application/ld+json; other hosts' contexts are not served")
    func servesOwnContexts() async throws {
        let harness = try await ServeHarness()
        let gateway = try await harness.startGateway()
        let file = SharedVectors.repositoryFile("mappings/contexts/certbridge-v1.jsonld")
        let expected = Array(try Data(contentsOf: file))

        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: gateway.baseURL + "/contexts/certbridge-v1.jsonld"), timeout: .seconds(10))
        let body = Array((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
        #expect(response.status.code == 200)
        #expect(response.headers.first(name: "content-type") == "application/ld+json")
        #expect(response.headers.first(name: "access-control-allow-origin") == "*")
        #expect(body == expected)

        // The W3C context is in the same index but lives on www.w3.org: not ours to serve.
        #expect(try await gateway.get("/2018/credentials/v1").status == 404)
        #expect(try await gateway.get("/contexts/unknown.jsonld").status == 404)
        #expect(try await gateway.get("/.well-known/did.json").status == 200)
        try await gateway.stop()
        await harness.stop()
    }

    @Test("only URLs on the issuer's did:web host (and port) are published; a did:key issuer publishes none")
    func hostRule() throws {
        let catalog = ContextCatalog(directory: SharedVectors.repositoryFile("mappings/contexts"))
        let own = PublishedContexts(catalog: catalog, issuer: "did:web:certbridge.example.org")
        #expect(own.documents.keys.sorted() == ["/contexts/certbridge-v1.jsonld"])
        #expect(PublishedContexts(catalog: catalog, issuer: "did:web:certbridge.example.org:issuers:1").documents.count == 1)
        #expect(PublishedContexts(catalog: catalog, issuer: "did:web:certbridge.example.org%3A8443").documents.isEmpty)
        #expect(PublishedContexts(catalog: catalog, issuer: "did:web:other.example.org").documents.isEmpty)
        #expect(PublishedContexts(catalog: catalog, issuer: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK").documents.isEmpty)
    }
}
