/// A failure to obtain a wallet access token.
public enum WalletTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The token endpoint refused (wrong client, user, password or scope) or failed.
    case refused(status: Int, reason: String)
    /// The token endpoint could not be reached.
    case transport(String)
    /// The token endpoint answered 2xx without a usable `access_token`.
    case malformedResponse(String)

    /// Text naming the status and the server's reason; never the password or a token.
    public var description: String {
        switch self {
        case .refused(let status, let reason): "wallet token endpoint answered HTTP \(status): \(reason)"
        case .transport(let why): "wallet token endpoint unreachable: \(why)"
        case .malformedResponse(let why): "wallet token endpoint sent an unexpected response: \(why)"
        }
    }
}
