import DIDResolution
import Foundation
import NIOConcurrencyHelpers

/// A token bucket: `burst` requests at once, refilled at `perSecond`. A plain value, so its rule
/// is tested without sockets or clocks.
struct TokenBucket: Sendable, Equatable {
    var tokens: Double
    var updated: Double

    /// Takes one token at `now` (seconds); `false` when the bucket is empty.
    mutating func take(now: Double, burst: Double, perSecond: Double) -> Bool {
        tokens = min(burst, tokens + max(0, now - updated) * perSecond)
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Seconds until one token is back.
    func wait(perSecond: Double) -> Double { max(0, (1 - tokens) / perSecond) }
}

/// Requests per client address to the holder-facing endpoints. Buckets of clients not seen for a
/// while are dropped, so a flood of addresses cannot grow the table without bound.
final class RateLimiter: Sendable {
    let burst: Double
    let perSecond: Double
    let trustedProxies: [CIDR]
    private let buckets = NIOLockedValueBox<[String: TokenBucket]>([:])
    private static let tableLimit = 100_000

    init(requestsPerMinute: Int, burst: Int, trustedProxies: [CIDR]) {
        self.burst = Double(burst)
        self.perSecond = Double(requestsPerMinute) / 60
        self.trustedProxies = trustedProxies
    }

    /// `nil` when the request may go on; otherwise the seconds to wait (for `Retry-After`).
    func admit(client: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        buckets.withLockedValue { table in
            if table.count >= Self.tableLimit {
                // A full bucket is the same as none: forget those.
                table = table.filter { $0.value.tokens + (now - $0.value.updated) * perSecond < burst }
            }
            var bucket = table[client] ?? TokenBucket(tokens: burst, updated: now)
            let admitted = bucket.take(now: now, burst: burst, perSecond: perSecond)
            table[client] = bucket
            return admitted ? nil : max(1, Int(bucket.wait(perSecond: perSecond).rounded(.up)))
        }
    }

    /// The client a request is from: the peer, or, when the peer is a trusted proxy, the nearest
    /// address in `X-Forwarded-For` that is not one of the trusted proxies.
    func client(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "unknown" }
        guard let forwardedFor, isTrusted(peer) else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !isTrusted(hop) { return hop }
        return hops.first ?? peer
    }

    private func isTrusted(_ text: String) -> Bool {
        guard let address = IPAddress(text) else { return false }
        return trustedProxies.contains { $0.contains(address) }
    }
}
