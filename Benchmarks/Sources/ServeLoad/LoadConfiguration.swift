import BenchmarkFixtures
import Foundation
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

    /// The TSG wallet stand-in accepting the configuration's account, with hour-long tokens.
    static func makeWallet() -> WalletStandIn {
        WalletStandIn(
            account: .init(clientId: walletClient, username: walletUser, password: environment["BENCH_WALLET_PASSWORD"] ?? ""),
            tokenLifetime: .seconds(3600))
    }

    var listenPort: Int
    var certifierPort: Int
    var walletPort: Int
    var concurrency: Int
    /// Overrides the profiles' suites: eddsa-jcs-2022 unless $BENCH_SUITE names another.
    var cryptosuite = ProcessInfo.processInfo.environment["BENCH_SUITE"] ?? "eddsa-jcs-2022"

    /// The YAML text; relative paths (key, store) are taken from the file's folder.
    var yaml: String {
        """
        listen: 127.0.0.1:\(listenPort)
        certifier:
          base_url: http://127.0.0.1:\(certifierPort)
          api_token: ${BENCH_CERTIFIER_TOKEN}
          webhook_secret: ${BENCH_WEBHOOK_SECRET}
        profiles: \(Fixtures.repositoryRoot.appendingPathComponent("mappings").path)
        signing:
          key: key.jwk
          issuer: did:web:certbridge.example.org
          cryptosuite: \(cryptosuite)
        wallet:
          base_url: http://127.0.0.1:\(walletPort)
          token_url: http://127.0.0.1:\(walletPort)/oauth/token
          client_id: \(Self.walletClient)
          username: \(Self.walletUser)
          password: ${BENCH_WALLET_PASSWORD}
        store:
          sqlite: outbox.sqlite
        delivery:
          concurrency: \(concurrency)
          poll_interval: 100ms

        """
    }
}
