import Credentials
import Foundation
import Hummingbird
import JSONCanonical
import NIOConcurrencyHelpers
import NIOCore
import TestCertificates

/// An HTTPS did:web host on 127.0.0.1 with a test CA: documents for `did:web:localhost%3A<port>` and
/// paths under it, routes with caching headers, redirects, a slow and an oversize answer. It counts
/// requests per path and records conditional request headers.
final class DIDWebTestServer: Sendable {
    struct Counters: Sendable {
        var requests: [String: Int] = [:]
        var conditional: [String: [String]] = [:]
        var notModified = 0
    }

    let authority: TestCertificateAuthority
    let key: SigningKey
    private let server: TLSTestServer
    private let counters: NIOLockedValueBox<Counters>

    var port: Int { server.port }
    /// `did:web:localhost%3A<port>`.
    var rootDID: String { "did:web:localhost%3A\(port)" }
    /// `did:web:localhost%3A<port>:<path…>`.
    func did(_ path: String...) -> String { ([rootDID] + path).joined(separator: ":") }
    /// `https://localhost:<port><path>`.
    func url(_ path: String) -> String { "https://localhost:\(port)\(path)" }

    func requests(_ path: String) -> Int { counters.withLockedValue { $0.requests[path] ?? 0 } }
    func conditionalHeaders(_ path: String) -> [String] { counters.withLockedValue { $0.conditional[path] ?? [] } }
    var notModifiedCount: Int { counters.withLockedValue { $0.notModified } }

    private init(authority: TestCertificateAuthority, key: SigningKey, server: TLSTestServer, counters: NIOLockedValueBox<Counters>) {
        self.authority = authority
        self.key = key
        self.server = server
        self.counters = counters
    }

    static func start(key: SigningKey = SigningKey.generate(.ed25519)) async throws -> DIDWebTestServer {
        let authority = try TestCertificateAuthority.make()
        let counters = NIOLockedValueBox(Counters())
        let portBox = NIOLockedValueBox(0)
        let router = Router()
        // The document for the DID named by the request path, with the key and two services.
        @Sendable func document(_ segments: [String], id override: String? = nil) -> JSONValue {
            let port = portBox.withLockedValue { $0 }
            let did = (["did:web:localhost%3A\(port)"] + segments).joined(separator: ":")
            var document = (try? DIDWeb(parsing: did))?.document(for: key.publicKey) ?? [:]
            document["id"] = .string(override ?? did)
            document["service"] = [
                ["id": .string(did + "#cs"), "type": "CredentialService", "serviceEndpoint": .string("https://localhost:\(port)/cs")],
                ["id": .string(did + "#is"), "type": ["IssuerService"], "serviceEndpoint": [.string("https://localhost:\(port)/is"), "https://x"]],
            ]
            return document
        }
        @Sendable func json(_ value: JSONValue, _ headers: HTTPFields = [:]) -> Response {
            var fields = headers
            fields[.contentType] = "application/did+json"
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: value.compactString)))
        }
        router.middlewares.add(CountingMiddleware(counters: counters))
        router.get("/.well-known/did.json") { _, _ in json(document([])) }
        router.get("/holders/alice/did.json") { _, _ in json(document(["holders", "alice"])) }
        router.get("/mismatch/did.json") { _, _ in json(document(["mismatch"], id: "did:web:evil.example")) }
        router.get("/cached/did.json") { _, _ in json(document(["cached"]), [.cacheControl: "max-age=60"]) }
        router.get("/stale/did.json") { _, _ in json(document(["stale"]), [.cacheControl: "max-age=0"]) }
        router.get("/nostore/did.json") { _, _ in json(document(["nostore"]), [.cacheControl: "no-store, max-age=600"]) }
        router.get("/aged/did.json") { _, _ in json(document(["aged"]), [.cacheControl: "max-age=30", .age: "30"]) }
        router.get("/etag/did.json") { request, _ in
            if request.headers[.ifNoneMatch] == "\"v1\"" {
                counters.withLockedValue { $0.notModified += 1 }
                return Response(status: .notModified, headers: [.eTag: "\"v1\"", .cacheControl: "max-age=0"])
            }
            return json(document(["etag"]), [.eTag: "\"v1\"", .cacheControl: "max-age=0"])
        }
        router.get("/lastmod/did.json") { request, _ in
            let stamp = "Tue, 14 Nov 2023 22:13:20 GMT"
            if request.headers[.ifModifiedSince] == stamp {
                counters.withLockedValue { $0.notModified += 1 }
                return Response(status: .notModified, headers: [.lastModified: stamp, .cacheControl: "no-cache"])
            }
            return json(document(["lastmod"]), [.lastModified: stamp, .cacheControl: "no-cache"])
        }
        router.get("/slowish/did.json") { _, _ in
            // Slow enough that concurrent lookups overlap; max-age=0 so nothing is kept.
            try await Task.sleep(for: .milliseconds(300))
            return json(document(["slowish"]), [.cacheControl: "max-age=0"])
        }
        router.post("/echo") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            var fields: HTTPFields = [.contentType: "text/plain"]
            fields[.location] = request.headers[.authorization] ?? ""
            return Response(status: .created, headers: fields, body: ResponseBody(byteBuffer: body))
        }
        router.get("/redirect/did.json") { _, _ in
            let port = portBox.withLockedValue { $0 }
            return Response(status: .found, headers: [.location: "https://internal.example:\(port)/holders/alice/did.json"])
        }
        router.get("/to-http") { _, _ in
            let port = portBox.withLockedValue { $0 }
            return Response(status: .movedPermanently, headers: [.location: "http://localhost:\(port)/holders/alice/did.json"])
        }
        router.get("/to-ip-literal") { _, _ in
            let port = portBox.withLockedValue { $0 }
            return Response(status: .found, headers: [.location: "https://127.0.0.1:\(port)/whoami"])
        }
        router.get("/whoami") { request, _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: request.headers[.authorization] ?? "(none)")))
        }
        router.get("/loop/:n") { _, context in
            let next = (context.parameters.get("n", as: Int.self) ?? 0) + 1
            return Response(status: .temporaryRedirect, headers: [.location: "/loop/\(next)"])
        }
        router.post("/post-redirect") { _, _ in Response(status: .seeOther, headers: [.location: "/holders/alice/did.json"]) }
        router.get("/large") { _, _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "a"), count: 300 * 1024)))
        }
        router.get("/large-chunked") { _, _ in
            // No Content-Length: the client must count while streaming.
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    for _ in 0..<64 { try await writer.write(ByteBuffer(repeating: UInt8(ascii: "b"), count: 8 * 1024)) }
                    try await writer.finish(nil)
                })
        }
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        }
        let server = try await TLSTestServer.start(router: router, authority: authority, name: "did-web-test-server")
        portBox.withLockedValue { $0 = server.port }
        return DIDWebTestServer(authority: authority, key: key, server: server, counters: counters)
    }

    func stop() async {
        await server.stop()
        authority.remove()
    }
}

/// Counts requests per path and records the conditional headers they carried.
struct CountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let counters: NIOLockedValueBox<DIDWebTestServer.Counters>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        counters.withLockedValue { counters in
            counters.requests[path, default: 0] += 1
            if let etag = request.headers[.ifNoneMatch] { counters.conditional[path, default: []].append(etag) }
            if let date = request.headers[.ifModifiedSince] { counters.conditional[path, default: []].append(date) }
        }
        return try await next(request, context)
    }
}
