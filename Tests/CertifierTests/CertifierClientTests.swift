import AsyncHTTPClient
import Certifier
import JSONCanonical
import ServeStandIns
import Testing
import Secrets

@Suite("Certifier API client")
struct CertifierClientTests {
    static let sample: JSONValue = [
        "id": "01hz2f0c9ryvzajg20jqh9taab", "publicId": "124a8110-4f4c-4c0e-9a3e-1b1a1f0c2d3e",
        "groupId": "01g90279gp5sbmfek7wymcsvec", "status": "issued",
        "recipient": ["id": "01jmerb6", "name": "Zoë Ñúñez", "email": "zoe@example.com"],
        "issueDate": "2022-01-01", "expiryDate": nil,
        "attributes": ["recipient.name": "Zoë Ñúñez", "score": 97],
        "customAttributes": ["custom.mentor": "Jane Doe"], "createdAt": "2022-01-01T00:00:00.000Z",
        "brandNewField": ["nested": true],
    ]

    @Test("GET /v1/credentials/{id} returns the typed credential and the untouched document")
    func fetchesOne() async throws {
        let certifier = CertifierStandIn(token: "api-token")
        certifier.put(Self.sample)
        let server = try await certifier.start()
        let client = CertifierClient(http: .shared, baseURL: server.baseURL, token: Secret("api-token"))
        let fetched = try await client.credential(id: "01hz2f0c9ryvzajg20jqh9taab")
        #expect(fetched.document == Self.sample)
        #expect(fetched.credential.recipient?.name == "Zoë Ñúñez")
        #expect(fetched.credential.expiryDate == nil)
        #expect(fetched.credential.attributes == ["recipient.name": "Zoë Ñúñez"])
        #expect(fetched.credential.customAttributes?["custom.mentor"] == "Jane Doe")
        await server.stop()
    }

    @Test("error bodies become typed errors with status and code; 429/5xx are retryable")
    func typedErrors() async throws {
        let certifier = CertifierStandIn(token: "api-token")
        let server = try await certifier.start()
        let good = CertifierClient(http: .shared, baseURL: server.baseURL, token: Secret("api-token"))
        await #expect(throws: CertifierError.api(status: 404, code: "not_found", message: "Credential not found", retryAfter: nil)) {
            try await good.credential(id: "01missing")
        }
        let wrongToken = CertifierClient(http: .shared, baseURL: server.baseURL, token: Secret("nope"))
        do {
            _ = try await wrongToken.credential(id: "01x")
            Issue.record("expected 401")
        } catch {
            #expect(error == .api(status: 401, code: "unauthorized", message: "Invalid access token", retryAfter: nil))
            #expect(!error.isRetryable)
            #expect(!error.description.contains("nope"))
        }
        let wrongVersion = CertifierClient(http: .shared, baseURL: server.baseURL, token: Secret("api-token"), version: "2020-01-01")
        await #expect(throws: CertifierError.api(status: 400, code: "invalid_version", message: "Unknown API version", retryAfter: nil)) {
            try await wrongVersion.credential(id: "01x")
        }
        certifier.failNext([.status(429, retryAfter: 7), .status(503, retryAfter: nil)])
        do {
            _ = try await good.credential(id: "01x")
        } catch {
            #expect(error.isRetryable)
            #expect(error.retryAfter == .seconds(7))
            #expect(error.description == "Certifier answered HTTP 429 rate_limited: Scripted failure")
        }
        await #expect(throws: CertifierError.self) { try await good.credential(id: "01x") }
        await #expect(throws: CertifierError.invalidRequest("credential id '../admin' is not a Certifier id")) {
            try await good.credential(id: "../admin")
        }
        await server.stop()
    }

    @Test("list paging follows the cursor to the last page")
    func paging() async throws {
        let certifier = CertifierStandIn(token: "t")
        for index in 0..<7 { certifier.put(["id": .string("c\(index)"), "status": "issued"]) }
        let server = try await certifier.start()
        let client = CertifierClient(http: .shared, baseURL: server.baseURL, token: Secret("t"))
        var ids: [String] = []
        var pages = 0
        try await client.forEachPage(limit: 3) { page in
            pages += 1
            ids += page.credentials.map(\.id)
            #expect(page.documents.count == page.credentials.count)
        }
        #expect(pages == 3)
        #expect(ids == (0..<7).map { "c\($0)" })
        await server.stop()
    }

    @Test("a server that is down is a retryable transport error")
    func transportError() async throws {
        let stopped = try await CertifierStandIn(token: "t").start()
        await stopped.stop()
        let client = CertifierClient(
            http: .shared, baseURL: stopped.baseURL, token: Secret("t"), timeout: .milliseconds(500))
        do {
            _ = try await client.credential(id: "c1")
            Issue.record("expected a transport error")
        } catch {
            guard case .transport = error else {
                Issue.record("expected transport, got \(error)")
                return
            }
            #expect(error.isRetryable)
        }
    }
}
