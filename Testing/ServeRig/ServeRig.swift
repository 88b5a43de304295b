import Foundation
import ServeStandIns

/// Certifier and TSG wallet stand-ins on 127.0.0.1, and a `certbridge.yaml` in `directory` that
/// points a real gateway at them: the wiring the serve tests and `certbridge-demo` share.
///
/// The configuration references the secrets as `file:` and the key as `issuer.jwk`, so the same
/// file works for `certbridge serve`, `config check` and `deliveries` while the rig runs.
public final class ServeRig: Sendable {
    /// Holds the configuration, the secret files and the outbox.
    public let directory: URL
    /// The Certifier API stand-in.
    public let certifier: CertifierStandIn
    /// The TSG wallet stand-in.
    public let wallet: WalletStandIn
    /// The running Certifier stand-in.
    public let certifierServer: RunningServer
    /// The running wallet stand-in.
    public let walletServer: RunningServer
    /// `directory/certbridge.yaml`.
    public let configPath: String
    /// The webhook secret, for signing test webhooks.
    let webhookSecret: String

    /// Starts the stand-ins and writes the configuration.
    ///
    /// - Parameters:
    ///   - directory: must exist; the key must be at `issuer.jwk` in it before a gateway starts.
    ///   - wallet: a wallet stand-in whose account is `secrets.walletAccount`.
    ///   - store: the body of the `store:` section, e.g. `postgres: file:database.url`.
    ///   - maximumWebhookBytes: `max_webhook_bytes`.
    ///   - extra: further top-level sections (`public_url`, `status:`, `reconcile:`), appended as written.
    ///   - lease: `delivery.lease` (the kill -9 test sets a long one, so only the heartbeat brings jobs back quickly).
    public init(
        directory: URL, profiles: String, issuer: String, secrets: RigSecrets, wallet: WalletStandIn,
        store: String = ServeRig.defaultStore, maximumWebhookBytes: Int = 65_536, extra: String = "",
        lease: String = "2s"
    ) async throws {
        self.directory = directory
        self.wallet = wallet
        webhookSecret = secrets.webhookSecret
        certifier = CertifierStandIn(token: secrets.certifierToken)
        certifierServer = try await certifier.start()
        walletServer = try await wallet.start()
        try secrets.write(to: directory)
        let yaml = Self.configuration(
            certifier: certifierServer.baseURL, wallet: walletServer.baseURL, profiles: profiles, issuer: issuer,
            store: store, maximumWebhookBytes: maximumWebhookBytes, lease: lease) + extra
        configPath = directory.appendingPathComponent("certbridge.yaml").path
        guard FileManager.default.createFile(atPath: configPath, contents: Data(yaml.utf8)) else {
            throw RigError.cannotWrite(configPath)
        }
    }

    /// Stops the stand-ins; the directory is left as it is.
    public func stop() async {
        await certifierServer.stop()
        await walletServer.stop()
    }

    /// The SQLite outbox next to the configuration.
    public static let defaultStore = "sqlite: outbox.sqlite"

    /// The heartbeat of the rig's processes: short, so a killed one is noticed within a second.
    public static let heartbeat = Duration.milliseconds(100)
    /// Its owner timeout.
    public static let ownerTimeout = Duration.milliseconds(500)

    /// Short retry delays, polls and heartbeats, so a run takes seconds.
    static func configuration(
        certifier: String, wallet: String, profiles: String, issuer: String, store: String, maximumWebhookBytes: Int,
        lease: String
    ) -> String {
        """
        listen: 127.0.0.1:0
        max_webhook_bytes: \(maximumWebhookBytes)
        certifier:
          base_url: \(certifier)
          api_token: file:certifier.token
          webhook_secret: file:webhook.secret
        profiles: \(profiles)
        signing:
          key: issuer.jwk
          issuer: \(issuer)
        wallet:
          base_url: \(wallet)
          token_url: \(wallet)/oauth/token
          client_id: \(RigSecrets.walletClientId)
          username: \(RigSecrets.walletUsername)
          password: file:wallet.pw
          scope: wallet_manage_own_credentials
        store:
          \(store)
        retry:
          initial_delay: 50ms
          max_delay: 200ms
          max_attempts: 5
          max_retry_after: 2s
        delivery:
          concurrency: 2
          lease: \(lease)
          heartbeat: 100ms
          owner_timeout: 500ms
          poll_interval: 50ms

        """
    }
}
