import Foundation
import JSONCanonical

/// An HTTP door a destination opens for holders (DCP's issuer service; OpenID4VCI's issuer
/// endpoints next). The gateway mounts it at ``mountPath`` below its public base URL and knows
/// nothing of the protocol: requests go in, responses come out.
public protocol HolderService: Sendable {
    /// Where it is mounted, e.g. `/dcp` (no trailing slash).
    var mountPath: String { get }
    /// Every path it answers below (each with its subpaths); by default ``mountPath`` alone.
    /// OpenID4VCI's issuer also answers at `/.well-known/…` and `/offers`.
    var mountPaths: [String] { get }
    /// Paths (among ``mountPaths``) for operators only: the gateway lets a request through only
    /// with the operator's bearer token (`admin.token`), compared in constant time.
    var adminPaths: [String] { get }
    /// Entries for the `service` array of the issuer's DID document (`IssuerService`, say).
    var didServices: [JSONValue] { get }
    /// Answers one request. Never throws: every refusal is a response with a status and a reason.
    func handle(_ request: HolderRequest) async -> HolderResponse
}

extension HolderService {
    /// ``mountPath`` alone.
    public var mountPaths: [String] { [mountPath] }
    /// None.
    public var adminPaths: [String] { [] }
}

/// One request to a ``HolderService``.
public struct HolderRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path below the mount path, starting with `/` (`/credentials`, `/requests/abc`).
    public var path: String
    /// The mount path the request came in under (one of ``HolderService/mountPaths``).
    public var mount: String
    /// The query string without `?`, if any.
    public var query: String?
    /// Header values by lower-cased name.
    public var headers: [String: String]
    /// The body (the gateway caps its size before this is made).
    public var body: [UInt8]

    /// Creates a request.
    public init(
        method: String, path: String, mount: String = "", query: String? = nil, headers: [String: String] = [:], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.mount = mount
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// The bearer token of the `Authorization` header, if it has one.
    public var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// The answer of a ``HolderService``.
public struct HolderResponse: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// Headers by name.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    public static func json(_ status: Int, _ value: JSONValue, headers: [String: String] = [:]) -> HolderResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return HolderResponse(status: status, headers: all, body: JSONWriter(style: .compact).bytes(value))
    }

    /// A page of HTML.
    public static func html(_ status: Int, _ page: String, headers: [String: String] = [:]) -> HolderResponse {
        var all = headers
        all["Content-Type"] = "text/html; charset=utf-8"
        return HolderResponse(status: status, headers: all, body: Array(page.utf8))
    }

    /// A refusal: `{"error": code, "error_description": reason}`, the shape OAuth and most holder
    /// APIs use, so a client shows the reason.
    /// The reason is reduced to the characters RFC 6749 allows in `error_description` (printable
    /// ASCII without `"` and `\`), since it may quote values from the request.
    public static func refusal(_ status: Int, _ code: String, _ reason: String, headers: [String: String] = [:]) -> HolderResponse {
        let description = String(
            String.UnicodeScalarView(
                reason.unicodeScalars.map { scalar in
                    switch scalar {
                    case "\"": "'"
                    case "\\": "/"
                    case " "..."~": scalar
                    default: "?"
                    }
                }))
        return json(status, ["error": .string(code), "error_description": .string(description)], headers: headers)
    }
}
