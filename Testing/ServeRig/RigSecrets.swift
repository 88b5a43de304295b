import Foundation
import ServeStandIns

/// The secrets a rig's gateway and stand-ins share. They go into files of mode 0600 that the
/// configuration references with `file:`, never into the YAML, a log or a report.
public struct RigSecrets: Sendable {
    /// The Certifier API token the Certifier stand-in accepts.
    public var certifierToken: String
    /// The HMAC key of `X-Webhook-Signature`.
    public var webhookSecret: String
    /// The wallet user's password (OAuth2 password grant).
    public var walletPassword: String

    /// The OAuth2 client id the configuration names.
    public static let walletClientId = "certbridge"
    /// The wallet user the configuration names.
    public static let walletUsername = "importer"

    /// Fixed secrets, for tests that need to know them.
    public init(certifierToken: String, webhookSecret: String, walletPassword: String) {
        self.certifierToken = certifierToken
        self.webhookSecret = webhookSecret
        self.walletPassword = walletPassword
    }

    /// Fresh random secrets (128 bits each, hex).
    public static func random() -> RigSecrets {
        func token() -> String {
            (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        }
        return RigSecrets(certifierToken: token(), webhookSecret: token(), walletPassword: token())
    }

    /// The wallet stand-in's account for these secrets.
    public var walletAccount: WalletStandIn.Account {
        .init(clientId: Self.walletClientId, username: Self.walletUsername, password: walletPassword)
    }

    /// Writes each secret to `directory/<name>` with mode 0600, replacing what was there.
    func write(to directory: URL) throws {
        for (name, value) in [
            ("certifier.token", certifierToken), ("webhook.secret", webhookSecret), ("wallet.pw", walletPassword),
        ] {
            let path = directory.appendingPathComponent(name).path
            try? FileManager.default.removeItem(atPath: path)
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw RigError.cannotWrite(path) }
        }
    }
}
