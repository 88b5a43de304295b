import BenchmarkFixtures
import Foundation
import JSONCanonical
import LoadStandIns

/// The `certbridge serve` configuration of a load run, pointing at the stand-ins.
struct LoadConfiguration {
    /// Secrets, given to the server through the environment as the configuration requires.
    static let environment = [
        "BENCH_CERTIFIER_TOKEN": "bench-certifier-token",
        "BENCH_WEBHOOK_SECRET": "bench-webhook-secret",
        "BENCH_WALLET_PASSWORD": "bench-wallet-password",
    ]
    static let walletClient = "certbridge"
    static let walletUser = "bench"
    /// The issuer every load run signs as (the wallet-load stand-in reads its DID document from
    /// the server's `/.well-known/did.json`).
    static let issuer = "did:web:certbridge.example.org"

    /// The TSG wallet stand-in accepting the configuration's account, with hour-long tokens.
    static func makeWallet(onImport: (@Sendable (String, JSONValue) -> Void)? = nil) -> WalletStandIn {
        WalletStandIn(
            account: .init(clientId: walletClient, username: walletUser, password: environment["BENCH_WALLET_PASSWORD"] ?? ""),
            tokenLifetime: .seconds(3600), onImport: onImport)
    }

    /// Where the outbox lives.
    enum Store {
        /// A SQLite file (relative to the configuration's folder).
        case sqlite(String)
        /// PostgreSQL, its URL read from this environment variable.
        case postgres(variable: String)
    }

    var listenPort: Int
    var certifierPort: Int
    var walletPort: Int
    var concurrency: Int
    /// Overrides the profiles' suites: eddsa-jcs-2022 unless $BENCH_SUITE names another; `nil`
    /// keeps each profile's own `proof.cryptosuite`.
    var cryptosuite: String? = ProcessInfo.processInfo.environment["BENCH_SUITE"] ?? "eddsa-jcs-2022"
    /// The profiles folder.
    var profiles = Fixtures.repositoryRoot.appendingPathComponent("mappings").path
    var store = Store.sqlite("outbox.sqlite")
    /// `public_url` (needed for status lists).
    var publicURL: String?

    /// The YAML text; relative paths (key, store) are taken from the file's folder.
    var yaml: String {
        var text = """
            listen: 127.0.0.1:\(listenPort)
            certifier:
              base_url: http://127.0.0.1:\(certifierPort)
              api_token: ${BENCH_CERTIFIER_TOKEN}
              webhook_secret: ${BENCH_WEBHOOK_SECRET}
            profiles: \(profiles)
            signing:
              key: key.jwk
              issuer: \(Self.issuer)

            """
        if let cryptosuite { text += "  cryptosuite: \(cryptosuite)\n" }
        if let publicURL { text += "public_url: \(publicURL)\n" }
        text += """
            wallet:
              base_url: http://127.0.0.1:\(walletPort)
              token_url: http://127.0.0.1:\(walletPort)/oauth/token
              client_id: \(Self.walletClient)
              username: \(Self.walletUser)
              password: ${BENCH_WALLET_PASSWORD}
            store:

            """
        switch store {
        case .sqlite(let file): text += "  sqlite: \(file)\n"
        case .postgres(let variable): text += "  postgres: ${\(variable)}\n"
        }
        text += """
            delivery:
              concurrency: \(concurrency)
              poll_interval: 100ms

            """
        return text
    }
}
