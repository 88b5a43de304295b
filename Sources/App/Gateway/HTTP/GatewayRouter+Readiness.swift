import Foundation
import Hummingbird
import JSONCanonical
import Outbox

extension GatewayRouter {
    /// The cursor `/readyz` writes: a read would pass while the disk is full or another process
    /// holds the write lock, and then webhooks would fail on an instance that calls itself ready.
    static let readinessCursor = "certbridge.readiness_probe"

    /// `/readyz`: one bounded write to the store, which is also the breaker's probe, so a recovered
    /// database turns the instance green (and webhooks accepted) without waiting for a webhook.
    func readiness() async -> Response {
        let store = self.store
        do {
            try await storeBreaker.probe {
                let now = Date()
                try await store.setCursor(named: Self.readinessCursor, to: "\(now.timeIntervalSince1970)", now: now)
            }
            return Response.json(.ok, ["status": "ready"])
        } catch {
            logger.warning("not ready", metadata: ["error": "\(error)"])
            return Response.storeUnavailable(error, message: "outbox unavailable")
        }
    }
}

extension Response {
    /// 503 with `Retry-After` and the store's reason (store errors carry no secrets; the PostgreSQL
    /// store builds its text from SQLSTATE and message only).
    static func storeUnavailable(_ failure: StoreUnavailable, message: String) -> Response {
        var response = Response.json(
            .serviceUnavailable,
            ["error": .string(message), "status": "outbox unavailable", "reason": .string(failure.description)])
        response.headers[.retryAfter] = "\(failure.retryAfterSeconds)"
        return response
    }
}
