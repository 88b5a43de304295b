import AsyncHTTPClient
import Destination
import TSGWallet
import Outbox
import Foundation
import JSONCanonical
import ServeRig
import ServeStandIns
import Testing
import Secrets


@Suite("TSG wallet client")
struct WalletClientTests {
    @Test("200 keeps the record id, a repeat is 409 → already present; tokens are cached")
    func importAndConflict() async throws {
        let wallet = WalletStandIn(account: walletAccount)
        let server = try await wallet.start()
        let client = TSGWalletClient(http: .shared, baseURL: server.baseURL, tokens: tokenProvider(server))
        let first = await client.deliver(walletVC("https://certbridge.example.org/credentials/1"), profile: "p")
        guard case .delivered(let recordId) = first else {
            Issue.record("expected imported, got \(first)")
            return
        }
        #expect(recordId?.hasPrefix("rec-") == true)
        #expect(await client.deliver(walletVC("https://certbridge.example.org/credentials/1"), profile: "p") == .alreadyPresent)
        #expect(wallet.importCounts == ["https://certbridge.example.org/credentials/1": 1])
        #expect(wallet.tokensIssued == 1)
        await server.stop()
    }

    @Test("429 with Retry-After and 503 are retryable; other 4xx carry the wallet's reason")
    func errorClassification() async throws {
        let wallet = WalletStandIn(account: walletAccount)
        let server = try await wallet.start()
        let client = TSGWalletClient(http: .shared, baseURL: server.baseURL, tokens: tokenProvider(server))
        wallet.failNext([.status(429, retryAfter: 3), .status(503, retryAfter: nil)])
        #expect(
            await client.deliver(walletVC("https://x/1"), profile: "p")
                == .retryable(reason: "HTTP 429 TooManyRequests: Scripted failure", retryAfter: .seconds(3)))
        #expect(
            await client.deliver(walletVC("https://x/1"), profile: "p")
                == .retryable(reason: "HTTP 503 ServiceUnavailable: Scripted failure", retryAfter: nil))
        var bad = walletVC("urn:uuid:1")
        bad = .object({ var o = bad.objectValue ?? [:]; o["id"] = "urn:uuid:1"; return o }())
        let rejected = await client.deliver(bad, profile: "p")
        #expect(
            rejected
                == .rejected(
                    reason: "HTTP 400 BadRequest: Imported credentials must have an ID that starts with a DID appended with # or be a full URL"))
        #expect(wallet.importCounts.isEmpty)
        await server.stop()
    }

    @Test("a token the wallet refuses is dropped and the import retried once with a fresh one")
    func refreshOn401() async throws {
        let wallet = WalletStandIn(account: walletAccount)
        let server = try await wallet.start()
        let client = TSGWalletClient(http: .shared, baseURL: server.baseURL, tokens: tokenProvider(server))
        guard case .delivered = await client.deliver(walletVC("https://x/a"), profile: "p") else {
            Issue.record("first import failed")
            return
        }
        wallet.revokeAllTokens()
        guard case .delivered = await client.deliver(walletVC("https://x/b"), profile: "p") else {
            Issue.record("import after revocation failed")
            return
        }
        #expect(wallet.tokensIssued == 2)
        #expect(wallet.unauthorizedRequests == 1)
        await server.stop()
    }

    @Test("a short-lived token is refreshed before it expires, without a 401")
    func refreshBeforeExpiry() async throws {
        // The client refreshes a fifth of the lifetime early: with 6 s tokens, from 4.8 s on.
        // Requests at token ages of about 0, 2.5 and 5 s: the last one must use a new token.
        // A request can be slowed by 2.3 s (a loaded machine) before this would see a 401.
        let wallet = WalletStandIn(account: walletAccount, tokenLifetime: .seconds(6))
        let server = try await wallet.start()
        let client = TSGWalletClient(http: .shared, baseURL: server.baseURL, tokens: tokenProvider(server))
        for index in 0..<3 {
            if index > 0 { try await Task.sleep(for: .milliseconds(2_500)) }
            guard case .delivered = await client.deliver(walletVC("https://x/\(index)"), profile: "p") else {
                Issue.record("import \(index) failed")
                return
            }
        }
        #expect(wallet.unauthorizedRequests == 0)
        #expect(wallet.tokensIssued >= 2)
        await server.stop()
    }

    @Test("a wrong password keeps the VC queued (retryable) and never appears in the reason")
    func wrongPassword() async throws {
        let wallet = WalletStandIn(account: walletAccount)
        let server = try await wallet.start()
        let client = TSGWalletClient(
            http: .shared, baseURL: server.baseURL, tokens: tokenProvider(server, password: "wrong-password-123"))
        let outcome = await client.deliver(walletVC("https://x/1"), profile: "p")
        #expect(
            outcome
                == .retryable(
                    reason: "wallet token endpoint answered HTTP 401: invalid_grant: Invalid user credentials",
                    retryAfter: nil))
        #expect(wallet.importRequests == 0)
        await server.stop()
    }
}
