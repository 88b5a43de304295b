import DIDResolution
import Destination
import Foundation
import Hummingbird
import HummingbirdTesting
import JSONCanonical
import Logging
import NIOCore
import Secrets
import Testing

@testable import Gateway

/// A door that echoes what reached it, with an admin path.
private struct EchoDoor: HolderService {
    var mountPath: String { "/echo" }
    var mountPaths: [String] { ["/echo", "/.well-known/echo", "/v1/things"] }
    var adminPaths: [String] { ["/v1/things"] }
    var didServices: [JSONValue] { [] }
    func handle(_ request: HolderRequest) async -> HolderResponse {
        .json(200, ["mount": .string(request.mount), "path": .string(request.path), "query": request.query.map { .string($0) } ?? .null])
    }
}

/// The gateway's side of holder-facing doors: mounts, the operators' token, the rate limit.
@Suite struct HolderDoorTests {
    func app(adminToken: String?, burst: Int = 1000, perMinute: Int = 6000) -> some ApplicationProtocol {
        var routes = GatewayRouter(
            store: BrokenStore(), webhookSecret: Secret("s"), maximumBodyBytes: 4096, metrics: GatewayMetrics(), didDocument: nil,
            logger: Logger(label: "test"), onEnqueued: {})
        routes.holderServices = [EchoDoor()]
        routes.adminToken = adminToken.map { Secret($0) }
        routes.limitRate(requestsPerMinute: perMinute, burst: burst, trustedProxies: [])
        return Application(router: routes.makeRouter())
    }

    @Test func everyMountPathReachesTheDoorWithItsSubpath() async throws {
        try await app(adminToken: nil).test(.router) { client in
            try await client.execute(uri: "/.well-known/echo", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONParser().parse(Array(response.body.readableBytesView))
                #expect(body["mount"]?.stringValue == "/.well-known/echo")
                #expect(body["path"]?.stringValue == "/")
            }
            try await client.execute(uri: "/echo/a/b?x=1", method: .post) { response in
                let body = try JSONParser().parse(Array(response.body.readableBytesView))
                #expect(body["path"]?.stringValue == "/a/b")
                #expect(body["query"]?.stringValue == "x=1")
            }
        }
    }

    @Test func adminPathsNeedTheOperatorsToken() async throws {
        try await app(adminToken: "operator-token-0123456789").test(.router) { client in
            try await client.execute(uri: "/v1/things/c1/offer", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/things/c1/offer", method: .get, headers: [.authorization: "Bearer wrong-token"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/things/c1/offer", method: .get, headers: [.authorization: "Bearer operator-token-0123456789"]
            ) { #expect($0.status == .ok) }
            // Public paths of the same door need nothing.
            try await client.execute(uri: "/echo/x", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func adminPathsAreOffWithoutAToken() async throws {
        try await app(adminToken: nil).test(.router) { client in
            try await client.execute(uri: "/v1/things/c1/offer", method: .get, headers: [.authorization: "Bearer anything"]) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func requestsBeyondTheBurstAreRefusedWithRetryAfter() async throws {
        // One request a minute after the burst: a slow machine cannot refill the bucket mid-test.
        try await app(adminToken: nil, burst: 3, perMinute: 1).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/echo/x", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/echo/x", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 50)
            }
        }
    }

    @Test func tokenBucketRefillsAtItsRate() {
        var bucket = TokenBucket(tokens: 2, updated: 0)
        var taken: [Bool] = []
        for now in [0, 0, 0.5, 1.6, 1000, 1000, 1000] {
            taken.append(bucket.take(now: now, burst: 2, perSecond: 1))
        }
        // Two at once, none half a second later, one back after a second, never more than the burst.
        #expect(taken == [true, true, false, true, true, true, false])
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() throws {
        let limiter = RateLimiter(requestsPerMinute: 60, burst: 1, trustedProxies: [try CIDR(parsing: "10.0.0.0/8")])
        #expect(limiter.client(peer: "203.0.113.9", forwardedFor: "198.51.100.1") == "203.0.113.9")
        #expect(limiter.client(peer: "10.1.2.3", forwardedFor: "198.51.100.1, 10.4.5.6") == "198.51.100.1")
        #expect(limiter.client(peer: "10.1.2.3", forwardedFor: "192.0.2.7, 198.51.100.1") == "198.51.100.1")
        #expect(limiter.admit(client: "a", now: 0) == nil)
        #expect(limiter.admit(client: "a", now: 0) == 1)
        #expect(limiter.admit(client: "b", now: 0) == nil)
    }
}
