import Foundation
import Hummingbird
import JSONCanonical
import NIOCore
import NIOConcurrencyHelpers

/// A small TSG wallet for tests: an OAuth2 password-grant token endpoint (`/oauth/token`) with
/// expiring tokens, and `POST /api/management/credentials/import` with the wallet's rules and
/// `{name,status,code,message,error}` error bodies. It counts successful imports per VC id.
public final class WalletStandIn: Sendable {
    /// Accepted password-grant parameters.
    public struct Account: Sendable {
        /// OAuth2 client id.
        public var clientId: String
        /// User name.
        public var username: String
        /// Password.
        public var password: String

        /// Creates an account.
        public init(clientId: String, username: String, password: String) {
            self.clientId = clientId
            self.username = username
            self.password = password
        }
    }

    /// What the wallet does with a VC id it already holds.
    public enum DuplicatePolicy: Sendable {
        /// Answer 409 Conflict (what the OpenAPI declares).
        case conflict
        /// Overwrite and answer 200 (what the source code does).
        case overwrite
    }

    private struct State {
        var tokens: [String: Date] = [:]
        var tokensIssued = 0
        var imports: [String: Int] = [:]
        var stored: [String: JSONValue] = [:]
        var importRequests = 0
        var importsReceived = 0
        var unauthorizedRequests = 0
        var failures: [ScriptedFailure] = []
    }

    private let account: Account
    private let tokenLifetime: Duration
    private let duplicates: DuplicatePolicy
    private let importDelay: Duration
    private let onImport: (@Sendable (_ id: String, _ vc: JSONValue) -> Void)?
    private let state = NIOLockedValueBox(State())

    /// Creates a wallet accepting `account`, issuing tokens valid for `tokenLifetime`.
    /// Each import takes `importDelay` (to keep deliveries in flight during shutdown tests).
    /// `onImport` sees every stored VC before the wallet answers 200 (load runs time and verify
    /// imports there); it runs outside the stand-in's lock.
    public init(
        account: Account, tokenLifetime: Duration = .seconds(300), duplicates: DuplicatePolicy = .conflict,
        importDelay: Duration = .zero, onImport: (@Sendable (_ id: String, _ vc: JSONValue) -> Void)? = nil
    ) {
        self.importDelay = importDelay
        self.onImport = onImport
        self.account = account
        self.tokenLifetime = tokenLifetime
        self.duplicates = duplicates
    }

    /// The next import requests (after authentication) fail like this, in order.
    public func failNext(_ failures: [ScriptedFailure]) {
        state.withLockedValue { $0.failures += failures }
    }

    /// Makes every issued token invalid now (as if the SSO bridge restarted).
    public func revokeAllTokens() {
        state.withLockedValue { $0.tokens.removeAll() }
    }

    /// Successful imports (200) per VC id.
    public var importCounts: [String: Int] { state.withLockedValue { $0.imports } }
    /// The stored VCs by id.
    public var stored: [String: JSONValue] { state.withLockedValue { $0.stored } }
    /// All import requests answered, including refused ones.
    public var importRequests: Int { state.withLockedValue { $0.importRequests } }
    /// Import requests answered, and those whose body has arrived, answered or not, read together:
    /// more received than answered means an import is in flight (the sender still holds its job).
    public var importProgress: (answered: Int, received: Int) {
        state.withLockedValue { ($0.importRequests, $0.importsReceived) }
    }
    /// Import requests refused with 401.
    public var unauthorizedRequests: Int { state.withLockedValue { $0.unauthorizedRequests } }
    /// Tokens issued by the token endpoint.
    public var tokensIssued: Int { state.withLockedValue { $0.tokensIssued } }

    /// Starts the stand-in on 127.0.0.1.
    public func start() async throws -> RunningServer {
        let router = Router()
        router.post("/oauth/token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            let form = parseForm(String(buffer: body))
            guard form["grant_type"] == "password" else {
                return .json(.badRequest, ["error": "unsupported_grant_type"])
            }
            guard form["client_id"] == self.account.clientId, form["username"] == self.account.username,
                form["password"] == self.account.password
            else {
                return .json(.unauthorized, ["error": "invalid_grant", "error_description": "Invalid user credentials"])
            }
            let token = "tok-\(UUID().uuidString)"
            let lifetime = Double(self.tokenLifetime.components.seconds)
                + Double(self.tokenLifetime.components.attoseconds) / 1e18
            self.state.withLockedValue { state in
                state.tokens[token] = Date().addingTimeInterval(lifetime)
                state.tokensIssued += 1
            }
            return .json(
                .ok, ["access_token": .string(token), "token_type": "Bearer", "expires_in": .number(lifetime)])
        }
        router.post("/api/management/credentials/import") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.state.withLockedValue { $0.importsReceived += 1 }
            if self.importDelay > .zero { try await Task.sleep(for: self.importDelay) }
            let (response, stored) = self.handleImport(authorization: request.headers[.authorization], body: Array(buffer: body))
            if let stored, let onImport = self.onImport { onImport(stored.id, stored.vc) }
            return response
        }
        return try await RunningServer.start(router: router, name: "wallet-stand-in")
    }

    /// The answer, and the VC when it was stored.
    private func handleImport(authorization: String?, body: [UInt8]) -> (Response, (id: String, vc: JSONValue)?) {
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        return state.withLockedValue { state -> (Response, (id: String, vc: JSONValue)?) in
            state.importRequests += 1
            guard let token, let expiry = state.tokens[token], expiry > Date() else {
                state.unauthorizedRequests += 1
                return (Self.error(401, "Unauthorized", "Unauthorized", "Invalid or expired token"), nil)
            }
            if !state.failures.isEmpty, case .status(let status, let retryAfter) = state.failures.removeFirst() {
                var headers: HTTPFields = [:]
                if let retryAfter { headers[.retryAfter] = String(retryAfter) }
                return (Self.error(status, status == 429 ? "TooManyRequests" : "ServiceUnavailable",
                    status == 429 ? "Too Many Requests" : "Service Unavailable", "Scripted failure", headers: headers), nil)
            }
            guard let vc = try? JSONValue(parsing: body) else {
                return (Self.error(400, "BadRequest", "Bad Request", "Body is not JSON"), nil)
            }
            if let problem = Self.validate(vc) {
                return (Self.error(400, "BadRequest", "Bad Request", problem), nil)
            }
            let id = vc["id"]?.stringValue ?? ""
            if state.stored[id] != nil, duplicates == .conflict {
                return (Self.error(409, "Conflict", "Conflict", "Credential with id \(id) already exists"), nil)
            }
            state.stored[id] = vc
            state.imports[id, default: 0] += 1
            let subject = vc["credentialSubject"]?["id"] ?? .null
            let answer = Response.json(
                .ok,
                [
                    "id": .string("rec-\(state.imports.count)-\(id.suffix(8))"), "targetDid": subject,
                    "credential": vc, "selfIssued": false, "revoked": false,
                ])
            return (answer, (id, vc))
        }
    }

    /// The import rules the wallet enforces (TSG-WALLET.md).
    static func validate(_ vc: JSONValue) -> String? {
        guard vc["@context"]?.arrayValue != nil else { return "@context must be an array of strings" }
        guard vc["type"]?.arrayValue != nil else { return "type must be an array of strings" }
        guard vc["issuer"]?.stringValue != nil else { return "issuer must be a string" }
        guard vc["credentialSubject"]?.objectValue != nil else { return "credentialSubject must be an object" }
        guard vc["proof"]?.arrayValue != nil else { return "proof must be an array" }
        guard let id = vc["id"]?.stringValue, id.hasPrefix("http") || (id.hasPrefix("did:") && id.contains("#"))
        else {
            return "Imported credentials must have an ID that starts with a DID appended with # or be a full URL"
        }
        return nil
    }

    private static func error(
        _ code: Int, _ name: String, _ error: String, _ message: String, headers: HTTPFields = [:]
    ) -> Response {
        .json(
            HTTPResponse.Status(code: code),
            [
                "name": .string(name), "status": .string("\(code) \(error)"), "code": .number(Double(code)),
                "message": .string(message), "error": .string(error),
            ], headers: headers)
    }
}
