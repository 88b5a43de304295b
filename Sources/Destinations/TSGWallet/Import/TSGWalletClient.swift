import AsyncHTTPClient
import Destination
import Outbox
import Foundation
import JSONCanonical
import NIOCore
import NIOHTTP1
import Secrets

/// Sends signed VCs to the TSG wallet: `POST {base}/api/management/credentials/import`.
///
/// Its answers become delivery outcomes: 2xx delivered (with the wallet's record id), 409
/// already present (ids are deterministic), 429 and 5xx retryable (with `Retry-After`), 401
/// once more with a fresh token, any other 4xx rejected with the wallet's reason.
public struct TSGWalletClient: Destination {
    /// The import path below the wallet's base URL.
    public static let importPath = "/api/management/credentials/import"

    private let http: HTTPClient
    private let importURL: String
    private let tokens: WalletTokenProvider
    private let timeout: Duration

    /// Creates a client for the wallet at `baseURL` (e.g. `https://wallet.example.org`).
    public init(http: HTTPClient, baseURL: String, tokens: WalletTokenProvider, timeout: Duration = .seconds(30)) {
        self.http = http
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.importURL = base + Self.importPath
        self.tokens = tokens
        self.timeout = timeout
    }

    /// `tsg-wallet`.
    public var kind: DestinationKind { .tsgWallet }

    /// The import URL.
    public var label: String { importURL }

    /// Imports one VC. A 401 drops the cached token and tries once more with a fresh one.
    public func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        let first = await attempt(vc)
        guard case .unauthorized(let token) = first else { return first.outcome }
        await tokens.invalidate(token)
        return await attempt(vc).outcome
    }

    private enum Attempt {
        case done(DeliveryOutcome)
        case unauthorized(Secret)

        var outcome: DeliveryOutcome {
            switch self {
            case .done(let outcome): outcome
            case .unauthorized: .rejected(reason: "HTTP 401 from the wallet with a fresh token: check client, user and roles")
            }
        }
    }

    private func attempt(_ vc: JSONValue) async -> Attempt {
        let token: Secret
        do {
            token = try await tokens.accessToken()
        } catch {
            // The credential is not at fault; keep it queued while the token endpoint is fixed.
            return .done(.retryable(reason: error.description, retryAfter: nil))
        }
        var request = HTTPClientRequest(url: importURL)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSONWriter(style: .compact).bytes(vc)))
        let status: Int
        let headers: HTTPHeaders
        let bytes: [UInt8]
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout))
            status = Int(response.status.code)
            headers = response.headers
            bytes = Array(try await response.body.collect(upTo: 4 << 20).readableBytesView)
        } catch {
            return .done(.retryable(reason: "wallet unreachable: \(error)", retryAfter: nil))
        }
        switch status {
        case 200..<300:
            let record = try? JSONValue(parsing: bytes)
            return .done(.delivered(receipt: record?["id"]?.stringValue))
        case 409:
            return .done(.alreadyPresent)
        case 401:
            return .unauthorized(token)
        case 429, 500...:
            return .done(
                .retryable(
                    reason: Self.reason(status: status, body: bytes),
                    retryAfter: RetryAfter.parse(headers.first(name: "Retry-After"))))
        default:
            return .done(.rejected(reason: Self.reason(status: status, body: bytes)))
        }
    }

    /// "HTTP 400 BadRequest: <message>" from the wallet's `{name,status,code,message,error}` body.
    static func reason(status: Int, body: [UInt8]) -> String {
        guard let error = try? JSONValue(parsing: body) else { return "HTTP \(status)" }
        let name = error["name"]?.stringValue ?? error["error"]?.stringValue
        let message: String? =
            switch error["message"] {
            case .string(let text): text
            // Validation errors list one message per rule.
            case .array(let items): items.compactMap(\.stringValue).joined(separator: "; ")
            default: nil
            }
        var text = "HTTP \(status)"
        if let name { text += " \(name)" }
        if let message, !message.isEmpty { text += ": \(message)" }
        return text
    }
}
