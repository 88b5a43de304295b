/// A failed call to the Certifier API.
public enum CertifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Certifier answered with an error status and (usually) an error body `{"error":{"code","message"}}`.
    case api(status: Int, code: String?, message: String?, retryAfter: Duration?)
    /// The request did not complete (connection refused, timeout, TLS, …).
    case transport(String)
    /// The answer was 2xx but not the documented JSON.
    case malformedResponse(String)
    /// The configuration cannot produce a request (bad base URL, empty id).
    case invalidRequest(String)

    /// Whether trying again later may succeed: 429, 5xx and transport failures.
    public var isRetryable: Bool {
        switch self {
        case .api(let status, _, _, _): status == 429 || status >= 500
        case .transport: true
        case .malformedResponse, .invalidRequest: false
        }
    }

    /// Certifier says the credential does not exist (404): it was deleted.
    public var isNotFound: Bool {
        if case .api(404, _, _, _) = self { return true }
        return false
    }

    /// The delay Certifier asked for with `Retry-After`, if any.
    public var retryAfter: Duration? {
        if case .api(_, _, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    /// Text naming the HTTP status, Certifier's code and message (safe: Certifier messages hold no secrets).
    public var description: String {
        switch self {
        case .api(let status, let code, let message, _):
            var text = "Certifier answered HTTP \(status)"
            if let code { text += " \(code)" }
            if let message { text += ": \(message)" }
            return text
        case .transport(let why): return "Certifier unreachable: \(why)"
        case .malformedResponse(let why): return "Certifier sent an unexpected response: \(why)"
        case .invalidRequest(let why): return "cannot build the Certifier request: \(why)"
        }
    }
}
