import AsyncHTTPClient
import Outbox
import Foundation
import JSONCanonical
import NIOCore
import Secrets

/// OAuth2 password-grant access tokens for the wallet: fetched once, shared, refreshed shortly
/// before they expire, and dropped when the wallet answers 401.
public actor WalletTokenProvider {
    /// The password-grant request parameters.
    public struct Credentials: Sendable {
        /// Token endpoint (e.g. the SSO Bridge's `/oauth/token`).
        public var tokenURL: String
        /// OAuth2 client id.
        public var clientId: String
        /// OAuth2 client secret, when the client is confidential.
        public var clientSecret: Secret?
        /// Resource owner user name.
        public var username: String
        /// Resource owner password.
        public var password: Secret
        /// Requested scope, space separated.
        public var scope: String?

        /// Creates the parameters.
        public init(
            tokenURL: String, clientId: String, clientSecret: Secret? = nil, username: String, password: Secret,
            scope: String? = nil
        ) {
            self.tokenURL = tokenURL
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.username = username
            self.password = password
            self.scope = scope
        }
    }

    private struct Grant {
        var token: Secret
        var refreshAt: Date
    }

    private let http: HTTPClient
    private let credentials: Credentials
    private let refreshMargin: Duration
    private let now: @Sendable () -> Date
    private var grant: Grant?
    private var pending: Task<Grant, any Error>?
    /// How many tokens were fetched (for metrics and tests).
    public private(set) var fetchCount = 0

    /// Creates a provider; a token is refreshed `refreshMargin` (at most a fifth of its lifetime) before expiry.
    public init(
        http: HTTPClient, credentials: Credentials, refreshMargin: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.http = http
        self.credentials = credentials
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// A valid access token, from the cache when it is not about to expire.
    public func accessToken() async throws(WalletTokenError) -> Secret {
        if let grant, grant.refreshAt > now() { return grant.token }
        // Concurrent callers share one request instead of stampeding the token endpoint.
        let task: Task<Grant, any Error>
        if let pending {
            task = pending
        } else {
            task = Task { try await self.requestGrant() }
            pending = task
        }
        do {
            let fresh = try await task.value
            if pending == task { pending = nil }
            grant = fresh
            return fresh.token
        } catch {
            if pending == task { pending = nil }
            throw (error as? WalletTokenError) ?? .transport(String(describing: error))
        }
    }

    /// Forgets `token` after the wallet refused it, so the next call fetches a new one.
    public func invalidate(_ token: Secret) {
        if grant?.token == token { grant = nil }
    }

    private func requestGrant() async throws(WalletTokenError) -> Grant {
        fetchCount += 1
        var form = [
            ("grant_type", "password"), ("client_id", credentials.clientId), ("username", credentials.username),
            ("password", credentials.password.value),
        ]
        if let secret = credentials.clientSecret { form.append(("client_secret", secret.value)) }
        if let scope = credentials.scope { form.append(("scope", scope)) }
        var request = HTTPClientRequest(url: credentials.tokenURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: Self.formEncode(form)))
        let started = now()
        let status: Int
        let bytes: [UInt8]
        do {
            let response = try await http.execute(request, timeout: .seconds(30))
            status = Int(response.status.code)
            bytes = Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        } catch {
            throw .transport(String(describing: error))
        }
        let body = try? JSONValue(parsing: bytes)
        guard (200..<300).contains(status) else {
            // OAuth2 error bodies carry `error` and `error_description`, never the password.
            let reason = [body?["error"]?.stringValue, body?["error_description"]?.stringValue]
                .compactMap { $0 }.joined(separator: ": ")
            throw .refused(status: status, reason: reason.isEmpty ? "no error description" : reason)
        }
        guard let token = body?["access_token"]?.stringValue, !token.isEmpty else {
            throw .malformedResponse("no access_token in the token response")
        }
        let lifetime = body?["expires_in"]?.numberValue ?? 300
        let margin = min(refreshMargin.seconds, lifetime / 5)
        return Grant(token: Secret(token), refreshAt: started.addingTimeInterval(lifetime - margin))
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { key, value in
            let encodedKey = key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
            let encodedValue = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            return "\(encodedKey)=\(encodedValue)"
        }.joined(separator: "&")
    }
}
