import AsyncHTTPClient
import Outbox
import Foundation
import JSONCanonical
import NIOCore
import NIOHTTP1
import Secrets

/// A client of the Certifier REST API (read side: what the gateway needs).
///
/// Every request carries `Authorization: Bearer <token>` and the required `Certifier-Version`.
public struct CertifierClient: Sendable {
    /// The API version certbridge is written against.
    public static let defaultVersion = "2022-10-26"

    private let http: HTTPClient
    private let baseURL: String
    private let token: Secret
    private let version: String
    private let timeout: Duration
    private let maximumResponseBytes = 4 * 1024 * 1024

    /// Creates a client; `baseURL` is e.g. `https://api.certifier.io` (no trailing `/v1`).
    public init(
        http: HTTPClient, baseURL: String, token: Secret, version: String = CertifierClient.defaultVersion,
        timeout: Duration = .seconds(30)
    ) {
        self.http = http
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.version = version
        self.timeout = timeout
    }

    /// `GET /v1/credentials/{id}`: one credential, typed and as its raw JSON document.
    public func credential(id: String) async throws(CertifierError) -> FetchedCertifierCredential {
        guard Self.isSafePathSegment(id) else {
            throw .invalidRequest("credential id '\(id.prefix(64))' is not a Certifier id")
        }
        let bytes = try await get("/v1/credentials/\(id)")
        return try Self.decodeCredential(bytes)
    }

    /// `GET /v1/credentials?cursor=&limit=`: one page; pass `nextCursor` back to get the next one.
    public func listCredentials(cursor: String? = nil, limit: Int? = nil) async throws(CertifierError)
        -> CertifierCredentialPage
    {
        var query: [String] = []
        if let cursor {
            query.append("cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        if let limit { query.append("limit=\(limit)") }
        let path = "/v1/credentials" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        return try Self.decodePage(try await get(path))
    }

    /// Pages through every credential, calling `body` once per page, stopping at the last page.
    public func forEachPage(
        limit: Int? = nil, _ body: (CertifierCredentialPage) async throws(CertifierError) -> Void
    ) async throws(CertifierError) {
        var cursor: String?
        var seen: Set<String> = []
        repeat {
            let page = try await listCredentials(cursor: cursor, limit: limit)
            try await body(page)
            cursor = page.nextCursor
            // A server that hands back a cursor it already gave would loop forever.
            if let next = cursor, !seen.insert(next).inserted {
                throw .malformedResponse("pagination cursor '\(next)' repeated")
            }
        } while cursor != nil
    }

    /// `POST /v1/credentials/search` for the credentials updated at or after `updatedSince`,
    /// oldest change first: `{filter: {AND: [{"updatedAt.gte": …}]}, sort, cursor, limit}`.
    /// The filter's operator name follows the documented `status.equals` form and is not
    /// confirmed for dates (../shared/docs/CERTIFIER.md); callers fall back to the list when
    /// Certifier refuses it.
    public func searchCredentials(updatedSince: Date, cursor: String? = nil, limit: Int? = nil) async throws(CertifierError)
        -> CertifierCredentialPage
    {
        var body: JSONObject = [
            "filter": ["AND": [["updatedAt.gte": .string(Self.timestamp(updatedSince))]]],
            "sort": ["property": "updatedAt", "order": "asc"],
        ]
        if let cursor { body["cursor"] = .string(cursor) }
        if let limit { body["limit"] = .number(Double(limit)) }
        return try Self.decodePage(try await send("/v1/credentials/search", method: .POST, body: JSONValue.object(body).compactString))
    }

    /// Certifier's timestamp form: ISO 8601 with milliseconds, UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    private func get(_ path: String) async throws(CertifierError) -> [UInt8] {
        try await send(path, method: .GET, body: nil)
    }

    private func send(_ path: String, method: HTTPMethod, body: String?) async throws(CertifierError) -> [UInt8] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        request.headers.add(name: "Certifier-Version", value: version)
        request.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: TimeAmount(timeout))
            body = try await response.body.collect(upTo: maximumResponseBytes)
        } catch {
            throw .transport(String(describing: error))
        }
        let bytes = Array(body.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw Self.apiError(status: Int(response.status.code), headers: response.headers, body: bytes)
        }
        return bytes
    }

    static func apiError(status: Int, headers: HTTPHeaders, body: [UInt8]) -> CertifierError {
        let retryAfter = RetryAfter.parse(headers.first(name: "Retry-After"))
        struct ErrorBody: Decodable {
            struct Inner: Decodable {
                var code: String?
                var message: String?
            }
            var error: Inner
        }
        let parsed = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        return .api(status: status, code: parsed?.error.code, message: parsed?.error.message, retryAfter: retryAfter)
    }

    package static func decodeCredential(_ bytes: [UInt8]) throws(CertifierError) -> FetchedCertifierCredential {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedResponse("credential is not JSON: \(error)")
        }
        do {
            return FetchedCertifierCredential(credential: try CertifierCredential(json: document), document: document)
        } catch {
            throw .malformedResponse(error.description)
        }
    }

    package static func decodePage(_ bytes: [UInt8]) throws(CertifierError) -> CertifierCredentialPage {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedResponse("credential list is not JSON: \(error)")
        }
        guard let items = document["data"]?.arrayValue else {
            throw .malformedResponse("credential list without a 'data' array")
        }
        var credentials: [CertifierCredential] = []
        for (index, item) in items.enumerated() {
            do {
                credentials.append(try CertifierCredential(json: item))
            } catch {
                throw .malformedResponse("data[\(index)]: \(error.description)")
            }
        }
        let next = document["pagination"]?["next"]?.stringValue
        return CertifierCredentialPage(credentials: credentials, documents: items, nextCursor: next)
    }

    /// Whether `id` is 1–128 ASCII letters, digits, `-` and `_`: safe in a URL path as it is.
    ///
    /// Read byte by byte: `CharacterSet.alphanumerics` built a set on each access, 26 times per
    /// credential fetched (23k instructions, docs/PERFORMANCE.md, fourteenth round).
    static func isSafePathSegment(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    true
                default: false
                }
            }
    }
}
