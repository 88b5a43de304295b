import Foundation
import Hummingbird
import JSONCanonical
import NIOCore
import NIOConcurrencyHelpers

/// A small Certifier API for tests: `GET /v1/credentials/{id}`, `GET /v1/credentials` (cursor
/// pages, at most 100), `POST /v1/credentials/search` (the `updatedAt.gte` filter), updates and
/// deletes, with the documented auth, version header, `{"error":{"code","message"}}` bodies and
/// scripted failures (429 with Retry-After, 5xx).
public final class CertifierStandIn: Sendable {
    /// The API token it accepts.
    public let token: String
    /// The version it requires.
    public let version = "2022-10-26"

    private struct State {
        var credentials: [(id: String, document: JSONValue)] = []
        var failures: [ScriptedFailure] = []
        var fetches: [String: Int] = [:]
        var listRequests = 0
        var searchRequests = 0
        var refusesSearch = false
        var failingCursors: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Creates a stand-in that accepts `token`.
    public init(token: String) {
        self.token = token
    }

    /// Adds or replaces a credential document (it must have a string `id`).
    public func put(_ document: JSONValue) {
        guard let id = document["id"]?.stringValue else { return }
        state.withLockedValue { state in
            if let index = state.credentials.firstIndex(where: { $0.id == id }) {
                state.credentials[index].document = document
            } else {
                state.credentials.append((id, document))
            }
        }
    }

    /// Deletes a credential: `GET /v1/credentials/{id}` answers 404 from now on, and lists leave it out.
    public func remove(_ id: String) {
        state.withLockedValue { $0.credentials.removeAll { $0.id == id } }
    }

    /// The next requests fail like this, in order.
    public func failNext(_ failures: [ScriptedFailure]) {
        state.withLockedValue { $0.failures += failures }
    }

    /// The next `times` list requests for page `cursor` answer 503 (an outage in the middle of a listing).
    public func failPage(cursor: String, times: Int) {
        state.withLockedValue { $0.failingCursors[cursor] = times }
    }

    /// Makes `POST /v1/credentials/search` answer 400, as a Certifier that does not take the filter would.
    public func refuseSearch() {
        state.withLockedValue { $0.refusesSearch = true }
    }

    /// How many list and search pages were served.
    public var pageRequests: (list: Int, search: Int) {
        state.withLockedValue { ($0.listRequests, $0.searchRequests) }
    }

    /// How often `GET /v1/credentials/{id}` answered 200 for `id`.
    public func fetchCount(_ id: String) -> Int {
        state.withLockedValue { $0.fetches[id] ?? 0 }
    }

    /// Starts the stand-in on 127.0.0.1.
    public func start() async throws -> RunningServer {
        let router = Router()
        router.get("/v1/credentials/:id") { request, context in
            if let refusal = self.refusal(request) { return refusal }
            let id = context.parameters.get("id") ?? ""
            let document = self.state.withLockedValue { state -> JSONValue? in
                guard let found = state.credentials.first(where: { $0.id == id }) else { return nil }
                state.fetches[id, default: 0] += 1
                return found.document
            }
            guard let document else { return Self.error(404, "not_found", "Credential not found") }
            return .json(.ok, document)
        }
        router.get("/v1/credentials") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 20
            let cursor = request.uri.queryParameters.get("cursor")
            let all = self.state.withLockedValue { state -> [JSONValue]? in
                state.listRequests += 1
                if let cursor, let left = state.failingCursors[cursor], left > 0 {
                    state.failingCursors[cursor] = left - 1
                    return nil
                }
                return state.credentials.map(\.document)
            }
            guard let all else { return Self.error(503, "service_unavailable", "Scripted outage") }
            return Self.page(all, cursor: cursor.map { String($0) }, limit: limit)
        }
        router.post("/v1/credentials/search") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            var request = request
            let body = try JSONValue(parsing: Array((try await request.collectBody(upTo: 65_536)).readableBytesView))
            let refuses = self.state.withLockedValue { state in
                state.searchRequests += 1
                return state.refusesSearch
            }
            if refuses { return Self.error(400, "invalid_filter", "Unsupported filter") }
            // The one filter the gateway sends: {"AND": [{"updatedAt.gte": "<ISO 8601>"}]}.
            guard let since = body["filter"]?["AND"]?[0]?["updatedAt.gte"]?.stringValue else {
                return Self.error(400, "invalid_filter", "Unsupported filter")
            }
            let limit = body["limit"]?.numberValue.map { Int($0) } ?? 20
            let matching = self.state.withLockedValue { $0.credentials.map(\.document) }
                .filter { ($0["updatedAt"]?.stringValue ?? "") >= since }
                .sorted { ($0["updatedAt"]?.stringValue ?? "") < ($1["updatedAt"]?.stringValue ?? "") }
            return Self.page(matching, cursor: body["cursor"]?.stringValue, limit: limit)
        }
        return try await RunningServer.start(router: router, name: "certifier-stand-in")
    }

    private func refusal(_ request: Request) -> Response? {
        guard let version = request.headers.first(where: { $0.name.canonicalName == "certifier-version" })?.value else {
            return Self.error(400, "missing_version", "Certifier-Version header is required")
        }
        guard version == self.version else { return Self.error(400, "invalid_version", "Unknown API version") }
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return Self.error(401, "unauthorized", "Invalid access token")
        }
        let failure = state.withLockedValue { state -> ScriptedFailure? in
            state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
        if case .status(let status, let retryAfter) = failure {
            var headers: HTTPFields = [:]
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            let code = status == 429 ? "rate_limited" : "internal_server_error"
            return .json(
                HTTPResponse.Status(code: status), ["error": ["code": .string(code), "message": "Scripted failure"]],
                headers: headers)
        }
        return nil
    }

    /// One page of `documents` from an offset cursor; Certifier's maximum of 100 a page holds.
    private static func page(_ documents: [JSONValue], cursor: String?, limit: Int) -> Response {
        guard limit >= 1, limit <= 100 else { return error(400, "invalid_limit", "limit must be 1 to 100") }
        let start = cursor.flatMap(Int.init) ?? 0
        let end = min(documents.count, start + limit)
        let page = start < documents.count ? Array(documents[start..<end]) : []
        let next: JSONValue = end < documents.count ? .string(String(end)) : .null
        let prev: JSONValue = start > 0 ? .string(String(max(0, start - limit))) : .null
        return .json(.ok, ["data": .array(page), "pagination": ["prev": prev, "next": next]])
    }

    private static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        .json(HTTPResponse.Status(code: status), ["error": ["code": .string(code), "message": .string(message)]])
    }
}
