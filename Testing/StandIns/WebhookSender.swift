import AsyncHTTPClient
import Crypto
import Foundation
import JSONCanonical
import NIOCore

/// Sends Certifier-style webhooks (HMAC-SHA256 hex in `X-Webhook-Signature`) in tests.
public struct WebhookSender: Sendable {
    private let url: String
    private let secret: String

    /// A sender to `url` signing with `secret`.
    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }

    /// The envelope Certifier sends for a credential event.
    public static func envelope(id: String, credentialId: String, type: String = "credential.created") -> JSONValue {
        [
            "id": .string(id), "type": .string(type), "createdAt": "2025-02-25T15:39:59.680Z",
            "data": ["resource": ["id": .string(credentialId), "type": "credential"]],
        ]
    }

    /// The lowercase hex HMAC-SHA256 of `body` under the secret.
    public func signature(_ body: [UInt8]) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return HMAC<SHA256>.authenticationCode(for: body, using: key)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Posts `body`; `signature` overrides the correct one (`.some(nil)` sends none). Returns the status.
    public func post(_ body: [UInt8], signature: String?? = .none, client: HTTPClient = .shared) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let header: String? =
            switch signature {
            case .none: self.signature(body)
            case .some(let value): value
            }
        if let header { request.headers.add(name: "X-Webhook-Signature", value: header) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// Posts a signed credential event.
    public func post(eventId: String, credentialId: String, type: String = "credential.created") async throws -> Int {
        try await post(Array(Self.envelope(id: eventId, credentialId: credentialId, type: type).compactString.utf8))
    }
}
