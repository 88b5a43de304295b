import Composition
import AsyncHTTPClient
import Certifier
import Credentials
import Outbox
import Foundation
import Gateway
import JSONCanonical
import NIOCore
import ServeRig
import ServeStandIns
import TestSupport

/// A real `GatewayServer` on 127.0.0.1 with the real pipeline (the repository's mappings/ and a
/// fresh Ed25519 key), in front of Certifier and wallet stand-ins, configured through a YAML file
/// (the wiring is `ServeRig`'s, shared with certbridge-demo).
final class ServeHarness: Sendable {
    static let webhookSecret = "whsec-e2e-secret"
    static let secrets = RigSecrets(certifierToken: "certifier-api-token", webhookSecret: webhookSecret, walletPassword: "wallet-pw")
    let rig: ServeRig

    var directory: URL { rig.directory }
    var certifier: CertifierStandIn { rig.certifier }
    var wallet: WalletStandIn { rig.wallet }
    var configPath: String { rig.configPath }

    /// `store` is the body of the `store:` section (`sqlite: outbox.sqlite` or `postgres: …`);
    /// `profiles` replaces the repository's mappings/; `extra` adds top-level sections; `lease` is `delivery.lease`.
    init(
        wallet: WalletStandIn = WalletStandIn(account: ServeHarness.secrets.walletAccount),
        store: String = ServeRig.defaultStore, profiles: String? = nil, extra: String = "", lease: String = "2s"
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SigningKey.generate(.ed25519).save(to: directory.appendingPathComponent("issuer.jwk").path)
        rig = try await ServeRig(
            directory: directory, profiles: profiles ?? SharedVectors.repositoryFile("mappings").path,
            issuer: "did:web:certbridge.example.org", secrets: Self.secrets, wallet: wallet, store: store,
            maximumWebhookBytes: 2048, extra: extra, lease: lease)
    }

    /// Starts a gateway over the harness's configuration (and so over its outbox file).
    func startGateway() async throws -> RunningGateway {
        try await rig.startGateway()
    }

    func stop() async {
        await rig.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The VC id the TSG profile gives a Certifier credential, read from the wallet's store.
    func storedVC(forSource sourceId: String, in gateway: RunningGateway) async throws -> JSONValue? {
        let jobs = try await gateway.server.store.jobs(state: .delivered, limit: 1000)
        guard let vcId = jobs.first(where: { $0.sourceId == sourceId })?.vcId else { return nil }
        return wallet.stored[vcId]
    }
}

/// A Certifier credential the shipped `course-certificate-tsg` profile converts.
func tsgCredential(_ id: String, did: String? = "did:web:wallet.example.org:users:jose", status: String = "issued") -> JSONValue {
    var custom: JSONObject = ["custom.course": "Data Spaces 101"]
    if let did { custom["custom.did"] = .string(did) }
    return [
        "id": .string(id), "publicId": "7f3e9d2c-5b1a-4e8f-a6c4-3d2b1a0f9e8d", "groupId": "01g90279gp5sbmfek7wymcsvdd",
        "status": .string(status),
        "recipient": ["id": "01jmerc7l3y0e4w8r9x5o6u7zb", "name": "José Ñúñez", "email": "jose.nunez@example.es"],
        "issueDate": "2024-11-05", "attributes": ["recipient.name": "José Ñúñez"], "customAttributes": .object(custom),
        "tags": ["pilot"], "createdAt": "2024-11-05T10:00:00.000Z",
    ]
}
