import AsyncHTTPClient
import Destination
import Mapping

/// The TSG wallet's name in profiles and the configuration.
public enum TSGWalletKind {
    /// `tsg-wallet`.
    public static let name = ProfileTarget.tsgWallet.rawValue
}

extension DestinationKind {
    /// The TSG wallet's credential import (OAuth2 password grant): takes profiles with
    /// `target: tsg-wallet`, in its import form (``TSGImportForm``); configured by `wallet:`.
    public static let tsgWallet = DestinationKind(
        name: TSGWalletKind.name, targets: [.tsgWallet], form: TSGImportForm(),
        summary: "the TSG wallet's credential import endpoint (OAuth2 password grant)",
        settingKeys: ["base_url", "token_url", "client_id", "client_secret", "username", "password", "scope"],
        readSettings: TSGWalletSettings.read)
}

/// The `wallet:` section: where the wallet is and how the gateway gets its token.
public struct TSGWalletSettings: DestinationSettings {
    /// The wallet's base URL (the import path is appended).
    public var baseURL: String
    /// The OAuth2 password-grant credentials.
    public var token: WalletTokenProvider.Credentials

    /// Creates settings.
    public init(baseURL: String, token: WalletTokenProvider.Credentials) {
        self.baseURL = baseURL
        self.token = token
    }

    /// `tsg-wallet`.
    public var kind: DestinationKind { .tsgWallet }

    /// The base URL and the importing user.
    public var label: String { "\(baseURL) as \(token.username)" }

    /// The import client with its token provider.
    public func makeDestination(context: DestinationContext) -> any Destination {
        let http = context.http
        return TSGWalletClient(http: http, baseURL: baseURL, tokens: WalletTokenProvider(http: http, credentials: token))
    }

    /// Reads the section; every missing or malformed key is a problem at its line.
    @Sendable static func read(_ reader: any DestinationSettingsReader) -> (any DestinationSettings)? {
        let baseURL = reader.url("base_url")
        let tokenURL = reader.url("token_url")
        let clientId = reader.string("client_id")
        let clientSecret = reader.secret("client_secret", required: false)
        let username = reader.string("username")
        let password = reader.secret("password", required: true)
        let scope = reader.optionalString("scope")
        guard let baseURL, let tokenURL, let clientId, let username, let password else { return nil }
        return TSGWalletSettings(
            baseURL: baseURL,
            token: .init(
                tokenURL: tokenURL, clientId: clientId, clientSecret: clientSecret, username: username, password: password,
                scope: scope))
    }
}
