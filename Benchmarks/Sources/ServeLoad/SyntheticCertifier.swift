import Foundation
import Hummingbird
import JSONCanonical
import LoadStandIns

/// A Certifier API for load runs: `GET /v1/credentials/{id}` answers at once with one of the
/// bundled example credentials under the requested id, so any number of distinct credentials
/// exist without loading them first (the test stand-in keeps a list and searches it).
struct SyntheticCertifier: Sendable {
    /// The token requests must carry.
    let token: String
    /// Credentials the bundled profiles convert, used in turn.
    let templates: [JSONValue]

    /// The credential served under `id`: a template chosen by a hash of the id that is the same
    /// in every process (Swift's `hashValue` is seeded per process), with the id set.
    func credential(id: String) -> JSONValue {
        let hash = id.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        var credential = templates[Int(hash % UInt64(templates.count))]
        credential["id"] = .string(id)
        return credential
    }

    func start() async throws -> RunningServer {
        let router = Router()
        let expected = "Bearer \(token)"
        router.get("/v1/credentials/:id") { request, context -> Response in
            guard request.headers[.authorization] == expected else {
                return Self.json(.unauthorized, ["error": ["code": "unauthorized", "message": "bad token"]])
            }
            let id = context.parameters.get("id") ?? ""
            return Self.json(.ok, credential(id: id))
        }
        return try await RunningServer.start(router: router, name: "synthetic-certifier")
    }

    private static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter(style: .compact).bytes(value))))
    }
}
